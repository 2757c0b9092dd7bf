import type { FailureCode, IssuerConfig } from '../../src/core/index.js';
import { cognito, entra, keycloak } from '../../src/core/index.js';
import type { IssuerShape, TestIssuer, TokenOptions } from '../../src/testing/index.js';

/**
 * Tokens of each IdP's real shape (from the testing kit) against the IdP's preset, with the real
 * issuer URLs in tokens and configuration: the runner answers the preset's real key URL from the
 * local issuer, and refuses any other URL, so a preset that names the wrong key location fails.
 *
 * Routes (see test/matrix/adapters.ts): `/me` any valid token, `/users` scope users:read,
 * `/roles` role admin or orders-api:write.
 */
export interface PresetCase {
  name: string;
  /** The local issuer's shape and tenant (Entra directory, Cognito pool, Keycloak realm). */
  shape: IssuerShape;
  tenant: string;
  preset: IssuerConfig;
  /** The `iss` of the token: the IdP's real issuer for this tenant. */
  iss: string;
  token(issuer: TestIssuer, iss: string): Promise<string>;
  path: '/me' | '/users' | '/roles';
  expect: { status: 200 | 401 | 403; code?: FailureCode; description?: RegExp };
}

const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
const otherTenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const apiClientId = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const v2 = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;
const v1 = (tid: string) => `https://sts.windows.net/${tid}/`;
const pool = 'eu-west-1_AbCdEf123';
const poolIssuer = `https://cognito-idp.eu-west-1.amazonaws.com/${pool}`;
const keycloakIssuer = 'https://sso.example.com/realms/shop';

const mint = (options: TokenOptions = {}) => (issuer: TestIssuer, iss: string) => issuer.token({ ...options, issuer: iss });

const entraV2 = { shape: 'entra-v2' as const, tenant, iss: v2(tenant), preset: entra({ tenant, clientId: apiClientId }) };
const entraMulti = (tenants: string[] | 'any') => ({ shape: 'entra-v2' as const, preset: entra({ tenants, clientId: apiClientId }) });
const cognitoPool = { shape: 'cognito' as const, tenant: pool, iss: poolIssuer, preset: cognito({ region: 'eu-west-1', userPoolId: pool, clientIds: ['app-client-1'] }) };
const keycloakRealm = { shape: 'keycloak' as const, tenant: 'shop', iss: keycloakIssuer, preset: keycloak({ url: 'https://sso.example.com', realm: 'shop', audience: 'orders-api' }) };
const forKeycloak = (options: TokenOptions = {}) => mint({ audience: ['orders-api', 'account'], ...options });

export const presetCases: PresetCase[] = [
  // Entra ID
  { name: 'Entra v2 delegated token with scp', ...entraV2, token: mint({ scopes: 'users:read' }), path: '/users', expect: { status: 200 } },
  { name: 'Entra v2 app-only token with the app role in roles', ...entraV2, token: mint({ claims: { roles: ['admin'], idtyp: 'app' } }), path: '/roles', expect: { status: 200 } },
  {
    name: 'Entra v2 token without the app role',
    ...entraV2,
    token: mint({ claims: { roles: ['Reader'] } }),
    path: '/roles',
    expect: { status: 403, code: 'role_missing', description: /needs one of the roles admin, orders-api:write/ },
  },
  {
    name: 'Entra v1 token (sts.windows.net, aud the application ID URI) with the v1 preset',
    shape: 'entra-v1',
    tenant,
    iss: v1(tenant),
    preset: entra({ tenant, clientId: apiClientId, version: 1 }),
    token: mint({ scopes: 'users:read' }),
    path: '/users',
    expect: { status: 200 },
  },
  {
    name: 'Entra v1 token sent to an API configured for v2 tokens',
    shape: 'entra-v1',
    tenant,
    iss: v1(tenant),
    preset: entra({ tenant, clientId: apiClientId }),
    token: mint(),
    path: '/me',
    expect: { status: 401, code: 'issuer_not_allowed', description: /sts\.windows\.net.*not accepted.*login\.microsoftonline\.com/ },
  },
  { name: 'Entra multi-tenant: a token from an allowed tenant', ...entraMulti([otherTenant, tenant]), tenant, iss: v2(tenant), token: mint(), path: '/me', expect: { status: 200 } },
  {
    name: 'Entra multi-tenant: a token from a tenant not allowed',
    ...entraMulti([otherTenant]),
    tenant,
    iss: v2(tenant),
    token: mint(),
    path: '/me',
    expect: { status: 401, code: 'tenant_not_allowed', description: new RegExp(`from tenant ${tenant}, which this API does not accept`) },
  },
  { name: "Entra multi-tenant with tenants: 'any'", ...entraMulti('any'), tenant, iss: v2(tenant), token: mint(), path: '/me', expect: { status: 200 } },
  {
    name: 'Entra multi-tenant: tid of an allowed tenant in a token issued for another',
    ...entraMulti([otherTenant]),
    tenant,
    iss: v2(tenant),
    token: mint({ claims: { tid: otherTenant } }),
    path: '/me',
    expect: { status: 401, code: 'issuer_not_allowed' },
  },
  {
    name: 'Entra ID token sent as an access token',
    ...entraV2,
    token: (issuer, iss) => issuer.tokens.idToken({ issuer: iss }),
    path: '/me',
    expect: { status: 401, code: 'id_token_presented', description: /ID token .*nonce/ },
  },
  // Amazon Cognito
  { name: 'Cognito access token of an allowed app client (no aud)', ...cognitoPool, token: mint({ clientId: 'app-client-1', scopes: 'users:read' }), path: '/users', expect: { status: 200 } },
  { name: 'Cognito access token with cognito:groups', ...cognitoPool, token: mint({ clientId: 'app-client-1', claims: { 'cognito:groups': ['admin'] } }), path: '/roles', expect: { status: 200 } },
  {
    name: 'Cognito ID token',
    ...cognitoPool,
    token: (issuer, iss) => issuer.tokens.idToken({ issuer: iss, clientId: 'app-client-1' }),
    path: '/me',
    expect: { status: 401, code: 'id_token_presented', description: /ID token .*token_use=id.*send the access token/ },
  },
  {
    name: 'Cognito access token of another app client',
    ...cognitoPool,
    token: mint({ clientId: 'app-client-2' }),
    path: '/me',
    expect: { status: 401, code: 'client_not_allowed', description: /issued to client 'app-client-2'.*app-client-1/ },
  },
  {
    name: 'Cognito token without token_use',
    ...cognitoPool,
    token: mint({ clientId: 'app-client-1', claims: { token_use: undefined } }),
    path: '/me',
    expect: { status: 401, code: 'token_use_mismatch', description: /token_use is missing; Cognito access tokens carry token_use=access/ },
  },
  // Keycloak
  { name: 'Keycloak token with an audience mapper', ...keycloakRealm, token: forKeycloak({ scopes: 'users:read' }), path: '/users', expect: { status: 200 } },
  { name: 'Keycloak realm role', ...keycloakRealm, token: forKeycloak({ claims: { realm_access: { roles: ['admin'] } } }), path: '/roles', expect: { status: 200 } },
  {
    name: 'Keycloak client role',
    ...keycloakRealm,
    token: forKeycloak({ claims: { resource_access: { 'orders-api': { roles: ['write'] } } } }),
    path: '/roles',
    expect: { status: 200 },
  },
  {
    name: 'Keycloak token with only default roles',
    ...keycloakRealm,
    token: forKeycloak(),
    path: '/roles',
    expect: { status: 403, code: 'role_missing' },
  },
  {
    name: "Keycloak token with Keycloak's default aud: account",
    ...keycloakRealm,
    token: mint({ audience: 'account' }),
    path: '/me',
    expect: { status: 401, code: 'audience_mismatch', description: /default audience is account: .*add a mapper of type Audience/ },
  },
  {
    name: 'Keycloak ID token (typ ID)',
    ...keycloakRealm,
    token: (issuer, iss) => issuer.tokens.idToken({ issuer: iss, claims: { nonce: undefined } }),
    path: '/me',
    expect: { status: 401, code: 'id_token_presented', description: /typ ID/ },
  },
];
