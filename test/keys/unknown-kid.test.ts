import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseWwwAuthenticate } from '../../src/testing/index.js';
import { assertUnavailable, epochIn, failureOf, second, startKeysHarness, type KeysHarness } from './fixture.js';

// Defaults under test: one refresh per 4 s for all unknown kids together, 2 in a row, absent kids
// remembered for 30 s.
describe('Keys: unknown kids refresh under a budget that forged kids cannot use up', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  const forged = () => h.issuer.token({ kid: `forged-${randomUUID()}` });

  it('picks up a key rotation on the first token signed with the new key', async () => {
    const { issuer, verifier, clock, eventsOf } = h.scenario();
    await verifier.verify(await issuer.token());
    clock.advance(5 * second);
    await issuer.rotateKeys();
    const result = await verifier.verify(await issuer.token());
    assert.equal(result.issuer, issuer.issuer);
    assert.equal(issuer.hits.jwks, 2);
    assert.deepEqual(
      eventsOf('keys_fetched').map((e) => e.reason),
      ['cold', 'unknown_kid'],
    );
  });

  it('refreshes for the first unknown kid right after the cold fetch, then answers 401', async () => {
    const { issuer, verifier } = h.scenario();
    const error = await failureOf(verifier.verify(await forged()));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 2);
  });

  it('spends a burst of two refreshes, then answers 401 without fetching until the budget refills one', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    await failureOf(verifier.verify(await forged()));
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 3);
    clock.advance(4 * second - 1);
    const empty = await failureOf(verifier.verify(await forged()));
    assert.equal(empty.status, 401);
    assert.equal(empty.code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 3);
    clock.advance(1);
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 4);
  });

  it('causes at most 2 fetches for 1000 concurrent requests with random kids on a cold cache, all 401 kid_unknown', async () => {
    // The harness's fetch timeout is one no busy machine reaches: 1000 verifications in flight have delayed the fetch past 5 s.
    const { issuer, verifier } = h.scenario();
    const tokens = await Promise.all(Array.from({ length: 1000 }, forged));
    const errors = await Promise.all(tokens.map((token) => failureOf(verifier.verify(token))));
    for (const error of errors) {
      assert.equal(error.status, 401);
      assert.equal(error.code, 'kid_unknown');
      assert.equal(parseWwwAuthenticate(error.headers['WWW-Authenticate']!)[0]?.params.error, 'invalid_token');
    }
    assert.ok(issuer.hits.jwks <= 2, `${issuer.hits.jwks} fetches`);
  });

  it('sends the IdP at most one request per interval beyond the burst under a sustained flood of random kids', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    for (let i = 0; i < 600; i++) {
      assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
      clock.advance(100); // 10 forged kids a second for 60 s (the key set stays fresh: max-age 300)
    }
    // The cold fetch, the burst of 2 at once, then one per 4 s: at 4, 8, … 56 s (the last kid comes at 59.9 s).
    assert.equal(issuer.hits.jwks, 1 + 2 + 14);
  });

  it('accepts a rotated key within one interval of its first token under a flood of random kids', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    const flood = async (ms: number) => {
      for (let t = 0; t < ms; t += 50) {
        await failureOf(verifier.verify(await forged()));
        clock.advance(50);
      }
    };
    await flood(10 * second); // the budget is spent as fast as it refills
    await issuer.rotateKeys();
    const rotated = await issuer.token({ expiresIn: '1h' });
    const firstSent = clock.now();
    let acceptedAfter: number | undefined;
    while (acceptedAfter === undefined && clock.now() - firstSent < 30 * second) {
      try {
        await verifier.verify(rotated);
        acceptedAfter = clock.now() - firstSent;
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'kid_unknown');
        await flood(200);
      }
    }
    assert.ok(acceptedAfter !== undefined && acceptedAfter <= 4 * second, `accepted after ${acceptedAfter} ms`);
  });

  it('remembers a kid a refresh did not find, so a client repeating it does not spend the budget', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    const stale = await issuer.token({ kid: 'withdrawn-key', expiresIn: '2h' });
    for (let i = 0; i < 290; i++) {
      assert.equal((await failureOf(verifier.verify(stale))).code, 'kid_unknown');
      clock.advance(100);
    }
    assert.equal(issuer.hits.jwks, 2, 'one lookup for the repeated kid within 30 s');
    // The budget is untouched: a genuine rotation is looked up at once.
    await issuer.rotateKeys();
    await verifier.verify(await issuer.token());
    assert.equal(issuer.hits.jwks, 3);
    clock.advance(10 * second); // the memory of the absent kid ends 30 s after it was looked up
    assert.equal((await failureOf(verifier.verify(stale))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 4);
  });

  it('does not remember a kid refused while the budget was empty: it is looked up once the budget refills', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    await failureOf(verifier.verify(await forged()));
    await failureOf(verifier.verify(await forged()));
    await issuer.rotateKeys();
    const rotated = await issuer.token();
    assert.equal((await failureOf(verifier.verify(rotated))).code, 'kid_unknown', 'budget empty, keys fetched moments ago');
    assert.equal(issuer.hits.jwks, 3);
    clock.advance(4 * second);
    await verifier.verify(rotated);
    assert.equal(issuer.hits.jwks, 4);
  });

  it('honours a configured interval and burst', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { unknownKidRefreshInterval: '2m', unknownKidRefreshBurst: 1 } });
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(2 * 60 * second - 1);
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(1);
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 3);
  });

  it('keeps verifying known kids while the budget is empty, without fetching', async () => {
    const { issuer, verifier } = h.scenario();
    await failureOf(verifier.verify(await forged()));
    await failureOf(verifier.verify(await forged()));
    const token = await issuer.token();
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
    assert.equal(issuer.hits.jwks, 3);
  });

  it('answers 503, not 401, for an unknown kid while the IdP makes us wait', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const known = await issuer.token();
    await verifier.verify(known);
    clock.advance(5 * 60 * second); // keys expire
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, 17) } });
    await verifier.verify(known); // stale keys serve known kids
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(2 * second);
    const error = await failureOf(verifier.verify(await forged()));
    assert.equal(assertUnavailable(error, 'idp_rate_limited'), 15);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('answers 503 for every unknown kid during a 429 window under a flood, and looks again exactly when it said', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    await failureOf(verifier.verify(await forged()));
    await failureOf(verifier.verify(await forged()));
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, 10) } });
    await issuer.rotateKeys();
    const rotated = await issuer.token({ expiresIn: '1h' });
    clock.advance(4 * second); // the budget allows a refresh: it meets the 429
    const first = await failureOf(verifier.verify(rotated));
    assert.equal(assertUnavailable(first, 'idp_rate_limited'), 6);
    assert.equal(issuer.hits.jwks, 4);
    const promisedAt = clock.now() + 6 * second;
    issuer.restore();
    while (clock.now() < promisedAt - 100) {
      clock.advance(100);
      const error = await failureOf(verifier.verify(Math.random() < 0.5 ? rotated : await forged()));
      const retryAfter = assertUnavailable(error, 'idp_rate_limited');
      assert.ok(clock.now() + retryAfter * second >= promisedAt, 'Retry-After never earlier than the next real attempt');
    }
    assert.equal(issuer.hits.jwks, 4, 'no request to the IdP before its reset');
    clock.set(promisedAt);
    await verifier.verify(rotated);
    assert.equal(issuer.hits.jwks, 5);
  });

  it('says the budget, not the IdP, when the budget allows the next look later than the IdP does', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { unknownKidRefreshInterval: '20s', unknownKidRefreshBurst: 1 } });
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': '3' } });
    const error = await failureOf(verifier.verify(await forged()));
    assert.equal(assertUnavailable(error, 'idp_rate_limited'), 20);
    clock.advance(19 * second);
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await forged())), 'idp_rate_limited'), 1);
    assert.equal(issuer.hits.jwks, 2);
    issuer.restore();
    clock.advance(second);
    assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 3);
  });

  it('looks for a new kid as soon as an IdP block ends: a blocked attempt does not spend the budget', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': '60' } });
    assertUnavailable(await failureOf(verifier.verify(await forged())), 'idp_rate_limited');
    assert.equal(issuer.hits.jwks, 2);
    for (let i = 0; i < 59; i++) {
      clock.advance(second);
      assertUnavailable(await failureOf(verifier.verify(await forged())), 'idp_rate_limited');
    }
    assert.equal(issuer.hits.jwks, 2, 'no fetch during the block');
    issuer.restore();
    await issuer.rotateKeys();
    clock.advance(second); // the block has ended
    await verifier.verify(await issuer.token());
    assert.equal(issuer.hits.jwks, 3);
  });

  it('answers 503 rather than 401 while the budget is empty and the last attempt to look failed', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { unknownKidRefreshInterval: '20s', unknownKidRefreshBurst: 1 } });
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 500 });
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await forged())), 'jwks_unavailable'), 20);
    clock.advance(15 * second); // past the 10 s error backoff, the budget still empty
    const error = await failureOf(verifier.verify(await forged()));
    // We have not seen the current key set, so the token may be valid: 503 until we look again.
    assert.equal(assertUnavailable(error, 'jwks_unavailable'), 5);
    assert.equal(issuer.hits.jwks, 2);
    issuer.restore();
    clock.advance(5 * second);
    assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 3);
  });

  it('does not let a clock that steps back an hour stretch a 10 s backoff', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 500 });
    assertUnavailable(await failureOf(verifier.verify(await forged())), 'jwks_unavailable');
    clock.advance(-3600 * second);
    const retryAfter = assertUnavailable(await failureOf(verifier.verify(await forged())));
    assert.ok(retryAfter <= 10, `Retry-After ${retryAfter}`);
    issuer.restore();
    clock.advance(10 * second);
    assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 3);
  });

  it('refuses budget settings outside their bounds when the verifier is created', () => {
    assert.throws(() => h.scenario({ keys: { unknownKidRefreshInterval: '500ms' } }), /unknownKidRefreshInterval must be between 1s and 5m/);
    assert.throws(() => h.scenario({ keys: { unknownKidRefreshInterval: '10m' } }), /unknownKidRefreshInterval must be between 1s and 5m/);
    assert.throws(() => h.scenario({ keys: { unknownKidRefreshBurst: 0 } }), /unknownKidRefreshBurst must be an integer from 1 to 10/);
    assert.throws(() => h.scenario({ keys: { unknownKidRefreshBurst: 1.5 } }), /unknownKidRefreshBurst/);
    assert.throws(() => h.scenario({ keys: { absentKidMemory: '2h' } }), /absentKidMemory must be between 1s and 1h/);
    assert.throws(() => h.scenario({ keys: { refreshCooldown: '30s' } as never }), /refreshCooldown was replaced by keys\.unknownKidRefreshInterval/);
    assert.throws(() => h.scenario({ keys: { refreshCooldwn: '30s' } as never }), /unknown option keys\.refreshCooldwn/);
  });
});
