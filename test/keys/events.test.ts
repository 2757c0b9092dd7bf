import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createVerifier } from '../../src/core/index.js';
import { epochIn, failureOf, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: events for logs and metrics', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('reports keys fetched with the URL, key count, lifetime and reason', async () => {
    const { issuer, verifier, events } = h.scenario();
    await verifier.verify(await issuer.token());
    assert.deepEqual(events, [
      { type: 'keys_fetched', issuer: issuer.issuer, url: issuer.jwksUri, keyCount: 4, ttlSeconds: 300, reason: 'cold' },
    ]);
  });

  it('reports where discovery found the JWKS, before the fetch', async () => {
    const { issuer, verifier, events } = h.scenario({ discovery: true });
    await verifier.verify(await issuer.token());
    assert.deepEqual(
      events.map((e) => e.type),
      ['discovery_completed', 'keys_fetched'],
    );
  });

  it('reports a failed fetch with issuer, status and the seconds until the next attempt', async () => {
    const { issuer, verifier, clock, events } = h.scenario();
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': epochIn(clock, 17) } });
    await failureOf(verifier.verify(await issuer.token()));
    assert.deepEqual(events, [
      { type: 'keys_fetch_failed', issuer: issuer.issuer, url: issuer.jwksUri, status: 429, retryAfterSeconds: 17, reason: 'HTTP 429' },
    ]);
  });

  it('reports a failed fetch without a status when there was no answer', async () => {
    const { issuer, verifier, events } = h.scenario();
    issuer.fail('jwks', 'reset');
    await failureOf(verifier.verify(await issuer.token()));
    const [failed] = events;
    assert.equal(failed?.type, 'keys_fetch_failed');
    assert.ok(failed.type === 'keys_fetch_failed' && failed.status === undefined && failed.retryAfterSeconds === 10);
    assert.match(failed.reason, /^request failed/);
  });

  it('reports a failed discovery with the document URL and status', async () => {
    const { issuer, verifier, events } = h.scenario({ discovery: true });
    issuer.fail('discovery', { status: 429, headers: { 'retry-after': '30' } });
    await failureOf(verifier.verify(await issuer.token()));
    const [failed] = events;
    assert.ok(failed?.type === 'keys_fetch_failed');
    assert.equal(failed.url, issuer.discoveryUrls.oidc);
    assert.equal(failed.status, 429);
    assert.equal(failed.retryAfterSeconds, 30);
    assert.match(failed.reason, /Discovery for issuer .* failed/);
  });

  it('reports stale keys served once per outage, with how long they have been stale', async () => {
    const { issuer, verifier, clock, events, eventsOf } = h.scenario();
    const token = await issuer.token({ expiresIn: '2h' });
    await verifier.verify(token);
    clock.advance(5 * minute + 90 * second);
    issuer.fail('jwks', { status: 500 });
    await verifier.verify(token);
    clock.advance(10 * second);
    await verifier.verify(token);
    issuer.restore();
    clock.advance(10 * second);
    await verifier.verify(token);
    assert.deepEqual(eventsOf('stale_keys_served'), [{ type: 'stale_keys_served', issuer: issuer.issuer, staleForSeconds: 90 }]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['keys_fetched', 'keys_fetch_failed', 'stale_keys_served', 'keys_fetch_failed', 'keys_fetched'],
    );
  });

  it('reports skipped keys', async () => {
    const { issuer, verifier, eventsOf } = h.scenario();
    issuer.fail('jwks', { json: { keys: [...issuer.publicJwks().keys, { kty: 'oct', k: 'AAAA' }] } });
    await verifier.verify(await issuer.token());
    assert.equal(eventsOf('keys_ignored').length, 1);
    assert.match(eventsOf('keys_ignored')[0]!.reason, /^keys\[4\]: kty 'oct'/);
  });

  it('never puts a token in an event', async () => {
    const { issuer, verifier, clock, events } = h.scenario();
    const tokens = [await issuer.token(), await issuer.token({ kid: 'unknown' })];
    await verifier.verify(tokens[0]!);
    await failureOf(verifier.verify(tokens[1]!));
    clock.advance(5 * minute);
    issuer.fail('jwks', { status: 500 });
    await verifier.verify(tokens[0]!);
    const logged = JSON.stringify(events);
    for (const token of tokens) {
      for (const part of token.split('.')) assert.ok(!logged.includes(part), 'an event contains part of a token');
    }
  });

  it('keeps authenticating when the event hook throws', async () => {
    const { issuer, clock } = h.scenario();
    const verifier = createVerifier({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      clock: clock.now,
      tokenCache: false,
      onKeyEvent: () => {
        throw new Error('logger down');
      },
    });
    await verifier.verify(await issuer.token());
    issuer.fail('jwks', { status: 500 });
    clock.advance(5 * minute);
    await verifier.verify(await issuer.token());
  });
});
