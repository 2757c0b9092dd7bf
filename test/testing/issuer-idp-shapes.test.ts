import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createTestClock, createTestIssuer } from '../../src/testing/index.js';

const START = Date.UTC(2026, 0, 1);
const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';

describe('createTestIssuer: Entra ID, Cognito and Keycloak shapes', () => {
  it('entra-v2: /{tenant}/v2.0 issuer, v2.0 keys, aud the API client id, scp string, azp, tid, ver 2.0', async () => {
    const issuer = await createTestIssuer({ shape: 'entra-v2', clock: createTestClock(START) });
    try {
      assert.equal(issuer.issuer, `${issuer.origin}/${tenant}/v2.0`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/${tenant}/discovery/v2.0/keys`);
      const token = await issuer.token({ scopes: ['Orders.Read', 'Orders.Write'], clientId: 'caller-app' });
      assert.equal(decodeProtectedHeader(token).typ, 'JWT');
      const claims = decodeJwt(token);
      assert.equal(claims.aud, '6e74172b-be56-4843-9ff4-e66a39bb12e3');
      assert.equal(claims.scp, 'Orders.Read Orders.Write');
      assert.equal(claims.azp, 'caller-app');
      assert.equal(claims.tid, tenant);
      assert.equal(claims.ver, '2.0');
      assert.match(String(claims.oid), /^[0-9a-f-]{36}$/);
      await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)), { issuer: issuer.issuer, currentDate: new Date(START) });
    } finally {
      await issuer.close();
    }
  });

  it('entra-v1: /{tenant}/ issuer with its slash, v1 keys, aud the application ID URI, appid, ver 1.0', async () => {
    const issuer = await createTestIssuer({ shape: 'entra-v1', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    try {
      assert.equal(issuer.issuer, `${issuer.origin}/72f988bf-86f1-41af-91ab-2d7cd011db47/`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/keys`);
      const claims = decodeJwt(await issuer.token({ clientId: 'caller-app' }));
      assert.equal(claims.aud, 'api://6e74172b-be56-4843-9ff4-e66a39bb12e3');
      assert.equal(claims.appid, 'caller-app');
      assert.equal(claims.ver, '1.0');
      assert.equal(claims.tid, '72f988bf-86f1-41af-91ab-2d7cd011db47');
    } finally {
      await issuer.close();
    }
  });

  it('cognito: /{pool} issuer, no aud, client_id, token_use access, scope string, no typ; its ID token has aud and token_use id', async () => {
    const issuer = await createTestIssuer({ shape: 'cognito' });
    try {
      assert.equal(issuer.issuer, `${issuer.origin}/us-east-1_Example01`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/us-east-1_Example01/.well-known/jwks.json`);
      const token = await issuer.token({ scopes: 'orders/read', clientId: 'app1' });
      assert.equal(decodeProtectedHeader(token).typ, undefined);
      const claims = decodeJwt(token);
      assert.equal('aud' in claims, false);
      assert.equal(claims.client_id, 'app1');
      assert.equal(claims.token_use, 'access');
      assert.equal(claims.scope, 'orders/read');
      const id = decodeJwt(await issuer.tokens.idToken({ clientId: 'app1' }));
      assert.equal(id.aud, 'app1');
      assert.equal(id.token_use, 'id');
      assert.equal('client_id' in id, false);
      assert.equal('scope' in id, false);
    } finally {
      await issuer.close();
    }
  });

  it('keycloak: /realms/{realm} issuer, certs, typ Bearer, azp, realm_access and resource_access roles; its ID token has typ ID', async () => {
    const issuer = await createTestIssuer({ shape: 'keycloak', tenant: 'shop' });
    try {
      assert.equal(issuer.issuer, `${issuer.origin}/realms/shop`);
      assert.equal(issuer.jwksUri, `${issuer.origin}/realms/shop/protocol/openid-connect/certs`);
      const claims = decodeJwt(await issuer.token({ audience: 'account', clientId: 'web' }));
      assert.equal(claims.aud, 'account');
      assert.equal(claims.typ, 'Bearer');
      assert.equal(claims.azp, 'web');
      assert.deepEqual(claims.realm_access, { roles: ['default-roles-shop', 'offline_access', 'uma_authorization'] });
      assert.deepEqual(claims.resource_access, { account: { roles: ['manage-account', 'view-profile'] } });
      const id = decodeJwt(await issuer.tokens.idToken({ clientId: 'web' }));
      assert.equal(id.typ, 'ID');
      assert.equal(id.aud, 'web');
      assert.equal(typeof id.nonce, 'string');
    } finally {
      await issuer.close();
    }
  });
});
