import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseWwwAuthenticate } from '../../src/testing/index.js';
import { assertUnavailable, epochIn, failureOf, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: an unknown kid refreshes at once, then once per cooldown', () => {
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

  it('refreshes for the first unknown kid right after the cold fetch', async () => {
    const { issuer, verifier } = h.scenario();
    const error = await failureOf(verifier.verify(await forged()));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 2);
  });

  it('answers a second unknown kid within the cooldown with 401 and no fetch, and refreshes after it', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(30 * second - 1);
    const inCooldown = await failureOf(verifier.verify(await forged()));
    assert.equal(inCooldown.status, 401);
    assert.equal(inCooldown.code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(1);
    assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 3);
  });

  it('causes at most 2 fetches for 1000 concurrent requests with random kids on a cold cache, all 401 kid_unknown', async () => {
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

  it('causes exactly one more fetch for 1000 sequential requests with random kids on a warm cache', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    for (let i = 0; i < 1000; i++) {
      const error = await failureOf(verifier.verify(await forged()));
      assert.equal(error.code, 'kid_unknown');
      clock.advance(20); // 20 s in all: still within the cooldown
    }
    assert.equal(issuer.hits.jwks, 2);
  });

  it('keeps verifying known kids during the cooldown without fetching', async () => {
    const { issuer, verifier } = h.scenario();
    await failureOf(verifier.verify(await forged()));
    const token = await issuer.token();
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
    assert.equal(issuer.hits.jwks, 2);
  });

  it('honours a configured refreshCooldown', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { refreshCooldown: '2m' } });
    await failureOf(verifier.verify(await forged()));
    clock.advance(2 * minute - 1);
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(1);
    await failureOf(verifier.verify(await forged()));
    assert.equal(issuer.hits.jwks, 3);
  });

  it('picks up a rotation that happens during the cooldown once the cooldown ends', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await failureOf(verifier.verify(await forged()));
    clock.advance(10 * second);
    await issuer.rotateKeys();
    const rotated = await issuer.token({ expiresIn: '1h' });
    assert.equal((await failureOf(verifier.verify(rotated))).code, 'kid_unknown');
    clock.advance(20 * second);
    await verifier.verify(rotated);
    assert.equal(issuer.hits.jwks, 3);
  });

  it('answers 503, not 401, for an unknown kid while the IdP makes us wait', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const known = await issuer.token();
    await verifier.verify(known);
    clock.advance(5 * minute); // keys expire
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, 17) } });
    await verifier.verify(known); // stale keys serve known kids
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(2 * second);
    const error = await failureOf(verifier.verify(await forged()));
    assert.equal(assertUnavailable(error, 'idp_rate_limited'), 15);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('looks for a new kid as soon as an IdP block ends, even when the block began within our cooldown', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    clock.advance(20 * second);
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': '60' } });
    // The forced refresh meets the rate limit.
    assertUnavailable(await failureOf(verifier.verify(await forged())), 'idp_rate_limited');
    assert.equal(issuer.hits.jwks, 2);
    clock.advance(40 * second); // our cooldown has passed, the IdP's block has not
    assertUnavailable(await failureOf(verifier.verify(await forged())), 'idp_rate_limited');
    assert.equal(issuer.hits.jwks, 2, 'no fetch during the block');
    issuer.restore();
    await issuer.rotateKeys();
    clock.advance(20 * second); // the block has ended
    const rotated = await issuer.token();
    await verifier.verify(rotated);
    assert.equal(issuer.hits.jwks, 3);
  });

  it('answers 503 rather than 401 for an unknown kid when the last attempt to look failed', async () => {
    const { issuer, verifier, clock } = h.scenario();
    await verifier.verify(await issuer.token());
    clock.advance(5 * second);
    issuer.fail('jwks', { status: 500 });
    assertUnavailable(await failureOf(verifier.verify(await forged())), 'jwks_unavailable');
    clock.advance(15 * second); // past the 10 s error backoff, within the 30 s cooldown
    const error = await failureOf(verifier.verify(await forged()));
    // We have not seen the current key set, so the token may be valid: wait for the cooldown.
    assert.equal(assertUnavailable(error, 'jwks_unavailable'), 15);
    assert.equal(issuer.hits.jwks, 2);
    issuer.restore();
    clock.advance(15 * second);
    assert.equal((await failureOf(verifier.verify(await forged()))).code, 'kid_unknown');
    assert.equal(issuer.hits.jwks, 3);
  });
});
