import type { AcceptedToken } from '../claims/accept-claims.js';
import type { BearerGuardError } from '../errors/auth-error.js';
import type { Failure } from '../errors/failure.js';
import { deepFreeze } from '../lib/deep-freeze.js';

/** The verified token, as adapters put it on `req.auth` / `ctx.state.auth`. Frozen. */
export interface AuthResult {
  /** The raw access token (for calling downstream APIs on the user's behalf). */
  readonly token: string;
  /** The protected header. */
  readonly header: Readonly<Record<string, unknown>> & { readonly alg: string; readonly kid?: string; readonly typ?: string };
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
}

/** Turns a failure into the answer of the verifier that accepted a result (its realm, its hooks). */
export type Refuse = (failure: Failure) => BearerGuardError;

const refuserOf = Symbol('bearer-guard.refuse');

/**
 * Makes an accepted token the result handed to the app: tied to the verifier that accepted it (so
 * guards answer with the same realm and hooks), and frozen (the header is frozen when decoded).
 */
export function sealResult(accepted: AcceptedToken, refuse: Refuse): AuthResult {
  Object.defineProperty(accepted, refuserOf, { value: refuse });
  Object.freeze(accepted.scopes);
  deepFreeze(accepted.claims);
  return Object.freeze(accepted) as unknown as AuthResult;
}

/** The answer function of the verifier that accepted `auth`, if a verifier did. */
export function refuserFor(auth: AuthResult): Refuse | undefined {
  return (auth as unknown as Record<symbol, Refuse | undefined>)[refuserOf];
}
