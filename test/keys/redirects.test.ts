import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createVerifier, isBearerGuardError, type KeyEvent } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

describe('key fetches follow redirects only to https (or loopback http)', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());

  /** The real local JWKS, answered as if fetch had followed a redirect to `finalUrl`. */
  function redirectedTo(finalUrl: string): typeof fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: finalUrl });
      return response;
    };
  }

  function verifierWith(fetchImpl: typeof fetch, events: KeyEvent[]) {
    return createVerifier({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      clock: clock.now,
      fetch: fetchImpl,
      tokenCache: false,
      onKeyEvent: (event) => events.push(event),
    });
  }

  it('refuses keys that arrived over a redirect to plain http on another host: 503, reason logged', async () => {
    const events: KeyEvent[] = [];
    const verifier = verifierWith(redirectedTo('http://keys.example.com/jwks.json'), events);
    await assert.rejects(verifier.verify(await issuer.token()), (error: unknown) => {
      assert.ok(isBearerGuardError(error));
      assert.equal(error.status, 503);
      assert.equal(error.code, 'jwks_unavailable');
      return true;
    });
    const failed = events.find((e) => e.type === 'keys_fetch_failed');
    assert.match(String(failed && 'reason' in failed ? failed.reason : ''), /non-https/);
  });

  it('accepts keys that arrived over a redirect to https', async () => {
    const verifier = verifierWith(redirectedTo('https://keys.example.com/jwks.json'), []);
    const auth = await verifier.verify(await issuer.token());
    assert.equal(auth.issuer, issuer.issuer);
  });
});
