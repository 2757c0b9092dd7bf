import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertUnavailable, failureOf, minute, second, defaultOptions, startKeysHarness, type KeysHarness } from './fixture.js';

// Timeouts run on real time. The bounds below are generous on purpose: the point is "well before
// the IdP would answer", not a precise figure, and the machine may be slow and busy.
const generousLimitMs = 5_000;

describe('Keys: fetches are abandoned after the timeout', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('answers 503 within the timeout when the JWKS endpoint hangs', async () => {
    const { issuer, verifier, eventsOf } = h.scenario({ keys: { timeout: '300ms' } });
    issuer.fail('jwks', 'hang');
    const token = await issuer.token();
    const started = Date.now();
    const error = await failureOf(verifier.verify(token));
    const elapsed = Date.now() - started;
    assertUnavailable(error, 'jwks_unavailable');
    assert.ok(elapsed < generousLimitMs, `took ${elapsed} ms`);
    assert.match(error.description, /no answer within 300 ms/);
    assert.equal(eventsOf('keys_fetch_failed')[0]?.reason, 'no answer within 300 ms');
  });

  it('answers 503 within the timeout when discovery hangs', async () => {
    const { issuer, verifier } = h.scenario({ discovery: true, keys: { timeout: '300ms' } });
    issuer.fail('discovery', 'hang');
    const started = Date.now();
    const error = await failureOf(verifier.verify(await issuer.token()));
    assert.ok(Date.now() - started < generousLimitMs);
    assertUnavailable(error, 'discovery_failed');
    assert.match(error.description, /no answer within 300 ms/);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('makes concurrent requests share the one hanging fetch and all get 503', async () => {
    const { issuer, verifier } = h.scenario({ keys: { timeout: '300ms' } });
    issuer.fail('jwks', 'hang');
    const token = await issuer.token();
    const started = Date.now();
    const errors = await Promise.all(Array.from({ length: 50 }, () => failureOf(verifier.verify(token))));
    assert.ok(Date.now() - started < generousLimitMs);
    for (const error of errors) assertUnavailable(error, 'jwks_unavailable');
    assert.equal(issuer.hits.jwks, 1);
  });

  it('serves stale keys when a refresh hangs', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { timeout: '300ms' } });
    await verifier.verify(await issuer.token());
    clock.advance(5 * minute);
    issuer.fail('jwks', 'hang');
    const started = Date.now();
    await verifier.verify(await issuer.token());
    assert.ok(Date.now() - started < generousLimitMs);
  });

  it('backs off after a timeout and then fetches normally again', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { timeout: '300ms' } });
    issuer.fail('jwks', 'hang');
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token))), 10);
    issuer.restore();
    clock.advance(10 * second);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('defaults to a 5 second timeout', () => {
    const options = defaultOptions(h);
    assert.equal(options.keys.timeoutMs, 5 * second);
  });

  it('refuses a timeout of zero when the verifier is created', () => {
    assert.throws(() => h.scenario({ keys: { timeout: 0 } }), /keys\.timeout must be more than 0/);
  });
});
