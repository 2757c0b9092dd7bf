import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertUnavailable, failureOf, hour, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: known keys keep serving while refreshes fail (stale-if-error)', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('verifies with the last good keys when the refresh fails, and reports it once', async () => {
    const { issuer, verifier, clock, eventsOf } = h.scenario();
    await verifier.verify(await issuer.token());
    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 500 });
    const result = await verifier.verify(await issuer.token());
    assert.equal(result.issuer, issuer.issuer);
    clock.advance(11 * second);
    await verifier.verify(await issuer.token());
    assert.equal(issuer.hits.jwks, 3);
    assert.equal(eventsOf('keys_fetch_failed').length, 2);
    assert.deepEqual(eventsOf('stale_keys_served'), [{ type: 'stale_keys_served', issuer: issuer.issuer, staleForSeconds: 0 }]);
  });

  it('tries the IdP at most once per error backoff while serving stale keys', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const token = await issuer.token({ expiresIn: '2h' });
    await verifier.verify(token);
    clock.advance(5 * minute);
    issuer.fail('jwks', 'reset');
    for (let i = 0; i < 100; i++) {
      await verifier.verify(token);
      clock.advance(100); // ten seconds in all
    }
    assert.equal(issuer.hits.jwks, 2);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 3);
  });

  it('serves stale keys up to maxStale past their lifetime, then answers 503', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { maxStale: '1h' } });
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 500 });
    clock.advance(5 * minute + hour - 1); // lifetime 300 s, then a whole hour of staleness less 1 ms
    await verifier.verify(await issuer.token());
    clock.advance(1);
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'jwks_unavailable');
  });

  it('serves stale keys for 12 hours by default', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 503 });
    clock.advance(5 * minute + 12 * hour - second);
    await verifier.verify(await issuer.token());
    clock.advance(second);
    assertUnavailable(await failureOf(verifier.verify(await issuer.token())), 'idp_rate_limited');
  });

  it('serves stale keys while the IdP rate-limits, without fetching before the reset', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const token = await issuer.token({ expiresIn: '2h' });
    await verifier.verify(token);
    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': '600' } });
    await verifier.verify(token);
    clock.advance(599 * second);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('serves stale keys when the JWKS turns into garbage', async () => {
    const { issuer, verifier, clock, eventsOf } = h.scenario();
    await verifier.verify(await issuer.token());
    clock.advance(5 * minute);
    issuer.fail('jwks', { json: { keys: [] } });
    await verifier.verify(await issuer.token());
    assert.match(eventsOf('keys_fetch_failed')[0]?.reason ?? '', /no keys/);
  });

  it('goes back to fresh keys once the IdP recovers, and reports the next outage again', async () => {
    const { issuer, verifier, options, clock, eventsOf } = h.scenario();
    await verifier.verify(await issuer.token());
    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 500 });
    await verifier.verify(await issuer.token());
    issuer.restore();
    clock.advance(10 * second);
    await verifier.verify(await issuer.token());
    assert.equal(issuer.hits.jwks, 3);
    assert.equal(options.keys.maxStaleMs, 12 * hour);
    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 500 });
    await verifier.verify(await issuer.token());
    assert.equal(eventsOf('stale_keys_served').length, 2);
    assert.deepEqual(
      eventsOf('keys_fetched').map((e) => e.reason),
      ['cold', 'expired'],
    );
  });

  it('has nothing stale to serve on a cold cache: 503', async () => {
    const { issuer, verifier } = h.scenario();
    issuer.fail('jwks', { status: 500 });
    assertUnavailable(await failureOf(verifier.verify(await issuer.token())), 'jwks_unavailable');
  });
});
