import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  cognitoProfile,
  entraProfile,
  EXAMPLE_COGNITO_USER_POOL,
  EXAMPLE_ENTRA_TENANT,
  EXAMPLE_KEYCLOAK_REALM,
  keycloakProfile,
} from './idp-shapes.js';

/** Which real-world authorization server the test issuer imitates. */
export type IssuerShape = 'generic' | 'okta-custom' | 'okta-org' | 'auth0' | 'entra-v2' | 'entra-v1' | 'cognito' | 'keycloak';

/** The shapes whose issuer path names a tenant (Entra directory, Cognito user pool, Keycloak realm). */
export const TENANT_SHAPES: ReadonlySet<IssuerShape> = new Set(['entra-v2', 'entra-v1', 'cognito', 'keycloak']);

/** Where a token's scopes go: `scp` array (Okta), `scope` string (RFC 9068, Auth0), or `scp` as a string (Entra). */
export type ScopeClaimPlacement = 'scp' | 'scope' | 'scp-string';

/**
 * Everything that differs between one authorization server imitation and
 * another: URL layout, header `typ`, and the claims a vendor adds.
 *
 * @internal
 */
export interface ServerProfile {
  /** Path of the issuer under the origin: `''`, `'/'` (Auth0's trailing slash) or `'/oauth2/{id}'`. */
  readonly issuerPath: string;
  readonly jwksPath: string;
  readonly authorizePath: string;
  readonly tokenPath: string;
  /** `typ` header of access tokens; Okta sends none. */
  readonly typ: string | undefined;
  readonly scopeClaim: ScopeClaimPlacement;
  /** `'none'`: tokens carry no `aud` unless one is asked for (Cognito access tokens). */
  readonly audienceClaim: 'aud' | 'none';
  defaultAudience(issuer: string): string;
  /** Vendor claims placed after `iss/sub/aud/iat/exp` and before scopes. */
  vendorClaims(subject: string, clientId: string): Record<string, unknown>;
  /** Claims that make an access token of this shape an ID token (`aud` becomes the client id). */
  idTokenClaims(clientId: string): Record<string, unknown>;
}

/** An OpenID Connect ID token: a nonce, and no access-token client claims. */
export function oidcIdTokenClaims(): Record<string, unknown> {
  return { nonce: randomBytes(12).toString('base64url'), client_id: undefined, cid: undefined, jti: undefined };
}

const EXAMPLE_API_AUDIENCE = 'https://api.example.test';

const generic: ServerProfile = {
  issuerPath: '',
  jwksPath: '/.well-known/jwks.json',
  authorizePath: '/authorize',
  tokenPath: '/token',
  typ: 'at+jwt',
  scopeClaim: 'scope',
  audienceClaim: 'aud',
  defaultAudience: () => EXAMPLE_API_AUDIENCE,
  // RFC 9068 §2.2 claims.
  vendorClaims: (_subject, clientId) => ({ client_id: clientId, jti: randomUUID() }),
  idTokenClaims: oidcIdTokenClaims,
};

const auth0: ServerProfile = {
  issuerPath: '/',
  jwksPath: '/.well-known/jwks.json',
  authorizePath: '/authorize',
  tokenPath: '/oauth/token',
  typ: 'JWT',
  scopeClaim: 'scope',
  audienceClaim: 'aud',
  defaultAudience: () => EXAMPLE_API_AUDIENCE,
  vendorClaims: (_subject, clientId) => ({ azp: clientId }),
  idTokenClaims: oidcIdTokenClaims,
};

function oktaProfile(basePath: string, audience: ((issuer: string) => string) | string): ServerProfile {
  // The org server sits at the origin but keeps its endpoints under /oauth2/v1.
  const apiBase = basePath || '/oauth2';
  return {
    issuerPath: basePath,
    jwksPath: `${apiBase}/v1/keys`,
    authorizePath: `${apiBase}/v1/authorize`,
    tokenPath: `${apiBase}/v1/token`,
    typ: undefined,
    scopeClaim: 'scp',
    audienceClaim: 'aud',
    defaultAudience: typeof audience === 'string' ? () => audience : audience,
    vendorClaims: (subject, clientId) => ({
      ver: 1,
      jti: `AT.${randomBytes(24).toString('base64url')}`,
      cid: clientId,
      uid: oktaUserId(subject),
    }),
    idTokenClaims: oidcIdTokenClaims,
  };
}

/**
 * The profiles served for a shape. Okta custom authorization servers always
 * live on a domain that also hosts the org authorization server, so that
 * shape has two.
 *
 * @internal
 */
export function profilesFor(
  shape: IssuerShape,
  authorizationServerId: string,
  tenant?: string,
): { primary: ServerProfile; org?: ServerProfile } {
  if (tenant !== undefined && !/^[A-Za-z0-9._~-]+$/.test(tenant)) {
    throw new TypeError(`tenant must be a single URL path segment, got '${tenant}'`);
  }
  const org = oktaProfile('', (issuer) => issuer);
  switch (shape) {
    case 'generic':
      return { primary: generic };
    case 'auth0':
      return { primary: auth0 };
    case 'okta-org':
      return { primary: org };
    case 'okta-custom':
      if (!/^[A-Za-z0-9._~-]+$/.test(authorizationServerId)) {
        throw new TypeError(
          `authorizationServerId must be a single URL path segment like 'default' or 'aus1a2b3c', got '${authorizationServerId}'`,
        );
      }
      return { primary: oktaProfile(`/oauth2/${authorizationServerId}`, 'api://default'), org };
    case 'entra-v2':
      return { primary: entraProfile(tenant ?? EXAMPLE_ENTRA_TENANT, 2) };
    case 'entra-v1':
      return { primary: entraProfile(tenant ?? EXAMPLE_ENTRA_TENANT, 1) };
    case 'cognito':
      return { primary: cognitoProfile(tenant ?? EXAMPLE_COGNITO_USER_POOL) };
    case 'keycloak':
      return { primary: keycloakProfile(tenant ?? EXAMPLE_KEYCLOAK_REALM) };
    default:
      throw new TypeError(
        `shape must be 'generic', 'okta-custom', 'okta-org', 'auth0', 'entra-v2', 'entra-v1', 'cognito' or 'keycloak', got '${String(shape)}'`,
      );
  }
}

// Okta user ids look like `00u` + 17 characters; deriving it from the subject
// keeps tokens for the same user consistent without any shared state.
function oktaUserId(subject: string): string {
  return `00u${createHash('sha256').update(subject).digest('base64url').replace(/[-_]/g, 'x').slice(0, 17)}`;
}
