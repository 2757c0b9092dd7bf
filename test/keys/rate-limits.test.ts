import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Fault } from '../../src/testing/index.js';
import { assertUnavailable, epochIn, failureOf, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: 429 and 503 from the IdP are honoured and become 503 for clients', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it("waits until Okta's X-Rate-Limit-Reset (epoch seconds) and answers 503 with the remaining seconds", async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'X-Rate-Limit-Reset': epochIn(clock, 17) } });
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 17);
    issuer.restore();
    let elapsed = 0;
    for (const at of [1, 5, 10, 16]) {
      clock.advance((at - elapsed) * second);
      elapsed = at;
      assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 17 - at);
    }
    clock.advance(999);
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token))), 1);
    assert.equal(issuer.hits.jwks, 1, 'no fetch before the reset');
    clock.advance(1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it("waits until Auth0's x-ratelimit-reset (epoch seconds)", async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epochIn(clock, 42) } });
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 42);
    issuer.restore();
    clock.advance(41 * second);
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token))), 1);
    assert.equal(issuer.hits.jwks, 1);
    clock.advance(second);
    await verifier.verify(token);
  });

  it('honours Retry-After in seconds on a 503', async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 503, headers: { 'retry-after': '120' } });
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 120);
    issuer.restore();
    clock.advance(119 * second);
    assertUnavailable(await failureOf(verifier.verify(token)));
    assert.equal(issuer.hits.jwks, 1);
    clock.advance(second);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('honours Retry-After given as an HTTP-date', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const date = new Date(clock.now() + 90 * second).toUTCString();
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': date } });
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await issuer.token())), 'idp_rate_limited'), 90);
  });

  it('prefers Retry-After to a rate-limit reset header', async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': '30', 'x-rate-limit-reset': epochIn(clock, 300) } });
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await issuer.token()))), 30);
  });

  it('answers Retry-After: 1 for a reset in the past, and fetches again after a second', async () => {
    const { issuer, verifier, clock } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, -30) } });
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 1);
    issuer.restore();
    clock.advance(second);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('caps an absurd wait (a date in 2099) at one hour', async () => {
    const { issuer, verifier } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' } });
    assert.equal(assertUnavailable(await failureOf(verifier.verify(await issuer.token()))), 3600);
  });

  it('backs off for the configured error backoff when a 429 or 503 carries no hint', async () => {
    const { issuer, verifier, clock } = h.scenario({ keys: { errorBackoff: '25s' } });
    issuer.fail('jwks', { status: 503 });
    const token = await issuer.token();
    assert.equal(assertUnavailable(await failureOf(verifier.verify(token)), 'idp_rate_limited'), 25);
    clock.advance(24 * second);
    assertUnavailable(await failureOf(verifier.verify(token)));
    assert.equal(issuer.hits.jwks, 1);
  });

  it('keeps serving cached keys during a block and answers unknown kids with 503', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const token = await issuer.token();
    await verifier.verify(token);
    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, 17) } });
    await verifier.verify(token);
    clock.advance(3 * second);
    await verifier.verify(token);
    const unknown = await failureOf(verifier.verify(await issuer.token({ kid: 'rotated-in-the-meantime' })));
    const retryAfter = assertUnavailable(unknown, 'idp_rate_limited');
    assert.ok(retryAfter <= 17 && retryAfter >= 14, `Retry-After ${retryAfter}`);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('honours a rate limit on the discovery document too', async () => {
    const { issuer, verifier, clock } = h.scenario({ discovery: true });
    issuer.fail('discovery', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, 20) } });
    const token = await issuer.token();
    const error = await failureOf(verifier.verify(token));
    assert.equal(assertUnavailable(error, 'idp_rate_limited'), 20);
    assert.match(error.description, /Discovery/);
    issuer.restore();
    clock.advance(19 * second);
    assertUnavailable(await failureOf(verifier.verify(token)));
    assert.equal(issuer.hits.discovery, 1);
    assert.equal(issuer.hits.jwks, 0);
    clock.advance(second);
    await verifier.verify(token);
    assert.equal(issuer.hits.discovery, 2);
    assert.equal(issuer.hits.jwks, 1);
  });

  it('never answers 401 or 500 while the keys cannot be had, whatever the IdP does', async () => {
    const faults: Fault[] = [
      { status: 429 },
      { status: 503 },
      { status: 500 },
      { status: 502, headers: { 'retry-after': '5' } },
      { status: 404 },
      { status: 403 },
      { status: 301, headers: { location: 'ftp://example.test/keys' } },
      'reset',
      'garbage',
    ];
    for (const fault of faults) {
      const { issuer, verifier } = h.scenario();
      issuer.fail('jwks', fault);
      const error = await failureOf(verifier.verify(await issuer.token()));
      assertUnavailable(error);
    }
  });
});
