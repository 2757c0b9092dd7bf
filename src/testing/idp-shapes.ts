import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { oidcIdTokenClaims, type ServerProfile } from './shapes.js';

/** Default tenant of the Entra shapes (a made-up directory id). */
export const EXAMPLE_ENTRA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** Default Entra application (client) id of the API: the `aud` of v2 tokens. */
export const EXAMPLE_ENTRA_API_CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
/** Default Cognito user pool. */
export const EXAMPLE_COGNITO_USER_POOL = 'us-east-1_Example01';
/** Default Keycloak realm. */
export const EXAMPLE_KEYCLOAK_REALM = 'example';

/** A stable GUID-shaped id derived from a name, so one subject keeps one object id. */
function guidOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Entra ID access tokens. v2.0 (`accessTokenAcceptedVersion: 2`): issuer
 * `https://login.microsoftonline.com/{tenant}/v2.0`, `aud` the API's client id, the calling app in
 * `azp`. v1.0 (Entra's default): issuer `https://sts.windows.net/{tenant}/` (with the slash), `aud`
 * the application ID URI, the calling app in `appid`. Both: scopes in `scp` (space-separated);
 * app-only tokens carry `roles` instead.
 */
export function entraProfile(tenant: string, version: 1 | 2): ServerProfile {
  const v2 = version === 2;
  const client = v2 ? { id: 'azp', acr: 'azpacr' } : { id: 'appid', acr: 'appidacr' };
  const paths = v2
    ? { keys: 'discovery/v2.0/keys', oauth: 'oauth2/v2.0' }
    : { keys: 'discovery/keys', oauth: 'oauth2' };
  return {
    issuerPath: v2 ? `/${tenant}/v2.0` : `/${tenant}/`,
    jwksPath: `/${tenant}/${paths.keys}`,
    authorizePath: `/${tenant}/${paths.oauth}/authorize`,
    tokenPath: `/${tenant}/${paths.oauth}/token`,
    typ: 'JWT',
    scopeClaim: 'scp-string',
    audienceClaim: 'aud',
    defaultAudience: () => (v2 ? EXAMPLE_ENTRA_API_CLIENT_ID : `api://${EXAMPLE_ENTRA_API_CLIENT_ID}`),
    vendorClaims: (subject, clientId) => ({
      aio: randomBytes(24).toString('base64url'),
      [client.id]: clientId,
      [client.acr]: '1',
      oid: guidOf(subject),
      rh: `0.${randomBytes(16).toString('base64url')}.`,
      tid: tenant,
      uti: randomBytes(16).toString('base64url'),
      ver: v2 ? '2.0' : '1.0',
    }),
    idTokenClaims: () => ({ ...oidcIdTokenClaims(), [client.id]: undefined, [client.acr]: undefined }),
  };
}

/**
 * Amazon Cognito user-pool access tokens: issuer `https://cognito-idp.{region}.amazonaws.com/{pool}`,
 * no `aud` (the app client is in `client_id`), `token_use: access`, scopes in `scope`, groups in
 * `cognito:groups`, no `typ` header.
 */
export function cognitoProfile(userPoolId: string): ServerProfile {
  return {
    issuerPath: `/${userPoolId}`,
    jwksPath: `/${userPoolId}/.well-known/jwks.json`,
    authorizePath: '/oauth2/authorize',
    tokenPath: '/oauth2/token',
    typ: undefined,
    scopeClaim: 'scope',
    audienceClaim: 'none',
    defaultAudience: () => 'https://api.example.test',
    vendorClaims: (subject, clientId) => ({
      version: 2,
      client_id: clientId,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'access',
      jti: randomUUID(),
      username: subject,
    }),
    // Cognito ID tokens have aud (the app client) and token_use=id; no client_id, scope or username.
    idTokenClaims: () => ({
      token_use: 'id',
      client_id: undefined,
      username: undefined,
      jti: undefined,
    }),
  };
}

/**
 * Keycloak access tokens: issuer `{base}/realms/{realm}`, keys under
 * `/protocol/openid-connect/certs`, `typ: Bearer` in the payload, the client in `azp`, roles in
 * `realm_access.roles` and `resource_access.{client}.roles`. Keycloak's own default `aud` is
 * `account`; this shape's default is the API's audience, as after adding an audience mapper.
 */
export function keycloakProfile(realm: string): ServerProfile {
  const base = `/realms/${realm}/protocol/openid-connect`;
  return {
    issuerPath: `/realms/${realm}`,
    jwksPath: `${base}/certs`,
    authorizePath: `${base}/auth`,
    tokenPath: `${base}/token`,
    typ: 'JWT',
    scopeClaim: 'scope',
    audienceClaim: 'aud',
    defaultAudience: () => 'https://api.example.test',
    vendorClaims: (subject, clientId) => ({
      jti: randomUUID(),
      typ: 'Bearer',
      azp: clientId,
      sid: randomUUID(),
      acr: '1',
      realm_access: { roles: [`default-roles-${realm}`, 'offline_access', 'uma_authorization'] },
      resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
      email_verified: true,
      preferred_username: subject,
    }),
    idTokenClaims: () => ({ ...oidcIdTokenClaims(), typ: 'ID' }),
  };
}
