import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';
import { createPresetsApi } from './presets-api.js';

// Local issuers shaped like each IdP; the API's fetch answers each IdP's real key URL from them.
const keyUrls = {
  'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/discovery/v2.0/keys': 'entra-v2',
  'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json': 'cognito',
  'https://sso.example.com/realms/shop/protocol/openid-connect/certs': 'keycloak',
} as const;
const issuers = new Map<string, TestIssuer>();
let app: ReturnType<typeof createPresetsApi>;

before(async () => {
  issuers.set('entra-v2', await createTestIssuer({ shape: 'entra-v2' }));
  issuers.set('cognito', await createTestIssuer({ shape: 'cognito', tenant: 'eu-west-1_AbCdEf123' }));
  issuers.set('keycloak', await createTestIssuer({ shape: 'keycloak', tenant: 'shop' }));
  app = createPresetsApi({
    fetch: (url, init) => fetch(issuers.get(keyUrls[String(url) as keyof typeof keyUrls])!.jwksUri, init),
  });
});
after(() => Promise.all([...issuers.values()].map((i) => i.close())));

const call = (method: 'get' | 'delete', path: string, token: string) => request(app)[method](path).set('Authorization', `Bearer ${token}`);

test('an Entra ID delegated token with the scope reads orders; its app role deletes', async () => {
  const entra = issuers.get('entra-v2')!;
  const iss = 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0';
  assert.equal((await call('get', '/orders', await entra.token({ issuer: iss, scopes: 'orders:read' }))).status, 200);
  assert.equal((await call('delete', '/orders/1', await entra.token({ issuer: iss, claims: { roles: ['admin'] } }))).status, 204);
});

test('a Cognito access token of the listed app client is accepted; its ID token is not', async () => {
  const cognito = issuers.get('cognito')!;
  const iss = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
  const token = await cognito.token({ issuer: iss, clientId: '4example5clientid', scopes: 'orders:read' });
  assert.deepEqual((await call('get', '/orders', token)).body, { caller: '4example5clientid' });
  const idToken = await cognito.tokens.idToken({ issuer: iss, clientId: '4example5clientid' });
  expectChallenge(await call('get', '/orders', idToken), { status: 401, error: 'invalid_token', errorDescription: /ID token/ });
});

test("a Keycloak token with only Keycloak's default aud: account is refused with the mapper fix", async () => {
  const keycloak = issuers.get('keycloak')!;
  const token = await keycloak.token({ issuer: 'https://sso.example.com/realms/shop', audience: 'account', scopes: 'orders:read' });
  expectChallenge(await call('get', '/orders', token), { status: 401, error: 'invalid_token', errorDescription: /mapper of type Audience/ });
});
