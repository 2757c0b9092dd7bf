import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertUnavailable, epochIn, failureOf, hour, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

// One test per row of reference/standards.md §14.5 (JWKS / availability), plus the §13 vectors.
describe('Keys: the standards digest §14.5 availability vectors', () => {
  let h: KeysHarness;
  let mismatched: KeysHarness;
  before(async () => {
    [h, mismatched] = await Promise.all([startKeysHarness(), startKeysHarness({ discoveryIssuer: 'https://other.example/oauth2/default' })]);
  });
  after(() => Promise.all([h.close(), mismatched.close()]));

  it('cold cache, JWKS 500 → 503 with an integer Retry-After', async () => {
    const { issuer, verifier } = h.scenario();
    issuer.fail('jwks', { status: 500 });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assert.equal(assertUnavailable(error, 'jwks_unavailable'), 10);
  });

  it('cold cache, JWKS 429 with X-Rate-Limit-Reset now+17 → 503 Retry-After 17 and no refetch for 17 s', async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'X-Rate-Limit-Reset': epochIn(clock, 17) } });
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 17);
    issuer.restore();
    clock.advance(17 * second - 1);
    assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited');
    assert.equal(issuer.hits.jwks, 1);
    clock.advance(1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('warm cache, refresh fails → verified with stale keys up to maxStale, 503 after it', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { maxStale: '2h' } });
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 500 });
    clock.advance(5 * minute + 2 * hour - second);
    const result = await verifier.verify(await issuer.token());
    assert.equal(result.issuer, issuer.issuer);
    clock.advance(second);
    assertUnavailable(await failureOf(verifier.verify(await issuer.token())), 'jwks_unavailable');
  });

  it('100 concurrent requests with a new kid → exactly 1 fetch, all succeed', async () => {
    const { issuer, verifier } = h.scenario();
    await verifier.verify(await issuer.token());
    issuer.resetHits();
    await issuer.rotateKeys({ keepOld: true });
    const token = await issuer.token();
    const results = await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token)));
    assert.equal(results.length, 100);
    assert.equal(issuer.hits.jwks, 1);
  });

  it('random unknown kid ×1000 → at most 2 fetches, all 401 kid_unknown; during an IdP block → 503', async () => {
    // The harness's fetch timeout is one no busy machine reaches: 1000 verifications in flight have delayed the fetch past 5 s.
    const { issuer, verifier, clock } = h.scenario();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => issuer.token({ kid: randomUUID() })));
    const errors = await Promise.all(tokens.map((token) => failureOf(verifier.verify(token))));
    assert.deepEqual([...new Set(errors.map((e) => `${e.status} ${e.code}`))], ['401 kid_unknown']);
    assert.ok(issuer.hits.jwks <= 2);

    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 429, headers: { 'x-ratelimit-reset': epochIn(clock, 60) } });
    await verifier.verify(await issuer.token()); // known kid: stale keys
    const blocked = await failureOf(verifier.verify(await issuer.token({ kid: randomUUID() })));
    assert.equal(assertUnavailable(blocked, 'idp_rate_limited'), 60);
  });

  it('JWKS Cache-Control: max-age=3832304, must-revalidate → lifetime clamped to 24 h', async () => {
    const { issuer, verifier, clock, eventsOf } = h.scenario();
    issuer.fail('jwks', { json: issuer.publicJwks(), headers: { 'cache-control': 'max-age=3832304, must-revalidate' } });
    const token = await issuer.token({ expiresIn: '48h' });
    await verifier.verify(token);
    assert.equal(eventsOf('keys_fetched')[0]?.ttlSeconds, 86_400);
    clock.advance(24 * hour - 1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 1);
    clock.advance(1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('upstream Retry-After as an HTTP-date → relative seconds', async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 503, headers: { 'retry-after': new Date(clock.now() + 45 * second).toUTCString() } });
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await issuer.token()))), 45);
  });

  it('upstream reset in the past → Retry-After 1', async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, -5) } });
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await issuer.token()))), 1);
  });

  it('metadata issuer ≠ configured → refused, naming both values', async () => {
    const { issuer, verifier } = mismatched.scenario({ discovery: true });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_issuer_mismatch');
    assert.ok(error.description.includes(issuer.issuer));
    assert.ok(error.description.includes('https://other.example/oauth2/default'));
  });

  // That the 300 ms timeout, not the IdP (which never answers), ended the fetch is what is asserted;
  // how long that took on a busy machine is not.
  it('a hanging JWKS with a 300 ms timeout → 503, abandoned by that timeout', async () => {
    const { issuer, verifier, eventsOf } = h.scenario({ keys: { timeout: '300ms' } });
    issuer.fail('jwks', 'hang');
    const token = await issuer.token();
    assertUnavailable(await failureOf(verifier.verify(token)), 'jwks_unavailable');
    assert.equal(eventsOf('keys_fetch_failed')[0]?.reason, 'no answer within 300 ms');
  });
});
