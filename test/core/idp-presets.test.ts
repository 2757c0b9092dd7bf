import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cognito, entra, keycloak } from '../../src/core/options/presets.js';
import { resolveOptions } from '../../src/core/options/resolve-options.js';

const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
const clientId = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

describe('entra', () => {
  it('builds a single-tenant v2.0 issuer with its keys and both audiences of the API', () => {
    assert.deepEqual(entra({ tenant, clientId }), {
      issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
      jwksUri: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
      kind: 'entra',
      audience: [clientId, `api://${clientId}`],
    });
  });

  it('builds the v1.0 issuer on sts.windows.net, with its trailing slash', () => {
    const entry = entra({ tenant, clientId, appIdUri: 'https://contoso.example/orders', version: 1 });
    assert.equal(entry.issuer, `https://sts.windows.net/${tenant}/`);
    assert.equal(entry.jwksUri, `https://login.microsoftonline.com/${tenant}/discovery/keys`);
    assert.deepEqual(entry.audience, [clientId, 'https://contoso.example/orders']);
  });

  it('builds a multi-tenant template over the common keys, with the tenant allowlist', () => {
    const other = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    assert.deepEqual(entra({ tenants: [tenant, other.toUpperCase()], clientId }), {
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      tenants: [tenant, other],
      kind: 'entra',
      audience: [clientId, `api://${clientId}`],
    });
    const v1 = entra({ tenants: 'any', clientId, version: 1 });
    assert.equal(v1.issuer, 'https://sts.windows.net/{tenantid}/');
    assert.equal(v1.jwksUri, 'https://login.microsoftonline.com/common/discovery/keys');
    assert.equal(v1.tenants, 'any');
  });

  it('resolves: the template is accepted by the options', () => {
    const resolved = resolveOptions({ issuers: [entra({ tenants: [tenant], clientId })] });
    const entry = resolved.issuers.get('https://login.microsoftonline.com/{tenantid}/v2.0')!;
    assert.deepEqual([...(entry.tenants as Set<string>)], [tenant]);
    assert.deepEqual(entry.audiences, [clientId, `api://${clientId}`]);
  });

  it('refuses a tenant given by domain name, common, or both tenant and tenants', () => {
    assert.throws(() => entra({ tenant: 'contoso.onmicrosoft.com', clientId }), /tenant must be a directory \(tenant\) id.*not by domain/);
    assert.throws(() => entra({ tenant: 'common', clientId }), /'common' or 'organizations' are not issuers/);
    assert.throws(() => entra({ tenant, tenants: 'any', clientId }), /either tenant .* or tenants/);
    assert.throws(() => entra({ clientId } as never), /either tenant/);
    assert.throws(() => entra({ tenants: [], clientId }), /tenants must be a non-empty list/);
    assert.throws(() => entra({ tenant, clientId: 'orders-api' }), /clientId must be the application \(client\) id GUID/);
    assert.throws(() => entra({ tenant, clientId, version: 3 as 2 }), /version must be 1 or 2/);
  });

  it('leaves the audience to the global option when neither clientId nor appIdUri is given', () => {
    assert.equal(entra({ tenant }).audience, undefined);
    assert.deepEqual(entra({ tenant, audience: 'api://orders' }).audience, 'api://orders');
  });
});

describe('cognito', () => {
  it('builds the user pool issuer, its keys, and the client_id check in place of aud', () => {
    assert.deepEqual(cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientIds: ['1example23456789'] }), {
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      jwksUri: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json',
      audience: false,
      clientIds: ['1example23456789'],
      kind: 'cognito',
    });
  });

  it('resolves with no audience check and the client allowlist', () => {
    const resolved = resolveOptions({ issuers: [cognito({ region: 'us-east-1', userPoolId: 'us-east-1_Example01', clientIds: 'app1' })], audience: 'ignored-for-cognito' });
    const entry = [...resolved.issuers.values()][0]!;
    assert.equal(entry.audiences, null);
    assert.deepEqual(entry.clientIds, ['app1']);
    assert.equal(entry.kind, 'cognito');
  });

  it('needs clientIds, a region and a pool id of that region', () => {
    assert.throws(() => cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC' } as never), /clientIds is required: Cognito access tokens carry no aud/);
    assert.throws(() => cognito({ region: 'Europe', userPoolId: 'eu-west-1_AbC', clientIds: 'a' }), /region must be an AWS region/);
    assert.throws(() => cognito({ region: 'eu-west-1', userPoolId: 'us-east-1_AbC', clientIds: 'a' }), /userPoolId must look like 'eu-west-1_AbCdEf123'/);
    assert.throws(() => resolveOptions({ issuers: [cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC', clientIds: [] })] }), /clientIds must be a non-empty string or array/);
  });
});

describe('keycloak', () => {
  it('builds the realm issuer and its certs URL', () => {
    assert.deepEqual(keycloak({ url: 'https://sso.example.com', realm: 'shop', audience: 'orders-api' }), {
      issuer: 'https://sso.example.com/realms/shop',
      jwksUri: 'https://sso.example.com/realms/shop/protocol/openid-connect/certs',
      kind: 'keycloak',
      audience: 'orders-api',
    });
  });

  it('keeps a base path (Keycloak before 17 served under /auth) and drops a trailing slash', () => {
    assert.equal(keycloak({ url: 'https://sso.example.com/auth/', realm: 'shop' }).issuer, 'https://sso.example.com/auth/realms/shop');
  });

  it('refuses a URL that already names the realm, and a realm with a slash', () => {
    assert.throws(() => keycloak({ url: 'https://sso.example.com/realms/shop', realm: 'shop' }), /without \/realms\//);
    assert.throws(() => keycloak({ url: 'sso.example.com', realm: 'shop' }), /url must be the server's base URL/);
    assert.throws(() => keycloak({ url: 'https://sso.example.com', realm: 'a/b' }), /realm must be a realm name/);
  });
});

describe('issuer templates in the options', () => {
  it('need tenants, exactly one {tenantid} and a jwksUri', () => {
    const issuer = 'https://login.microsoftonline.com/{tenantid}/v2.0';
    assert.throws(() => resolveOptions({ issuers: [{ issuer, jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys' }], audience: 'a' }), /is a template: list the accepted tenants/);
    assert.throws(() => resolveOptions({ issuers: [{ issuer: 'https://idp.example.com/', tenants: 'any', jwksUri: 'https://idp.example.com/keys' }], audience: 'a' }), /needs an issuer template with \{tenantid\}/);
    assert.throws(() => resolveOptions({ issuers: [{ issuer, tenants: 'any' }], audience: 'a' }), /needs jwksUri/);
  });
});
