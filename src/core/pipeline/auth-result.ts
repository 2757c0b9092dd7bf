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
  /** Granted scopes from `scp`, `scope` (and `permissions` when enabled). */
  readonly scopes: readonly string[];
  /** The issuer that vouched for the token (equal to `claims.iss`). */
  readonly issuer: string;
  readonly subject?: string;
  /** `client_id`, Okta's `cid` or `azp`, whichever the token has. */
  readonly clientId?: string;
  /** How the token is bound to its client, checked on this request: DPoP key, TLS certificate, or none. */
  readonly binding: TokenBinding;
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

/**
 * Makes an accepted token the result handed to the app: tied to the verifier that accepted it (so
 * guards answer with the same realm and hooks), and frozen (the header is frozen when decoded).
 */
export function sealResult(accepted: AcceptedToken, refuse: Refuse): AuthResult {
  const binding = bindingOf(accepted.claims);
  (accepted as AcceptedToken & { binding: TokenBinding }).binding = Object.freeze(binding);
  // A DPoP-bound token came with the DPoP scheme: its guards' answers go into the DPoP challenge.
  const answer: Refuse = binding.method === 'dpop' ? (failure) => refuse({ ...failure, facts: { ...failure.facts, scheme: 'dpop' } }) : refuse;
  Object.defineProperty(accepted, refuserOf, { value: answer });
  Object.freeze(accepted.scopes);
  deepFreeze(accepted.claims);
  return Object.freeze(accepted) as unknown as AuthResult;
}

/** The answer function of the verifier that accepted `auth`, if a verifier did. */
export function refuserFor(auth: AuthResult): Refuse | undefined {
  return (auth as unknown as Record<symbol, Refuse | undefined>)[refuserOf];
}
