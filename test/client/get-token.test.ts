import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, claimsOf, clientId, clientSecret, minute, second, startClientHarness, type ClientHarness, waitFor } from './fixture.js';

describe('getToken: cache, refresh ahead, single flight', () => {
  let h: ClientHarness;
  before(async () => {
    h = await startClientHarness();
  });
  after(() => h.close());

  it('finds the token endpoint by discovery and returns the issued token', async () => {
    const { client, issuer } = h.scenario({ scope: 'orders:read' });
    const token = await client.getToken();
    const claims = claimsOf(token);
    assert.equal(claims.iss, issuer.issuer);
    assert.equal(claims.client_id, clientId);
    assert.equal(claims.scope, 'orders:read');
    assert.equal(issuer.hits.discovery, 1);
    assert.equal(issuer.hits.token, 1);
    assert.equal(issuer.tokenRequests()[0]?.authMethod, 'client_secret_basic');
  });

  it('shares one token request among 1,000 concurrent calls on a cold client', async () => {
    const { client, issuer, eventsOf } = h.scenario();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => client.getToken()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(issuer.hits.token, 1);
    assert.equal(issuer.hits.discovery, 1);
    assert.equal(eventsOf('token_fetched').length, 1);
  });

  it('serves the cached token until the refresh margin (default: the larger of 60 s and 10% of the lifetime)', async () => {
    const { client, issuer, clock, eventsOf } = h.scenario();
    const first = await client.getToken(); // lifetime 3600 s: margin 360 s
    clock.advance(60 * minute - 360 * second - 1);
    assert.equal(await client.getToken(), first);
    assert.equal(issuer.hits.token, 1);
    assert.ok(eventsOf('token_served_from_cache').length >= 1);
  });

  it('refreshes ahead in the background while the old token keeps serving', async () => {
    const { client, issuer, clock, eventsOf } = h.scenario();
    const first = await client.getToken();
    clock.advance(60 * minute - 360 * second);
    assert.equal(await client.getToken(), first, 'the caller does not wait for the refresh');
    assert.equal(await client.getToken(), first, 'one refresh in flight');
    await waitFor(() => eventsOf('token_refreshed').length === 1);
    assert.equal(eventsOf('token_refreshed')[0]?.reason, 'refresh_ahead');
    const second_ = await client.getToken();
    assert.notEqual(second_, first);
    assert.equal(issuer.hits.token, 2);
  });

  it('keeps serving the old token when a background refresh fails, and fetches in the foreground once it expires', async () => {
    const { client, issuer, clock, eventsOf } = h.scenario({ refreshMargin: '5m' });
    const first = await client.getToken();
    issuer.fail('token', { status: 500 });
    clock.advance(56 * minute);
    assert.equal(await client.getToken(), first);
    await waitFor(() => eventsOf('token_gave_up').length === 1);
    assert.equal(await client.getToken(), first, 'still valid: still served');
    issuer.restore('token');
    clock.advance(4 * minute);
    const fresh = await client.getToken();
    assert.notEqual(fresh, first);
    assert.equal(eventsOf('token_refreshed').at(-1)?.reason, 'refresh_ahead');
  });

  it('makes no refresh request while the IdP asked to wait, and refreshes after the reset', async () => {
    const { client, issuer, clock, eventsOf } = h.scenario();
    const first = await client.getToken();
    clock.advance(60 * minute - 360 * second);
    issuer.fail('token', { status: 429, headers: { 'x-rate-limit-reset': String(Math.floor(clock.now() / 1000) + 10) } }, { once: true });
    assert.equal(await client.getToken(), first);
    await waitFor(() => eventsOf('token_gave_up').length === 1);
    for (let i = 0; i < 5; i += 1) {
      clock.advance(second);
      assert.equal(await client.getToken(), first);
    }
    assert.equal(issuer.hits.token, 2, 'the first token and the refused refresh only');
    assert.equal(eventsOf('token_gave_up').length, 1);
    clock.advance(5 * second);
    await client.getToken();
    await waitFor(() => eventsOf('token_refreshed').length === 1);
    assert.equal(issuer.hits.token, 3);
  });

  it('fetches a new token in the foreground once the cached one has expired', async () => {
    const { client, issuer, clock, eventsOf } = h.scenario({ refreshMargin: 0 });
    const first = await client.getToken();
    clock.advance(60 * minute);
    const next = await client.getToken();
    assert.notEqual(next, first);
    assert.equal(issuer.hits.token, 2);
    assert.equal(eventsOf('token_refreshed')[0]?.reason, 'expired');
  });

  it('uses half the lifetime as the margin for short tokens', async () => {
    const { issuer, clock, clientWith } = h.scenario();
    issuer.registerClient({ clientId: 'short-lived', clientSecret: 's', tokenLifetime: 60 });
    const short = clientWith({ clientId: 'short-lived', clientSecret: 's' });
    const first = await short.getToken();
    clock.advance(29 * second);
    assert.equal(await short.getToken(), first);
    assert.equal(issuer.hits.token, 1);
    clock.advance(second);
    await short.getToken();
    await waitFor(() => issuer.hits.token === 2);
  });

  it('keeps one token per distinct scope and audience set', async () => {
    const { client, issuer } = h.scenario({ scope: ['orders:read'] });
    const a = await client.getToken();
    const b = await client.getToken({ scope: 'orders:write orders:read' });
    const c = await client.getToken({ scope: ['orders:read', 'orders:write'] });
    const d = await client.getToken({ resource: 'https://billing.example.test' });
    assert.equal(await client.getToken(), a);
    assert.equal(b, c, 'the same set in another order is the same target');
    assert.notEqual(a, b);
    assert.equal(claimsOf(d).aud, 'https://billing.example.test');
    assert.equal(claimsOf(a).aud, api);
    assert.equal(issuer.hits.token, 3);
  });

  it('sends the audience parameter and RFC 8707 resources', async () => {
    const { client, issuer } = h.scenario({ audience: 'https://billing.example.test' });
    assert.equal(claimsOf(await client.getToken()).aud, 'https://billing.example.test');
    const both = await client.getToken({ resource: [api] });
    assert.deepEqual(claimsOf(both).aud, [api, 'https://billing.example.test'], 'resource and audience together');
    assert.deepEqual(issuer.tokenRequests().map((r) => r.resources), [['https://billing.example.test'], [api, 'https://billing.example.test']]);
  });

  it('uses client_secret_post when configured', async () => {
    const { client, issuer } = h.scenario({ authMethod: 'client_secret_post' });
    await client.getToken();
    assert.equal(issuer.tokenRequests()[0]?.authMethod, 'client_secret_post');
  });

  it('puts no token and no secret in any event', async () => {
    const { client, clock, events } = h.scenario({ refreshMargin: 0 });
    const tokens = [await client.getToken()];
    clock.advance(60 * minute);
    tokens.push(await client.getToken());
    const text = JSON.stringify(events);
    for (const token of tokens) assert.ok(!text.includes(token));
    assert.ok(!text.includes(clientSecret));
    assert.deepEqual(events.map((e) => e.type), ['token_fetched', 'token_refreshed']);
  });
});

