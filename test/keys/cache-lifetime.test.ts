import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KeyOptions } from '../../src/core/index.js';
import { hour, minute, second, defaultOptions, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: the cache lifetime comes from Cache-Control, within bounds', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  /**
   * Serves the JWKS with `headers`, verifies once, and checks both the reported lifetime and the
   * moment of the next fetch: none a millisecond before it, one exactly at it.
   */
  async function expectLifetime(headers: Record<string, string>, expectedMs: number, keys: KeyOptions = {}) {
    const { issuer, verifier, clock, eventsOf } = h.scenario({ keys });
    issuer.fail('jwks', { json: issuer.publicJwks(), headers });
    const token = await issuer.token({ expiresIn: '72h' });
    await verifier.verify(token);
    const [fetched] = eventsOf('keys_fetched');
    assert.equal(fetched?.ttlSeconds, expectedMs / 1000);
    clock.advance(expectedMs - 1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 1, 'no fetch before the lifetime ends');
    clock.advance(1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2, 'one fetch when the lifetime ends');
    assert.equal(eventsOf('keys_fetched')[1]?.reason, 'expired');
  }

  it("clamps Okta's max-age=3832304, must-revalidate (about 44 days) to the 24 h maximum", async () => {
    await expectLifetime({ 'cache-control': 'max-age=3832304, must-revalidate' }, 24 * hour);
  });

  it('clamps max-age=999999 to the 24 h maximum', async () => {
    await expectLifetime({ 'cache-control': 'public, max-age=999999' }, 24 * hour);
  });

  it('uses max-age=300 as given', async () => {
    await expectLifetime({ 'cache-control': 'max-age=300' }, 300 * second);
  });

  it('raises max-age=5 to the 1 minute minimum', async () => {
    await expectLifetime({ 'cache-control': 'max-age=5' }, minute);
  });

  it('raises max-age=0 to the minimum', async () => {
    await expectLifetime({ 'cache-control': 'max-age=0' }, minute);
  });

  it('uses the minimum for no-store, so the IdP is not hammered', async () => {
    await expectLifetime({ 'cache-control': 'no-store' }, minute);
  });

  it('uses the minimum for no-cache', async () => {
    await expectLifetime({ 'cache-control': 'no-cache, max-age=3600' }, minute);
  });

  it('uses the documented 10 minute default when there is no Cache-Control header', async () => {
    await expectLifetime({}, 10 * minute);
  });

  it('uses the default when Cache-Control has no max-age', async () => {
    await expectLifetime({ 'cache-control': 'public' }, 10 * minute);
  });

  it('subtracts the Age header from max-age (RFC 9111 §4.2.3)', async () => {
    await expectLifetime({ 'cache-control': 'max-age=600', age: '100' }, 500 * second);
  });

  it('honours configured bounds and default', async () => {
    const keys = { minCacheTtl: '5m', maxCacheTtl: '1h', defaultCacheTtl: '20m' };
    await expectLifetime({ 'cache-control': 'max-age=30' }, 5 * minute, keys);
    await expectLifetime({ 'cache-control': 'max-age=3832304' }, hour, keys);
    await expectLifetime({}, 20 * minute, keys);
  });

  it('takes the lifetime of every fetch from that response', async () => {
    const { issuer, verifier, clock, eventsOf } = h.scenario();
    const token = await issuer.token({ expiresIn: '72h' });
    issuer.fail('jwks', { json: issuer.publicJwks(), headers: { 'cache-control': 'max-age=120' } });
    await verifier.verify(token);
    issuer.fail('jwks', { json: issuer.publicJwks(), headers: { 'cache-control': 'max-age=7200' } });
    clock.advance(2 * minute);
    await verifier.verify(token);
    clock.advance(2 * hour - 1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
    assert.deepEqual(
      eventsOf('keys_fetched').map((e) => e.ttlSeconds),
      [120, 7200],
    );
  });

  it('rejects bounds that contradict each other when the verifier is created', async () => {
    assert.throws(() => h.scenario({ keys: { minCacheTtl: '2h', maxCacheTtl: '1h' } }), /minCacheTtl must not exceed keys\.maxCacheTtl/);
  });

  it('has the documented defaults', () => {
    const options = defaultOptions(h);
    const { cache, ...policy } = options.keys;
    assert.equal(typeof cache.get, 'function');
    assert.deepEqual(policy, {
      timeoutMs: 5 * second,
      minTtlMs: minute,
      maxTtlMs: 24 * hour,
      defaultTtlMs: 10 * minute,
      unknownKidRefreshIntervalMs: 4 * second,
      unknownKidRefreshBurst: 2,
      absentKidMemoryMs: 30 * second,
      maxStaleMs: 12 * hour,
      errorBackoffMs: 10 * second,
      maxResponseBytes: 512 * 1024,
    });
  });
});
