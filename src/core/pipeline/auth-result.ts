import type { AcceptedToken } from '../claims/accept-claims.js';
import type { BearerGuardError } from '../errors/auth-error.js';
import type { Failure } from '../errors/failure.js';
import { deepFreeze } from '../lib/deep-freeze.js';

/** The verified token, as adapters put it on `req.auth` / `ctx.state.auth`. Frozen. */
export interface AuthResult {
  /** The raw access token (for calling downstream APIs on the user's behalf). */
  readonly token: string;
  /** The protected header; empty for an introspected token (the IdP vouched for it, not a signature checked here). */
  readonly header: Readonly<Record<string, unknown>> & { readonly alg?: string; readonly kid?: string; readonly typ?: string };
  /** The verified claims. */
  readonly claims: Readonly<Record<string, unknown>> & {
    readonly iss: string;
    readonly sub?: string;
    readonly aud?: string | readonly string[];
    readonly exp: number;
    readonly iat?: number;
    readonly nbf?: number;
    readonly jti?: string;
  };
  /**
   * Granted scopes from `scp`, `scope` (and `permissions` when enabled). Frozen: typed as a plain
   * array only so that the result is the MCP SDK's `AuthInfo`; copy it to change it.
   */
  readonly scopes: string[];
  /** The issuer that vouched for the token (equal to `claims.iss`). */
  readonly issuer: string;
  readonly subject?: string;
  /** `client_id`, Okta's `cid` or `azp`, whichever the token has; `''` when it has none. */
  readonly clientId: string;
  /** How the token is bound to its client, checked on this request: DPoP key, TLS certificate, or none. */
  readonly binding: TokenBinding;
  /** When the token expires, in epoch seconds (`claims.exp`; always there for a JWT). */
  readonly expiresAt?: number;
  /**
   * The configured `resource` as a URL, when the token's `aud` names it (RFC 8707): the token
   * was issued for this resource. A new `URL` on every read, so no handler can change another's.
   */
  readonly resource?: URL;
  /** The claims again, under the name the MCP SDK's `AuthInfo` gives them. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * How a token is sender-constrained: to a DPoP key (RFC 9449, `cnf.jkt`, the key's RFC 7638
 * thumbprint), to a TLS client certificate (RFC 8705, `cnf["x5t#S256"]`), or not at all.
 */
export type TokenBinding =
  | { readonly method: 'none' }
  | { readonly method: 'dpop'; readonly jkt: string; readonly x5tS256?: string }
  | { readonly method: 'mtls'; readonly x5tS256: string };

/** The binding a token's `cnf` claim declares (the per-request checks make sure it holds). */
function bindingOf(claims: Readonly<Record<string, unknown>>): TokenBinding {
  const cnf = claims.cnf;
  if (typeof cnf !== 'object' || cnf === null) return unbound;
  const { jkt, 'x5t#S256': x5tS256 } = cnf as Record<string, unknown>;
  const certificate = typeof x5tS256 === 'string' ? x5tS256 : undefined;
  if (typeof jkt === 'string') return certificate === undefined ? { method: 'dpop', jkt } : { method: 'dpop', jkt, x5tS256: certificate };
  return certificate === undefined ? unbound : { method: 'mtls', x5tS256: certificate };
}

const unbound: TokenBinding = Object.freeze({ method: 'none' });

/** Turns a failure into the answer of the verifier that accepted a result (its realm, its hooks). */
export type Refuse = (failure: Failure) => BearerGuardError;

// A registered symbol, like the error marker: the ESM and CommonJS builds are two copies of this
// module, and a guard from one must find the refuser of a result accepted by the other.
const refuserOf = Symbol.for('bearer-guard.refuse');
const timeOf = Symbol.for('bearer-guard.time');

/** The accepting verifier's sense of time, for guards that compare claims with it (step-up). */
export interface VerifierTime {
  /** Epoch milliseconds (the injected clock). */
  readonly clock: () => number;
  readonly toleranceSec: number;
}

/** What a result carries about the verifier that accepted it. */
export interface SealContext {
  readonly refuse: Refuse;
  readonly time: VerifierTime;
  /** The configured `resource`, reported on the result when the token's `aud` names it. */
  readonly resource?: string | undefined;
}

function audienceNames(aud: unknown, resource: string): boolean {
  return aud === resource || (Array.isArray(aud) && aud.includes(resource));
}

/**
 * Makes an accepted token the result handed to the app: tied to the verifier that accepted it (so
 * guards answer with the same realm and hooks), frozen (the header is frozen when decoded), and
 * shaped as the MCP SDK's `AuthInfo` as well (`clientId`, `expiresAt`, `resource`, `extra`), so
 * `req.auth` can be handed to the SDK's transport as it is.
 */
export function sealResult(accepted: AcceptedToken, { refuse, time, resource }: SealContext): AuthResult {
  const binding = bindingOf(accepted.claims);
  (accepted as AcceptedToken & { binding: TokenBinding }).binding = Object.freeze(binding);
  // A DPoP-bound token came with the DPoP scheme: its guards' answers go into the DPoP challenge.
  const answer: Refuse = binding.method === 'dpop' ? (failure) => refuse({ ...failure, facts: { ...failure.facts, scheme: 'dpop' } }) : refuse;
  Object.defineProperty(accepted, refuserOf, { value: answer });
  Object.defineProperty(accepted, timeOf, { value: time });
  const result = accepted as AcceptedToken & { clientId: string; expiresAt?: number; extra: Record<string, unknown> };
  result.clientId ??= '';
  if (typeof accepted.claims.exp === 'number') result.expiresAt = accepted.claims.exp;
  result.extra = accepted.claims;
  if (resource !== undefined && audienceNames(accepted.claims.aud, resource)) {
    Object.defineProperty(accepted, 'resource', { get: () => new URL(resource), enumerable: true });
  }
  Object.freeze(accepted.scopes);
  deepFreeze(accepted.claims);
  return Object.freeze(accepted) as unknown as AuthResult;
}

/** The clock and tolerance of the verifier that accepted `auth`, if a verifier did. */
export function timeFor(auth: AuthResult): VerifierTime | undefined {
  return (auth as unknown as Record<symbol, VerifierTime | undefined>)[timeOf];
}

/** The answer function of the verifier that accepted `auth`, if a verifier did. */
export function refuserFor(auth: AuthResult): Refuse | undefined {
  return (auth as unknown as Record<symbol, Refuse | undefined>)[refuserOf];
}
