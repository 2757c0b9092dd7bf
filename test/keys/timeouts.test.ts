import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestIssuer } from '../../src/testing/index.js';
import { fetchAbandoningOnly } from '../helpers/busy-machine.js';
import { assertUnavailable, failureOf, minute, second, defaultOptions, startKeysHarness, type KeysHarness } from './fixture.js';

// Timeouts run on real time, so these tests assert why a fetch was abandoned ("no answer within
// 300 ms": the timeout, not anything else, ended it), never how long that took: a busy machine may
// take seconds to run a 300 ms timer.

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
    const error = await failureOf(verifier.verify(token));
    assertUnavailable(error, 'jwks_unavailable');
    assert.match(error.description, /no answer within 300 ms/);
    assert.equal(eventsOf('keys_fetch_failed')[0]?.reason, 'no answer within 300 ms');
  });

  it('answers 503 within the timeout when discovery hangs', async () => {
    const { issuer, verifier } = h.scenario({ discovery: true, keys: { timeout: '300ms' } });
    issuer.fail('discovery', 'hang');
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_failed');
    assert.match(error.description, /no answer within 300 ms/);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('makes concurrent requests share the one hanging fetch and all get 503', async () => {
    const { issuer, verifier, eventsOf } = h.scenario({ keys: { timeout: '300ms' } });
    issuer.fail('jwks', 'hang');
    const token = await issuer.token();
    const errors = await Promise.all(Array.from({ length: 50 }, () => failureOf(verifier.verify(token))));
    for (const error of errors) assertUnavailable(error, 'jwks_unavailable');
    assert.deepEqual([...new Set(errors.map((error) => error.description))], [errors[0]!.description]);
    assert.match(errors[0]!.description, /no answer within 300 ms/);
    // One fetch, abandoned once. (A busy machine may abandon it before the issuer even reads it.)
    assert.equal(eventsOf('keys_fetch_failed').length, 1);
    assert.ok(issuer.hits.jwks <= 1);
  });

  // The next two tests need a fetch that succeeds and one that times out in the same verifier. A
  // 300 ms timer would also abandon a normal answer that a busy machine delays, so their network
  // (the `fetch` option) applies the verifier's time limit only while the JWKS is made to hang.
  function hangable(issuer: TestIssuer) {
    let hanging = false;
    return {
      fetch: fetchAbandoningOnly(() => hanging),
      hang() {
        hanging = true;
        issuer.fail('jwks', 'hang');
      },
      restore() {
        hanging = false;
        issuer.restore();
      },
    };
  }

  it('serves stale keys when a refresh hangs', async () => {
    const network = hangable(h.issuer);
    const { issuer, verifier, clock, eventsOf } = h.scenario({ keys: { timeout: '300ms' }, options: { fetch: network.fetch } });
    await verifier.verify(await issuer.token());
    clock.advance(5 * minute);
    network.hang();
    await verifier.verify(await issuer.token());
    assert.equal(eventsOf('keys_fetch_failed')[0]?.reason, 'no answer within 300 ms');
    assert.equal(eventsOf('stale_keys_served').length, 1);
  });

  it('backs off after a timeout and then fetches normally again', async () => {
    const network = hangable(h.issuer);
    const { issuer, verifier, clock, eventsOf } = h.scenario({ keys: { timeout: '300ms' }, options: { fetch: network.fetch } });
    network.hang();
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token))), 10);
    assert.equal(eventsOf('keys_fetch_failed')[0]?.reason, 'no answer within 300 ms');
    network.restore();
    clock.advance(10 * second);
    await verifier.verify(token);
    // Fetched again (a cold cache has no other way to verify); the hit count is not asserted, as a
    // busy machine may abandon the hanging request before the issuer reads it.
    assert.equal(eventsOf('keys_fetched').length, 1);
  });

  it('defaults to a 5 second timeout', () => {
    const options = defaultOptions(h);
    assert.equal(options.keys.timeoutMs, 5 * second);
  });

  it('refuses a timeout of zero when the verifier is created', () => {
    assert.throws(() => h.scenario({ keys: { timeout: 0 } }), /keys\.timeout must be more than 0/);
  });
});
