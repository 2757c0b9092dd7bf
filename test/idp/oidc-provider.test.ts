import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { decodeProtectedHeader } from 'jose';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { createTestClock } from '../../src/testing/index.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { adapters } from '../matrix/adapters.js';

// oidc-provider, a certified OpenID Provider, issues JWT access tokens through client credentials
// with a resource indicator; the middleware is configured with nothing but issuer and audience.
const frameworks = adapters.filter((a) => a.name === 'Express 5' || a.name === 'Koa 3');

async function withApp<T>(adapterIndex: number, options: BearerGuardOptions, use: (server: Server) => Promise<T>): Promise<T> {
  const server = await frameworks[adapterIndex]!.start(options);
  try {
    return await use(server);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

for (const [index, framework] of frameworks.entries()) {
  describe(`oidc-provider tokens through ${framework.name}`, () => {
    let op: RunningOidcProvider;
    before(async () => {
      op = await startOidcProvider({
        clients: [
          { clientId: 'basic-client' },
          { clientId: 'post-client', auth: 'client_secret_post' },
          { clientId: 'jwt-client', auth: 'private_key_jwt' },
        ],
        resources: [
          { resource: 'https://api.example.test/', scope: 'users:read users:write' },
          { resource: 'https://short.example.test/', accessTokenTtlSeconds: 5 },
          { resource: 'https://long.example.test/', accessTokenTtlSeconds: 7200 },
        ],
      });
    });
    after(() => op.close());

    const options = (audience = 'https://api.example.test/', extra: Partial<BearerGuardOptions> = {}): BearerGuardOptions => ({
      issuers: [op.issuer],
      audience,
      ...extra,
    });

    for (const clientId of ['basic-client', 'post-client', 'jwt-client']) {
      it(`accepts a token ${clientId} got with a resource indicator, found by discovery`, async () => {
        const { access_token } = await op.token({ clientId, resource: 'https://api.example.test/', scope: 'users:read' });
        await withApp(index, options(), async (server) => {
          const me = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
          assert.equal(me.status, 200, me.text);
          assert.deepEqual(me.body, { subject: clientId });
          const users = await request(server).get('/users').set('authorization', `Bearer ${access_token}`);
          assert.equal(users.status, 200, users.text);
        });
      });
    }

    it('refuses a token for another resource with audience_mismatch', async () => {
      const { access_token } = await op.token({ resource: 'https://long.example.test/' });
      await withApp(index, options(), async (server) => {
        const res = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'audience_mismatch');
      });
    });

    it('answers 403 with the missing scope when the client was granted less', async () => {
      const { access_token } = await op.token({ resource: 'https://api.example.test/', scope: 'users:write' });
      await withApp(index, options(), async (server) => {
        const res = await request(server).get('/users').set('authorization', `Bearer ${access_token}`);
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'scope_missing');
        assert.match(res.headers['www-authenticate'] ?? '', /scope="users:read"/);
      });
    });

    it('accepts a short-lived token until it expires, then refuses it as expired', async () => {
      const clock = createTestClock(Date.now());
      const { access_token, expires_in } = await op.token({ resource: 'https://short.example.test/' });
      assert.equal(expires_in, 5);
      await withApp(index, options('https://short.example.test/', { clock: clock.now, clockTolerance: '1s', tokenCache: false }), async (server) => {
        const fresh = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
        assert.equal(fresh.status, 200, fresh.text);
        clock.advance(7_000);
        const stale = await request(server).get('/me').set('authorization', `Bearer ${access_token}`);
        assert.equal(stale.status, 401);
        assert.equal(stale.body.code, 'token_expired');
      });
    });

    it('follows a key rotation: new key published, then the old one removed', async () => {
      const clock = createTestClock(Date.now());
      const audience = 'https://long.example.test/';
      await withApp(index, options(audience, { clock: clock.now, tokenCache: false }), async (server) => {
        const get = (token: string) => request(server).get('/me').set('authorization', `Bearer ${token}`);
        const old = (await op.token({ resource: audience })).access_token;
        assert.equal((await get(old)).status, 200);

        const next = await op.publishKey();
        const rotated = (await op.token({ resource: audience })).access_token;
        assert.equal(decodeProtectedHeader(rotated).kid, next.kid);
        const onNewKey = await get(rotated);
        assert.equal(onNewKey.status, 200, `an unknown kid refreshes the keys: ${onNewKey.text}`);
        assert.equal((await get(old)).status, 200, 'the old key is still published');

        const oldKid = decodeProtectedHeader(old).kid!;
        await op.retireKey(oldKid);
        clock.advance(11 * 60_000); // past the default key-cache lifetime: the next request refetches
        const retired = await get(old);
        assert.equal(retired.status, 401);
        assert.equal(retired.body.code, 'kid_unknown');
        assert.equal((await get(rotated)).status, 200);
      });
    });
  });
}
