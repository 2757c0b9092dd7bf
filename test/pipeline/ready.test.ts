import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createVerifier, isBearerGuardError, type BearerGuardOptions, type KeyEvent } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

// Timeouts run on real time: the bound is "well before the IdP would answer", not a precise figure.
const generousLimitMs = 5_000;

describe('verifier.ready(): discovery and keys before the first request', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());
  beforeEach(() => {
    issuer.restore();
    issuer.resetHits();
  });

  function verifierWith(options: Partial<BearerGuardOptions> = {}, events: KeyEvent[] = []) {
    return createVerifier({
      issuers: [issuer.issuer],
      audience: issuer.audience,
      clock: clock.now,
      tokenCache: false,
      onKeyEvent: (event) => events.push(event),
      ...options,
    });
  }

  it('fetches discovery and keys once, after which the first requests ask the IdP nothing', async () => {
    const events: KeyEvent[] = [];
    const verifier = verifierWith({ algorithms: ['RS256', 'ES256'] }, events);
    const report = await verifier.ready();
    assert.equal(report.ready, true);
    assert.equal(report.issuers.length, 1);
    const [only] = report.issuers;
    assert.equal(only?.issuer, issuer.issuer);
    assert.equal(only?.status, 'ready');
    assert.ok(only?.status === 'ready' && only.keyCount >= 2, 'the RS256 and ES256 keys were counted');
    assert.deepEqual(
      events.map((e) => e.type),
      ['discovery_completed', 'keys_fetched'],
    );
    const hits = { ...issuer.hits };
    assert.deepEqual([hits.discovery, hits.jwks], [1, 1]);

    for (const alg of ['RS256', 'ES256'] as const) {
      const auth = await verifier.verify(await issuer.token({ alg }));
      assert.equal(auth.issuer, issuer.issuer);
    }
    assert.deepEqual({ ...issuer.hits }, hits, 'no request went to the IdP after ready()');
  });

  it('answers a second call from the keys at hand', async () => {
    const verifier = verifierWith();
    await verifier.ready();
    const report = await verifier.ready();
    assert.equal(report.ready, true);
    assert.equal(issuer.hits.jwks, 1);
  });

  it('reports an IdP that refuses, emits the usual event, and leaves requests as a failed first request would', async () => {
    issuer.fail('jwks', { status: 503, headers: { 'retry-after': '30' } });
    const events: KeyEvent[] = [];
    const verifier = verifierWith({}, events);
    const report = await verifier.ready();
    assert.equal(report.ready, false);
    const [only] = report.issuers;
    assert.ok(only?.status === 'unavailable', `status ${only?.status}`);
    assert.equal(only.code, 'idp_rate_limited');
    assert.equal(only.retryAfterSeconds, 30);
    assert.match(only.reason, /HTTP 503/);
    assert.equal(events.filter((e) => e.type === 'keys_fetch_failed').length, 1);

    // Within the IdP's Retry-After: a 503 without another fetch, as after a failed first request.
    issuer.restore();
    const jwksHits = issuer.hits.jwks;
    await assert.rejects(verifier.verify(await issuer.token()), (error: unknown) => isBearerGuardError(error) && error.status === 503);
    assert.equal(issuer.hits.jwks, jwksHits);
    // After it: the keys are fetched and the token accepted.
    clock.advance(31_000);
    assert.equal((await verifier.verify(await issuer.token())).issuer, issuer.issuer);
  });

  it('answers within the key timeout when the IdP hangs', async () => {
    issuer.fail('discovery', 'hang');
    const verifier = verifierWith({ keys: { timeout: '300ms' } });
    const started = Date.now();
    const report = await verifier.ready();
    assert.ok(Date.now() - started < generousLimitMs, `took ${Date.now() - started} ms`);
    assert.equal(report.ready, false);
    assert.equal(report.issuers[0]?.status, 'pending');
    assert.match(report.issuers[0]?.status === 'pending' ? report.issuers[0].reason : '', /no answer within 300 ms/);
  });

  it('answers at once, with nothing to report, when every issuer verifies with a secret', async () => {
    const verifier = createVerifier({
      issuers: [{ issuer: 'https://hs.example.test', secret: Buffer.alloc(32, 1), algorithms: ['HS256'] }],
      audience: issuer.audience,
    });
    const report = await verifier.ready();
    assert.deepEqual(report, { ready: true, issuers: [] });
  });

  it('reports every issuer, each on its own', async () => {
    const down = await createTestIssuer({ clock });
    try {
      down.fail('jwks', 'reset');
      const verifier = createVerifier({
        issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }, { issuer: down.issuer, jwksUri: down.jwksUri }],
        audience: issuer.audience,
        clock: clock.now,
      });
      const report = await verifier.ready();
      assert.equal(report.ready, false);
      assert.deepEqual(
        report.issuers.map((r) => [r.issuer, r.status]),
        [
          [issuer.issuer, 'ready'],
          [down.issuer, 'unavailable'],
        ],
      );
      assert.equal(issuer.hits.discovery, 0);
    } finally {
      await down.close();
    }
  });
});
