import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import type { BearerGuardOptions, IntrospectionOptions } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { frameworks } from './apps.js';

// The local issuer of the testing kit serves the introspection endpoint, counts its calls and
// misbehaves on demand; the API under test runs in Express and in Koa.
for (const framework of frameworks) {
  describe(`${framework.name}: introspection when the endpoint fails, floods, and routing between issuers`, () => {
    const clock = createTestClock();
    let idp: TestIssuer;
    let other: TestIssuer;
    const servers: Server[] = [];
    const client = { clientId: 'orders-api', clientSecret: 'api-secret' };
    before(async () => {
      [idp, other] = await Promise.all([createTestIssuer({ clock }), createTestIssuer({ clock })]);
      for (const i of [idp, other]) i.registerClient(client);
    });
    beforeEach(() => {
      for (const i of [idp, other]) i.restore(), i.resetHits();
    });
    after(async () => {
      for (const server of servers) server.closeAllConnections(), server.close();
      await Promise.all([idp.close(), other.close()]);
    });

    async function start(introspection: Partial<IntrospectionOptions> = {}, extra: Partial<BearerGuardOptions> = {}) {
      const server = await framework.start({
        issuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, introspection: { client, ...introspection } }],
        audience: idp.audience,
        clock: clock.now,
        ...extra,
      });
      servers.push(server);
      return server;
    }
    const me = (server: Server, token: string) => request(server).get('/me').set('authorization', `Bearer ${token}`);

    it('answers 503 with Retry-After, never 401, while the endpoint is down; a cached token still passes', async () => {
      const server = await start();
      const known = idp.opaqueToken({ scopes: 'users:read' });
      assert.equal((await me(server, known)).status, 200);
      idp.fail('introspection', 'reset');
      const res = await me(server, idp.opaqueToken({ scopes: 'users:read' }));
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'introspection_unavailable');
      assert.equal(res.headers['retry-after'], '10');
      assert.equal(res.headers['www-authenticate'], undefined);
      assert.equal((await me(server, known)).status, 200);
    });

    it('answers 503 with the IdP\'s own wait while it rate-limits (x-rate-limit-reset), and asks again only after it', async () => {
      const server = await start();
      const reset = Math.floor(clock.now() / 1000) + 42;
      idp.fail('introspection', { status: 429, headers: { 'x-rate-limit-reset': String(reset) } });
      const token = idp.opaqueToken({ scopes: 'users:read' });
      const first = await me(server, token);
      assert.equal(first.status, 503);
      assert.equal(first.body.code, 'introspection_rate_limited');
      assert.equal(first.headers['retry-after'], '42');
      idp.restore('introspection');
      clock.advance(20_000);
      const waiting = await me(server, token);
      assert.equal(waiting.status, 503);
      assert.equal(waiting.headers['retry-after'], '22');
      assert.equal(idp.hits.introspection, 1);
      clock.advance(22_000);
      assert.equal((await me(server, token)).status, 200);
      assert.equal(idp.hits.introspection, 2);
    });

    it('200 concurrent requests with the same new token make one introspection call', async () => {
      const server = await start();
      const token = idp.opaqueToken({ scopes: 'users:read' });
      idp.fail('introspection', 'hang');
      const pending = Array.from({ length: 200 }, () => me(server, token).then((res) => res.status));
      while (idp.hits.introspection === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      idp.restore('introspection');
      const statuses = await Promise.all(pending);
      assert.deepEqual(new Set(statuses), new Set([200]));
      assert.equal(idp.hits.introspection, 1);
    });

    it('a flood of 100 distinct unknown tokens makes maxCallsPerSecond calls; the rest get 503 Retry-After 1 at once', async () => {
      const server = await start({ maxCallsPerSecond: 10 });
      const responses = await Promise.all(Array.from({ length: 100 }, (_, n) => me(server, `forged-token-${n}`)));
      assert.equal(idp.hits.introspection, 10);
      const refused = responses.filter((r) => r.status === 503);
      assert.equal(refused.length, 90);
      assert.ok(refused.every((r) => r.body.code === 'introspection_budget_exceeded' && r.headers['retry-after'] === '1'));
      assert.equal(responses.filter((r) => r.status === 401 && r.body.code === 'token_inactive').length, 10);
    });

    it('with tokens: \'all\', a JWT is introspected too, so its revocation is seen once the cache lets go', async () => {
      const server = await start({ tokens: 'all', cache: { maxAge: '20s' } });
      const jwt = await idp.token({ scopes: 'users:read' });
      assert.equal((await me(server, jwt)).status, 200);
      assert.equal(idp.hits.introspection, 1);
      assert.equal(idp.hits.jwks, 0, 'nothing was verified locally');
      idp.revoke(jwt);
      clock.advance(19_000);
      assert.equal((await me(server, jwt)).status, 200);
      clock.advance(1_000);
      assert.equal((await me(server, jwt)).body.code, 'token_inactive');
    });

    it('with the default tokens: \'opaque\', a JWT is verified locally and never sent to the endpoint', async () => {
      const server = await start();
      assert.equal((await me(server, await idp.token({ scopes: 'users:read' }))).status, 200);
      assert.equal(idp.hits.introspection, 0);
      assert.equal(idp.hits.jwks, 1);
    });

    it('sends opaque tokens only to opaqueTokenIssuer\'s endpoint when several issuers introspect', async () => {
      const issuers = [idp, other].map((i) => ({ issuer: i.issuer, jwksUri: i.jwksUri, introspection: { client } }));
      const server = await framework.start({ issuers, audience: idp.audience, clock: clock.now, opaqueTokenIssuer: other.issuer });
      servers.push(server);
      const res = await me(server, idp.opaqueToken({ scopes: 'users:read' }));
      assert.equal(res.body.code, 'token_inactive', 'the other issuer does not know the token');
      assert.equal(idp.hits.introspection, 0, 'the token never went to an endpoint that was not named');
      assert.equal(other.hits.introspection, 1);
      assert.equal((await me(server, other.opaqueToken({ scopes: 'users:read' }))).status, 200);
    });
  });
}
