import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { bearerAuth } from '../../src/express/index.js';
import { createTokenClient, TokenClientError, type TokenClientOptions } from '../../src/client/index.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { claimsOf, rejectionOf, serveApi, type RunningApi } from './fixture.js';

// oidc-provider, a certified OpenID Provider, is the authorization server; the client finds its
// token endpoint by discovery and authenticates as each registered client would.
describe('createTokenClient against oidc-provider', () => {
  let op: RunningOidcProvider;
  let downstream: RunningApi;
  let apiBase: string;
  let apiHits = 0;
  const resource = 'https://api.example.test/';

  before(async () => {
    op = await startOidcProvider({
      clients: [{ clientId: 'basic-client' }, { clientId: 'jwt-client', auth: 'private_key_jwt' }],
      resources: [
        { resource, scope: 'orders:read orders:write' },
        { resource: 'https://reports.example.test/', scope: 'reports:read' },
      ],
    });
    const app = express();
    app.get('/orders', bearerAuth({ issuers: [op.issuer], audience: resource }), (req, res) => {
      apiHits += 1;
      res.json({ client: req.auth?.subject, scopes: req.auth?.scopes });
    });
    downstream = await serveApi(app);
    apiBase = downstream.base;
  });
  after(async () => {
    await downstream.close();
    await op.close();
  });

  const credentials = (clientId: string): Pick<TokenClientOptions, 'clientId' | 'clientSecret' | 'privateKey'> => {
    const client = op.clients.find((c) => c.clientId === clientId)!;
    return client.privateKey ? { clientId, privateKey: client.privateKey } : { clientId, clientSecret: client.secret! };
  };

  for (const clientId of ['basic-client', 'jwt-client']) {
    it(`${clientId}: a JWT for the resource indicator, accepted by an API guarded by bearer-guard`, async () => {
      const client = createTokenClient({ issuer: op.issuer, ...credentials(clientId), resource, scope: 'orders:read' });
      const token = await client.getToken();
      const claims = claimsOf(token);
      assert.equal(claims.aud, resource);
      assert.equal(claims.client_id, clientId);
      assert.equal(claims.scope, 'orders:read');
      apiHits = 0;
      const responses = await Promise.all(Array.from({ length: 20 }, () => client.authorizedFetch(`${apiBase}/orders`)));
      assert.ok(responses.every((r) => r.status === 200));
      assert.deepEqual(await responses[0]!.json(), { client: clientId, scopes: ['orders:read'] });
      assert.equal(apiHits, 20);
      assert.equal(await client.getToken(), token, 'served from the cache');
    });
  }

  it('keeps a token per resource', async () => {
    const client = createTokenClient({ issuer: op.issuer, ...credentials('jwt-client'), resource });
    const orders = await client.getToken();
    const reports = await client.getToken({ resource: 'https://reports.example.test/', scope: 'reports:read' });
    assert.equal(claimsOf(reports).aud, 'https://reports.example.test/');
    assert.notEqual(orders, reports);
    assert.equal(await client.getToken(), orders);
  });

  it('reports a wrong secret as invalid_client, not retried', async () => {
    const events: string[] = [];
    const client = createTokenClient({ issuer: op.issuer, clientId: 'basic-client', clientSecret: 'not-the-secret', resource, onEvent: (e) => events.push(e.type) });
    const error = (await rejectionOf(client.getToken())) as unknown as TokenClientError;
    assert.ok(error instanceof TokenClientError);
    assert.equal(error.code, 'invalid_client');
    assert.equal(error.status, 401);
    assert.equal(error.details.attempts, 1);
    assert.ok(!error.message.includes('not-the-secret'));
    assert.deepEqual(events, ['token_gave_up']);
  });

  it('reports an unknown resource as invalid_target, naming it', async () => {
    const target = createTokenClient({ issuer: op.issuer, ...credentials('jwt-client'), resource: 'https://payroll.example.test/' });
    const error = (await rejectionOf(target.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'invalid_target');
    assert.match(error.message, /'https:\/\/payroll.example.test\/' is not an API/);
  });
});
