import { durationToSeconds } from './duration.js';
import { ASYMMETRIC_ALGORITHMS, keyTypeOf, type AsymmetricAlgorithm, type KeyRing, type TokenAlgorithm } from './keys.js';
import type { ScopeClaimPlacement, ServerProfile } from './shapes.js';
import { signJws, type JwsSigner } from './sign-jws.js';

/** Options for minting one access token. Every field is optional; the defaults give a valid token. */
export interface TokenOptions {
  /** Scopes, as an array or a space-separated string. Omitted: no scope claim. */
  scopes?: string[] | string;
  /** Overrides where scopes go: `'scp'` (array), `'scope'` (string) or `'scp-string'`. Default: the shape's. */
  scopeClaim?: ScopeClaimPlacement;
  /** Auth0 RBAC permissions, put in a `permissions` array claim. */
  permissions?: string[];
  /** `aud`. Default: the issuer's audience (Cognito access tokens: none). */
  audience?: string | string[];
  /** `sub`. Default `'user-123'`. */
  subject?: string;
  /** Client id (`client_id`, `cid` or `azp` depending on the shape). Default `'client-abc'`. */
  clientId?: string;
  /** Overrides `iss`. */
  issuer?: string;
  /** Lifetime in seconds or with a unit (`'30s'`, `'5m'`, `'1h'`). Default 3600. Negative values are allowed. */
  expiresIn?: number | string;
  /** Sets `nbf` this many seconds (or `'5m'`…) from now. */
  notBefore?: number | string;
  /** RFC 9470 / OIDC `acr`: the authentication context class the user signed in with, e.g. `'mfa'`. */
  acr?: string;
  /** Sets `auth_time` to this many seconds (or `'10m'`…) before now: how long ago the user signed in. */
  authAge?: number | string;
  /** Claims merged last, overriding everything; a value of `undefined` deletes that claim. */
  claims?: Record<string, unknown>;
  /** Signing algorithm. Default RS256, or the algorithm of the key named by `kid`. */
  alg?: TokenAlgorithm;
  /** HMAC secret, required for `alg: 'HS256'` (e.g. `issuer.publicKeyPem()` for algorithm-confusion tests). */
  secret?: Uint8Array | string;
  /**
   * Header `kid`. A published kid selects that key (if its key type fits `alg`);
   * any other string is put in the header while signing with the algorithm's
   * current key; `null` omits the `kid`.
   */
  kid?: string | null;
  /** Merged into the protected header last; `undefined` deletes a member (e.g. `{ typ: undefined }`). */
  header?: Record<string, unknown>;
  /** `'foreign'` signs with a key that is not in the JWKS while keeping the normal `kid`. */
  signingKey?: 'foreign';
  /** Binds the token to this DPoP key (`cnf.jkt`, RFC 9449 §6.1): send it with proofs from that key. */
  dpopKey?: { readonly jkt: string };
  /** Binds the token to a client certificate (`cnf.x5t#S256`, RFC 8705 §3.1): base64url SHA-256 of its DER. */
  certificateThumbprint?: string;
}

/** @internal */
export interface TokenContext {
  readonly issuer: string;
  readonly audience: string;
  readonly profile: ServerProfile;
  readonly keys: KeyRing;
  readonly now: () => number;
}

const TOKEN_ALGORITHMS: readonly string[] = [...ASYMMETRIC_ALGORITHMS, 'HS256', 'none'];

/**
 * Mints a compact JWS access token for the authorization server described by `context`.
 *
 * @internal
 */
export async function mintToken(context: TokenContext, options: TokenOptions = {}): Promise<string> {
  const payload = buildPayload(context, options);
  const { header, signer } = await chooseSigner(context, options);
  if (context.profile.typ !== undefined && header.alg !== 'none') header.typ = context.profile.typ;
  return signJws(mergeDeletingUndefined(header, options.header), payload, signer);
}

/** The claims `mintToken` signs; opaque tokens carry the same ones. @internal */
export function buildPayload(context: TokenContext, options: TokenOptions): Record<string, unknown> {
  const nowSeconds = Math.floor(context.now() / 1000);
  const subject = options.subject ?? 'user-123';
  const payload: Record<string, unknown> = { iss: options.issuer ?? context.issuer, sub: subject };
  if (options.audience !== undefined || context.profile.audienceClaim === 'aud') {
    payload.aud = Array.isArray(options.audience) ? [...options.audience] : (options.audience ?? context.audience);
  }
  payload.iat = nowSeconds;
  if (options.notBefore !== undefined) payload.nbf = nowSeconds + durationToSeconds(options.notBefore, 'notBefore');
  payload.exp = nowSeconds + durationToSeconds(options.expiresIn ?? 3600, 'expiresIn');
  if (options.acr !== undefined) {
    if (typeof options.acr !== 'string' || options.acr === '') throw new TypeError('acr must be a non-empty string');
    payload.acr = options.acr;
  }
  if (options.authAge !== undefined) payload.auth_time = nowSeconds - durationToSeconds(options.authAge, 'authAge');
  Object.assign(payload, context.profile.vendorClaims(subject, options.clientId ?? 'client-abc'));
  if (options.scopes !== undefined) {
    placeScopes(payload, toScopeList(options.scopes), options.scopeClaim ?? context.profile.scopeClaim);
  }
  if (options.permissions !== undefined) payload.permissions = [...options.permissions];
  if (options.dpopKey !== undefined || options.certificateThumbprint !== undefined) {
    payload.cnf = {
      ...(options.dpopKey !== undefined ? { jkt: options.dpopKey.jkt } : {}),
      ...(options.certificateThumbprint !== undefined ? { 'x5t#S256': options.certificateThumbprint } : {}),
    };
  }
  return mergeDeletingUndefined(payload, options.claims);
}

async function chooseSigner(
  context: TokenContext,
  options: TokenOptions,
): Promise<{ header: Record<string, unknown>; signer: JwsSigner }> {
  const named = typeof options.kid === 'string' ? context.keys.find(options.kid) : undefined;
  const alg = options.alg ?? named?.alg ?? 'RS256';
  if (!TOKEN_ALGORITHMS.includes(alg)) {
    throw new TypeError(`alg must be one of ${TOKEN_ALGORITHMS.join(', ')}; got '${String(alg)}'`);
  }
  if (options.signingKey !== undefined && (options.signingKey !== 'foreign' || alg === 'none' || alg === 'HS256')) {
    throw new TypeError(`signingKey: 'foreign' only applies to ${ASYMMETRIC_ALGORITHMS.join(', ')}`);
  }
  const withKid = (defaultKid: string | undefined): Record<string, unknown> => {
    const kid = options.kid === undefined ? defaultKid : options.kid;
    return kid === null || kid === undefined ? { alg } : { alg, kid };
  };

  if (alg === 'none') return { header: withKid(undefined), signer: { alg } };
  if (alg === 'HS256') {
    if (options.secret === undefined) {
      throw new TypeError("alg 'HS256' needs a secret option, e.g. { secret: issuer.publicKeyPem() }");
    }
    const secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
    // Default to the RSA key's kid: a verifier that looks keys up by kid then
    // finds the RSA public key, the classic algorithm-confusion setup.
    return { header: withKid(context.keys.current('RS256').kid), signer: { alg, secret } };
  }

  const asymmetric: AsymmetricAlgorithm = alg;
  // A named key of another algorithm but the same key type (RS256/PS256) still
  // signs: that is how a test produces "the JWKS says PS256, the token says RS256".
  const key = named && keyTypeOf(named.alg) === keyTypeOf(asymmetric) ? named : context.keys.current(asymmetric);
  const material = options.signingKey === 'foreign' ? (await context.keys.foreign(asymmetric)).privateKey : key.privateKey;
  return { header: withKid(key.kid), signer: { alg: asymmetric, key: material } };
}

function toScopeList(scopes: string[] | string): string[] {
  return typeof scopes === 'string' ? scopes.split(' ').filter((scope) => scope !== '') : [...scopes];
}

function placeScopes(payload: Record<string, unknown>, scopes: string[], placement: ScopeClaimPlacement): void {
  if (placement === 'scp') payload.scp = scopes;
  else if (placement === 'scp-string') payload.scp = scopes.join(' ');
  else payload.scope = scopes.join(' ');
}

/** @internal */
export function mergeDeletingUndefined(
  base: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete merged[name];
    // defineProperty so a hostile `__proto__` claim becomes a real member of the JSON.
    else Object.defineProperty(merged, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}
