import {
  acceptClaims,
  assembleVerifier,
  issuerExpectations,
  createScopeGuard,
  decodeJws,
  headerFacts,
  isBearerGuardError,
  isFailure,
  parseRequiredScopes,
  selectIssuer,
  type AuthGuard,
  type AuthResult,
  type BearerGuardError,
  type ResolvedOptions,
} from '../core/index.js';
import type { InspectConfiguration } from './read-configuration.js';

/** What the API would answer for the token. */
export interface Verdict {
  accepted: boolean;
  /** True only when `--verify` checked the signature against the issuer's published key. */
  signatureVerified: boolean;
  /** The failure the middleware would answer with. */
  error?: BearerGuardError;
}

/** Runs the middleware's checks on one token. */
export interface Inspector {
  inspect(token: string): Promise<Verdict>;
  /** The validated options the checks use. */
  readonly options: ResolvedOptions;
  /** Required scopes, and whether any one of them is enough. */
  readonly scopes: { required: readonly string[]; any: boolean };
  readonly verifiesSignature: boolean;
}

/** Thrown by the offline fetch: the verifier got as far as needing keys. */
class KeysNeeded extends Error {}

/**
 * Validates the configuration exactly as the middleware does (a `TypeError` for any mistake) and
 * returns an inspector.
 *
 * Offline, the real verifier runs with a fetch that refuses every request: every check it makes
 * before it needs keys (format, alg, kid, crit, issuer allowlist, algorithm allowlist) gives the
 * middleware's own answer, and the first fetch marks the point where only the signature was left
 * before the claim checks, which then run here with the same functions and options. With
 * `verify`, the verifier runs with the real fetch, which only ever asks for the configured
 * issuer's discovery document and JWKS.
 */
export function createInspector(
  configuration: InspectConfiguration,
  { verify, fetch, now }: { verify: boolean; fetch: typeof globalThis.fetch; now: () => number },
): Inspector {
  let keysNeeded = false;
  const offlineFetch: typeof globalThis.fetch = async () => {
    keysNeeded = true;
    throw new KeysNeeded('inspect runs offline without --verify');
  };
  const { verifier, options, refuse } = assembleVerifier({
    ...configuration.options,
    fetch: verify ? fetch : offlineFetch,
    clock: now,
    tokenCache: false,
  });
  let guard: AuthGuard | undefined;
  let required: readonly string[] = [];
  if (configuration.scopes.length > 0) {
    const mode = configuration.anyScope ? 'any' : 'all';
    guard = createScopeGuard(mode, configuration.scopes, '--scope');
    required = parseRequiredScopes(configuration.scopes, '--scope');
  }

  const reject = (error: BearerGuardError, signatureVerified: boolean): Verdict => ({ accepted: false, signatureVerified, error });

  /** Scopes are the route's business: the guard's answer, rebuilt with this configuration's realm. */
  function checkScopes(auth: AuthResult, signatureVerified: boolean): Verdict {
    const denied = guard?.(auth);
    if (denied) return reject(refuse({ code: denied.code, description: denied.description, facts: denied.details }), signatureVerified);
    return { accepted: true, signatureVerified };
  }

  async function inspectOnline(token: string): Promise<Verdict> {
    try {
      return checkScopes(await verifier.verify(token), true);
    } catch (error) {
      if (!isBearerGuardError(error)) throw error;
      return reject(error, error.details.signatureVerified === true);
    }
  }

  async function inspectOffline(token: string): Promise<Verdict> {
    keysNeeded = false;
    try {
      await verifier.verify(token);
      throw new Error('bearer-guard inspect: the offline verifier accepted a token without keys');
    } catch (error) {
      if (!isBearerGuardError(error)) throw error;
      if (!keysNeeded) return reject(error, false);
    }
    // Everything before the signature passed, so the token decodes and its issuer is configured.
    const decoded = decodeJws(token);
    if ('code' in decoded) throw new Error('bearer-guard inspect: a token the verifier decoded does not decode');
    const { header, payload } = decoded;
    const iss = payload.iss as string;
    const selected = selectIssuer(options.issuers, iss, payload);
    if (!('entry' in selected)) throw new Error('bearer-guard inspect: a token the verifier selected an issuer for has none');
    const facts = { issuer: iss, ...headerFacts(header) };
    const checked = acceptClaims(token, header, payload, issuerExpectations(selected.entry, options), Math.floor(now() / 1000), facts);
    if (isFailure(checked)) return reject(refuse(checked), false);
    return checkScopes(checked as unknown as AuthResult, false);
  }

  return {
    inspect: verify ? inspectOnline : inspectOffline,
    options,
    scopes: { required, any: configuration.anyScope },
    verifiesSignature: verify,
  };
}
