import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { bearerAuth } from '../../src/express/index.js';
import { api, claimsOf, second, startClientHarness, type ClientHarness, type Scenario, serveApi, type RunningApi } from './fixture.js';

/**
 * A downstream API as a user would write it: bearer-guard in front, a revocation list (as an API
 * with introspection or a deny list has), and one route that rate-limits.
 */
describe('authorizedFetch against a real API guarded by bearer-guard', () => {
  let h: ClientHarness;
  let s: Scenario;
  let downstream: RunningApi;
  let base: string;
  const revoked = new Set<string>();
  const seen = { orders: 0, limited: 0, post: 0 };
  let limitedReset: string | undefined;

  before(async () => {
    h = await startClientHarness();
    s = h.scenario();
    const auth = bearerAuth({ issuers: [{ issuer: h.issuer.issuer, jwksUri: h.issuer.jwksUri }], audience: api, clock: () => s.clock.now() });
    const app = express();
    app.use(auth, (req, res, next) => {
      if (!revoked.has(String(req.auth?.claims.jti))) return next();
      res.set('www-authenticate', 'Bearer realm="orders", error="invalid_token", error_description="token revoked"').status(401).json({ error: 'invalid_token' });
    });
    app.get('/orders', (req, res) => {
      seen.orders += 1;
      res.json({ client: req.auth?.claims.client_id });
    });
    app.post('/orders', (_req, res) => {
      seen.post += 1;
      res.status(201).json({ created: true });
    });
    app.get('/limited', (_req, res) => {
      seen.limited += 1;
      if (limitedReset !== undefined) {
        const reset = limitedReset;
        limitedReset = undefined;
        // The API's clock is the scenario's: the client reads the reset against the answer's Date,
        // which Node would otherwise take from the real clock, seconds past the scenario's on a busy machine.
        return res.set({ 'x-ratelimit-reset': reset, date: new Date(s.clock.now()).toUTCString() }).status(429).json({ error: 'too_many_requests' });
      }
      res.json({ ok: true });
    });
    downstream = await serveApi(app);
    base = downstream.base;
  });
  after(async () => {
    await downstream.close();
    await h.close();
  });
  const fresh = (options: Parameters<ClientHarness['scenario']>[0] = {}): Scenario => {
    s = h.scenario(options);
    seen.orders = seen.limited = seen.post = 0;
    revoked.clear();
    return s;
  };

  it('1,000 concurrent calls cost one token request', async () => {
    const { client, issuer } = fresh();
    const responses = await Promise.all(Array.from({ length: 1000 }, () => client.authorizedFetch(`${base}/orders`)));
    assert.ok(responses.every((r) => r.status === 200));
    await Promise.all(responses.map((r) => r.json()));
    assert.equal(seen.orders, 1000);
    assert.equal(issuer.hits.token, 1);
  });

  it('a revoked token triggers one refresh and one retry, shared by concurrent calls', async () => {
    const { client, issuer, eventsOf } = fresh();
    const first = await client.getToken();
    revoked.add(String(claimsOf(first).jti));
    const responses = await Promise.all(Array.from({ length: 50 }, () => client.authorizedFetch(`${base}/orders`)));
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(issuer.hits.token, 2, 'one refresh for all 50');
    assert.equal(seen.orders, 50);
    assert.equal(eventsOf('token_refreshed')[0]?.reason, 'rejected');
    assert.equal(eventsOf('downstream_token_rejected').length, 50);
  });

  it('a token the API finds expired (though the IdP said expires_in 3600) triggers one refresh and one retry', async () => {
    const { client, issuer } = fresh();
    const expired = await issuer.tokens.expired({ clientId: 'svc-orders' });
    issuer.fail('token', { json: { access_token: expired, token_type: 'Bearer', expires_in: 3600 } }, { once: true });
    const res = await client.authorizedFetch(`${base}/orders`);
    assert.equal(res.status, 200);
    assert.equal(issuer.hits.token, 2);
    assert.equal(seen.orders, 1);
  });

  it('retries only once: a token refused again is answered as the API answered', async () => {
    const { client, issuer } = fresh();
    const always = await issuer.tokens.expired();
    issuer.fail('token', { json: { access_token: always, token_type: 'Bearer', expires_in: 3600 } });
    const res = await client.authorizedFetch(`${base}/orders`);
    assert.equal(res.status, 401);
    assert.equal(issuer.hits.token, 2);
  });

  it('does not retry a POST after a refused token unless told to', async () => {
    const { client, issuer } = fresh();
    revoked.add(String(claimsOf(await client.getToken()).jti));
    const once = await client.authorizedFetch(`${base}/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(once.status, 401);
    assert.equal(issuer.hits.token, 1);
    revoked.add(String(claimsOf(await client.getToken()).jti));
    const retried = await client.authorizedFetch(`${base}/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }, { retryNonIdempotent: true });
    assert.equal(retried.status, 201);
    assert.equal(seen.post, 1);
    assert.equal(issuer.hits.token, 2);
  });

  it("honours the API's own 429 reset: waits until it, then retries once", async () => {
    const { client, waits, clock, eventsOf } = fresh();
    limitedReset = String(Math.floor(clock.now() / 1000) + 10);
    const res = await client.authorizedFetch(`${base}/limited`);
    assert.equal(res.status, 200);
    assert.equal(seen.limited, 2);
    assert.deepEqual(waits, [10 * second]);
    assert.equal(eventsOf('downstream_rate_limited')[0]?.origin, base);
  });

  it('holds later calls to a rate-limited API back without sending them, when the reset is past the deadline', async () => {
    const { client, clock } = fresh({ deadline: '5s' });
    limitedReset = String(Math.floor(clock.now() / 1000) + 60);
    const first = await client.authorizedFetch(`${base}/limited`);
    assert.equal(first.status, 429);
    const held = await client.authorizedFetch(`${base}/limited`);
    assert.equal(held.status, 429);
    assert.equal(held.headers.get('retry-after'), '60');
    assert.equal(seen.limited, 1, 'the second call never reached the API');
  });

  it('asks for a token of the scope and resource given per call', async () => {
    const { client, issuer } = fresh();
    const res = await client.authorizedFetch(`${base}/orders`, {}, { scope: 'orders:write' });
    assert.equal(res.status, 200);
    assert.deepEqual(issuer.tokenRequests()[0]?.scopes, ['orders:write']);
  });
});
