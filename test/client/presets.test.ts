import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { auth0, okta } from '../../src/core/index.js';
import { createTokenClient } from '../../src/client/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { claimsOf } from './fixture.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('createTokenClient: provider specifics come from the presets', () => {
  const issuers: TestIssuer[] = [];
  after(() => Promise.all(issuers.map((issuer) => issuer.close())));
  const start = async (shape: 'auth0' | 'okta-custom') => {
    const issuer = await createTestIssuer({ shape });
    issuers.push(issuer);
    return issuer;
  };

  it("auth0(): the /oauth/token endpoint without discovery, the audience parameter, the tenant as assertion audience", async () => {
    const issuer = await start('auth0');
    issuer.registerClient({ clientId: 'm2m', publicKey: keys.publicKey, audiences: ['https://billing.example.test'], scopes: ['read:invoices'] });
    const client = createTokenClient({
      issuer: auth0({ domain: issuer.origin }),
      clientId: 'm2m',
      privateKey: keys.privateKey,
      audience: 'https://billing.example.test',
    });
    const token = await client.getToken();
    assert.equal(claimsOf(token).aud, 'https://billing.example.test');
    assert.equal(claimsOf(token).azp, 'm2m');
    assert.equal(issuer.hits.discovery, 0);
    assert.deepEqual(issuer.tokenRequests()[0]?.resources, ['https://billing.example.test']);
    assert.equal(issuer.tokenRequests()[0]?.authMethod, 'private_key_jwt');
  });

  it('okta(): the custom authorization server\'s /v1/token without discovery, scp from the granted scopes', async () => {
    const issuer = await start('okta-custom');
    issuer.registerClient({ clientId: '0oa-service', publicKey: keys.publicKey, scopes: ['orders.read'] });
    const client = createTokenClient({ issuer: okta({ domain: issuer.origin }), clientId: '0oa-service', privateKey: keys.privateKey, scope: 'orders.read' });
    const claims = claimsOf(await client.getToken());
    assert.equal(claims.iss, issuer.issuer);
    assert.deepEqual(claims.scp, ['orders.read']);
    assert.equal(claims.cid, '0oa-service');
    assert.equal(issuer.hits.discovery, 0);
  });

  it("Entra ID: the API is asked for as scope '<App ID URI>/.default'", async () => {
    const issuer = await createTestIssuer();
    issuers.push(issuer);
    issuer.registerClient({ clientId: 'app-guid', clientSecret: 's', scopes: ['api://orders/.default'] });
    const entraEndpoint = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';
    const seen: string[] = [];
    const client = createTokenClient({
      issuer: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0',
      clientId: 'app-guid',
      clientSecret: 's',
      audience: 'api://orders',
      // Entra's token endpoint stands in for the local issuer's: the request itself is real.
      fetch: (url, init) => {
        seen.push(String(url));
        return fetch(String(url) === entraEndpoint ? issuer.tokenEndpoint : url, init);
      },
    });
    const claims = claimsOf(await client.getToken());
    assert.equal(claims.scope, 'api://orders/.default');
    assert.deepEqual(seen, [entraEndpoint], 'the tenant token endpoint, no discovery');
    assert.deepEqual(issuer.tokenRequests()[0]?.resources, [], 'no audience parameter for Entra');
  });
});
