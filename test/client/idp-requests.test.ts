import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { bearerAuth } from '../../src/express/index.js';
import { api, clientId, clientSecret, second, startClientHarness, type ClientHarness, type Scenario, serveApi, type RunningApi } from './fixture.js';

/**
 * The figures quoted in the README's "Calling other APIs": token requests the IdP sees for N calls
 * to an API, with the client and with the pattern the troubleshooting guides warn about (a new
 * token per call). Simulated time: the clock jumps between calls, nothing sleeps.
 */
describe('Token requests to the IdP for N calls to an API (README figures)', () => {
  let h: ClientHarness;
  let s: Scenario;
  let downstream: RunningApi;
  let base: string;

  before(async () => {
    h = await startClientHarness();
    s = h.scenario();
    const app = express();
    app.get('/orders', bearerAuth({ issuers: [h.issuer.issuer], audience: api, clock: () => s.clock.now() }), (_req, res) => res.json([]));
    downstream = await serveApi(app);
    base = downstream.base;
  });
  after(async () => {
    await downstream.close();
    await h.close();
  });

  /** The anti-pattern: a client-credentials request before every call. */
  async function naiveCall(): Promise<number> {
    const grant = await fetch(h.issuer.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const { access_token } = (await grant.json()) as { access_token: string };
    const res = await fetch(`${base}/orders`, { headers: { authorization: `Bearer ${access_token}` } });
    await res.arrayBuffer();
    return res.status;
  }

  it('1,000 concurrent calls on a cold start: 1 token request with the client, 1,000 without', async () => {
    s = h.scenario();
    const withClient = await Promise.all(Array.from({ length: 1000 }, () => s.client.authorizedFetch(`${base}/orders`).then(async (r) => (await r.arrayBuffer(), r.status))));
    assert.ok(withClient.every((status) => status === 200));
    assert.equal(s.issuer.hits.token, 1);

    s.issuer.resetHits();
    // 50 at a time: a thousand simultaneous RSA signatures would only measure this machine.
    const without: number[] = [];
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (without.length < 1000) {
        const index = without.push(0) - 1;
        without[index] = await naiveCall();
      }
    }));
    assert.ok(without.every((status) => status === 200));
    assert.equal(s.issuer.hits.token, 1000);
  });

  for (const [lifetime, expected] of [
    [3600, 27],
    [86_400, 2],
  ] as const) {
    it(`1,000 calls spread over 24 h with ${lifetime / 3600} h tokens: ${expected} token requests with the client, 1,000 without`, async () => {
      h.issuer.registerClient({ clientId, clientSecret, scopes: ['orders:read'], audiences: [api], tokenLifetime: lifetime });
      s = h.scenario();
      const events: string[] = [];
      const client = s.clientWith({ onEvent: (event) => events.push(event.type) });
      for (let call = 0; call < 1000; call += 1) {
        const res = await client.authorizedFetch(`${base}/orders`);
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        s.clock.advance(86.4 * second);
      }
      assert.equal(s.issuer.hits.token, expected);
      assert.equal(events.filter((type) => type === 'downstream_token_rejected').length, 0, 'no call ever carried an expired token');
      h.issuer.registerClient({ clientId, clientSecret, scopes: ['orders:read', 'orders:write'], audiences: [api, 'https://billing.example.test'] });
    });
  }
});
