import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { BearerGuardOptions, IntrospectionEvent } from '../../src/core/index.js';
import { createTestClock, expectChallenge, type TestClock } from '../../src/testing/index.js';
import { frameworks } from './apps.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider.js';

// oidc-provider issues opaque access tokens (client credentials, resource indicator with
// accessTokenFormat 'opaque'), introspects them (RFC 7662) and revokes them (RFC 7009). The API
// finds the introspection endpoint by discovery and authenticates as its own client.
const api = 'https://api.example.test/';

for (const framework of frameworks) {
  describe(`${framework.name} with an introspecting issuer: opaque tokens from oidc-provider`, () => {
    let op: RunningOidcProvider;
    const servers: Server[] = [];
    before(async () => {
      op = await startOidcProvider({
        clients: [
          { clientId: 'app-client' },
          { clientId: 'orders-api', metadata: { introspection_signed_response_alg: 'RS256' } },
        ],
        resources: [
          { resource: api, scope: 'users:read users:write', format: 'opaque' },
        ],
        features: { introspection: { enabled: true }, revocation: { enabled: true }, jwtIntrospection: { enabled: true } },
      });
    });
    after(async () => {
      for (const server of servers) server.closeAllConnections(), server.close();
      await op.close();
    });

    async function app(clock: TestClock, introspection: Record<string, unknown> = {}, extra: Partial<BearerGuardOptions> = {}) {
      const apiClient = op.clients.find((c) => c.clientId === 'orders-api')!;
      const server = await framework.start({
        issuers: [{ issuer: op.issuer, introspection: { client: { clientId: 'orders-api', clientSecret: apiClient.secret! }, cache: { maxAge: '30s' }, ...introspection } }],
        audience: api,
        clock: clock.now,
        ...extra,
      });
      servers.push(server);
      return server;
    }

    it('accepts an active opaque token, with its scopes and client on the request, and guards its scopes', async () => {
      const { access_token } = await op.token({ clientId: 'app-client', resource: api, scope: 'users:read' });
      assert.doesNotMatch(access_token, /\./, 'the provider issued an opaque token');
      const server = await app(createTestClock());
      const me = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
      assert.equal(me.status, 200, me.text);
      assert.deepEqual(me.body, { scopes: ['users:read'], clientId: 'app-client', issuer: op.issuer });
      const users = await request(server).get('/users').set('authorization', `Bearer ${access_token}`);
      assert.equal(users.status, 200, users.text);
    });

    it('answers 403 insufficient_scope for an active token without the route\'s scope', async () => {
      const { access_token } = await op.token({ clientId: 'app-client', resource: api, scope: 'users:write' });
      const res = await request(await app(createTestClock())).get('/users').set('authorization', `Bearer ${access_token}`);
      expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'users:read' });
    });

    it('refuses a revoked token after the configured cache lifetime, and not before', async () => {
      const clock = createTestClock();
      const events: IntrospectionEvent[] = [];
      const server = await app(clock, {}, { onIntrospectionEvent: (e) => events.push(e) });
      const { access_token } = await op.token({ clientId: 'app-client', resource: api, scope: 'users:read' });
      const call = () => request(server).get('/me').set('authorization', `Bearer ${access_token}`);
      assert.equal((await call()).status, 200);
      await op.revoke(access_token, 'app-client');
      clock.advance(29_999);
      assert.equal((await call()).status, 200, 'within cache.maxAge the cached answer stands');
      clock.advance(1);
      const res = await call();
      expectChallenge(res, { status: 401, error: 'invalid_token' });
      assert.equal(res.body.code, 'token_inactive');
      assert.deepEqual(events.filter((e) => e.type === 'introspection_call').map((e) => e.type === 'introspection_call' && e.active), [true, false]);
    });

    it('refuses a token issued for another API (audience)', async () => {
      const { access_token } = await op.token({ clientId: 'app-client', resource: api, scope: 'users:read' });
      const server = await app(createTestClock(), {}, { audience: 'https://other.example.test/' });
      const res = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
      expectChallenge(res, { status: 401, error: 'invalid_token' });
      assert.equal(res.body.code, 'audience_mismatch');
    });

    it('verifies the signed JWT response of RFC 9701 with the issuer\'s keys when asked for it', async () => {
      const { access_token } = await op.token({ clientId: 'app-client', resource: api, scope: 'users:read' });
      const server = await app(createTestClock(), { jwtResponse: true });
      const me = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
      assert.equal(me.status, 200, me.text);
      assert.deepEqual(me.body.scopes, ['users:read']);
    });

    it('answers 503 introspection_client_rejected when the API\'s own credentials are wrong', async () => {
      const { access_token } = await op.token({ clientId: 'app-client', resource: api, scope: 'users:read' });
      const server = await framework.start({
        issuers: [{ issuer: op.issuer, introspection: { client: { clientId: 'orders-api', clientSecret: 'wrong' } } }],
        audience: api,
      });
      servers.push(server);
      const res = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'introspection_client_rejected');
      assert.match(res.headers['retry-after']!, /^[1-9]\d*$/);
      assert.equal(res.headers['www-authenticate'], undefined);
    });
  });
}
