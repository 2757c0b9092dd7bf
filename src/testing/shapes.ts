import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Which real-world authorization server the test issuer imitates. */
export type IssuerShape = 'generic' | 'okta-custom' | 'okta-org' | 'auth0';

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
  defaultAudience(issuer: string): string;
  /** Vendor claims placed after `iss/sub/aud/iat/exp` and before scopes. */
  vendorClaims(subject: string, clientId: string): Record<string, unknown>;
}

const EXAMPLE_API_AUDIENCE = 'https://api.example.test';

const generic: ServerProfile = {
  issuerPath: '',
  jwksPath: '/.well-known/jwks.json',
  authorizePath: '/authorize',
  tokenPath: '/token',
  typ: 'at+jwt',
  scopeClaim: 'scope',
  defaultAudience: () => EXAMPLE_API_AUDIENCE,
  // RFC 9068 §2.2 claims.
  vendorClaims: (_subject, clientId) => ({ client_id: clientId, jti: randomUUID() }),
};

const auth0: ServerProfile = {
  issuerPath: '/',
  jwksPath: '/.well-known/jwks.json',
  authorizePath: '/authorize',
  tokenPath: '/oauth/token',
  typ: 'JWT',
  scopeClaim: 'scope',
  defaultAudience: () => EXAMPLE_API_AUDIENCE,
  vendorClaims: (_subject, clientId) => ({ azp: clientId }),
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
    defaultAudience: typeof audience === 'string' ? () => audience : audience,
    vendorClaims: (subject, clientId) => ({
      ver: 1,
      jti: `AT.${randomBytes(24).toString('base64url')}`,
      cid: clientId,
      uid: oktaUserId(subject),
    }),
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
): { primary: ServerProfile; org?: ServerProfile } {
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
    default:
      throw new TypeError(`shape must be 'generic', 'okta-custom', 'okta-org' or 'auth0', got '${String(shape)}'`);
  }
}

// Okta user ids look like `00u` + 17 characters; deriving it from the subject
// keeps tokens for the same user consistent without any shared state.
function oktaUserId(subject: string): string {
  return `00u${createHash('sha256').update(subject).digest('base64url').replace(/[-_]/g, 'x').slice(0, 17)}`;
}
