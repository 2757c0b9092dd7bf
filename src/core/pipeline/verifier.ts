import { createSecretKey, type KeyObject } from 'node:crypto';
import { isSymmetricAlgorithm } from '../jws/algorithms.js';
import { algorithmProblem } from '../jws/algorithm-allowed.js';
import { createAuthError, type BearerGuardError, type FailureDetails } from '../errors/auth-error.js';
import { acceptClaims, issuerExpectations, type IssuerExpectations } from '../claims/accept-claims.js';
import { debugLog } from '../lib/debug-log.js';
import { decodeJws, type DecodedJws } from '../jws/decode-jws.js';
import { deepFreeze } from '../lib/deep-freeze.js';
import { describeValue } from '../lib/describe-value.js';
import { diagnoseIssuer } from '../claims/diagnose-issuer.js';
import { extractToken, type RequestCredentials } from '../request/extract-token.js';
import type { FailureCode } from '../errors/failure-codes.js';
import { createKeyStore, KeyLookupProblem, type KeyStore } from '../keys/key-store.js';
import { KeySourceFailure } from '../keys/key-source-failure.js';
import type { BearerGuardOptions } from '../options/options.js';
import { resolveOptions, type ResolvedIssuer, type ResolvedOptions } from '../options/resolve-options.js';
import { createTokenCache, type TokenCache } from './token-cache.js';
import { verifySignature } from '../jws/verify-signature.js';

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

/** Verifies bearer tokens against the configured issuers. One per middleware. */
export interface Verifier {
  /** Verifies a token; throws a {@link BearerGuardError} (401 or 503) when it is not acceptable. */
  verify(token: string): Promise<AuthResult>;
  /** Finds the token in the request (400/401 when absent or malformed), then verifies it. */
  authenticate(credentials: RequestCredentials): Promise<AuthResult>;
  /** Builds a failure with this verifier's realm and metadata, and reports it to `onAuthFailure`. */
  fail(code: FailureCode, description: string, details?: FailureDetails, startedAt?: number): BearerGuardError;
  /** The validated options. */
  readonly options: ResolvedOptions;
}

const verifierOf = Symbol('bearer-guard.verifier');

/**
 * Memory bound of the verified-token cache, on top of its entry count. An entry is estimated at
 * three bytes per token character: the token string itself plus its decoded header and claims
 * (about three quarters of the token) and their object overhead.
 */
const tokenCacheMaxBytes = 64 * 1024 * 1024;
const bytesPerTokenCharacter = 3;

interface CachedResult {
  result: AuthResult;
  /** The key store generation that verified it. */
  generation: number;
}

/** The header is frozen when decoded; the rest of the result is frozen here. */
function freezeResult(result: AuthResult): void {
  Object.freeze(result.scopes);
  deepFreeze(result.claims);
  Object.freeze(result);
}

function verifiesWithAny(keys: readonly KeyObject[], alg: string, decoded: DecodedJws): boolean {
  for (const key of keys) if (verifySignature(alg, key, decoded.signingInput, decoded.signature)) return true;
  return false;
}

/** The verifier that produced a result (so guards can answer with the same realm). */
export function verifierForResult(auth: AuthResult): Verifier | undefined {
  return (auth as unknown as Record<symbol, Verifier | undefined>)[verifierOf];
}

/**
 * Creates a verifier: options are validated here (a `TypeError` for any mistake), key stores are
 * set up per issuer, and everything per request is the lookup and the checks.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default' });
 * const auth = await verifier.verify(token);
 * ```
 */
export function createVerifier(options: BearerGuardOptions): Verifier {
  const resolved = resolveOptions(options);
  const { clock } = resolved;
  const accepted = [...resolved.issuers.keys()];
  const emitKeyEvent = (event: Parameters<NonNullable<ResolvedOptions['onKeyEvent']>>[0]) => {
    debugLog('%s %j', event.type, event);
    try {
      resolved.onKeyEvent?.(event);
    } catch {
      // A logging hook must never break authentication.
    }
  };
  const keyStores = new Map<string, KeyStore>();
  const expectations = new Map<string, IssuerExpectations>();
  const secrets = new Map<string, KeyObject[]>();
  for (const entry of resolved.issuers.values()) {
    expectations.set(entry.issuer, issuerExpectations(entry, resolved));
    if (entry.secret) secrets.set(entry.issuer, [createSecretKey(entry.secret)]);
    keyStores.set(
      entry.issuer,
      createKeyStore({
        issuer: entry.issuer,
        ...(entry.jwksUri ? { jwksUri: entry.jwksUri } : {}),
        policy: resolved.keys,
        fetch: resolved.fetch,
        clock,
        emit: emitKeyEvent,
      }),
    );
  }
  // A cached result answers what a fresh verification would: it is dropped when another key set
  // is adopted (generation), and it ends when exp plus tolerance passes or when the key set that
  // verified it expires (a fresh verification would refetch the keys then, and a key the IdP has
  // withdrawn must stop vouching). nbf and iat only get easier to pass as time goes on.
  const cache: TokenCache<CachedResult> | null = resolved.tokenCache
    ? createTokenCache<CachedResult>({ ...resolved.tokenCache, maxBytes: tokenCacheMaxBytes })
    : null;

  function fail(code: FailureCode, description: string, details: FailureDetails = {}, startedAt?: number): BearerGuardError {
    const error = createAuthError(resolved.challenge, code, description, details);
    // Checked first: a disabled debuglog still spreads its arguments through an iterator.
    if (debugLog.enabled) debugLog('rejected %d %s: %s', error.status, code, error.description);
    if (resolved.onAuthFailure) {
      try {
        resolved.onAuthFailure({
          type: 'auth_failure',
          code,
          status: error.status,
          description: error.description,
          ...(details.issuer ? { issuer: details.issuer } : {}),
          ...(details.kid ? { kid: details.kid } : {}),
          ...(details.alg ? { alg: details.alg } : {}),
          ...(details.subject ? { subject: details.subject } : {}),
          ...(details.clientId ? { clientId: details.clientId } : {}),
          ...(details.missingScopes ? { missingScopes: [...details.missingScopes] } : {}),
          durationMs: startedAt === undefined ? 0 : performance.now() - startedAt,
        });
      } catch {
        // A logging hook must never break authentication.
      }
    }
    return error;
  }

  // Durations are only reported to the hooks; without them, no timer is read.
  const startTimer = resolved.onAuthSuccess || resolved.onAuthFailure ? () => performance.now() : () => 0;

  function succeed(result: AuthResult, startedAt: number, cached: boolean): AuthResult {
    if (debugLog.enabled) debugLog('accepted token of %s from %s%s', result.subject ?? '(no sub)', result.issuer, cached ? ' (cached)' : '');
    if (resolved.onAuthSuccess) {
      try {
        resolved.onAuthSuccess({
          type: 'auth_success',
          issuer: result.issuer,
          ...(result.header.kid ? { kid: result.header.kid } : {}),
          alg: result.header.alg,
          ...(result.subject ? { subject: result.subject } : {}),
          ...(result.clientId ? { clientId: result.clientId } : {}),
          scopes: [...result.scopes],
          cached,
          durationMs: performance.now() - startedAt,
        });
      } catch {
        // A logging hook must never break authentication.
      }
    }
    return result;
  }

  /** The keys for a token when they are at hand: the shared secret, or published keys already looked up. */
  function readyKeys(entry: ResolvedIssuer, kid: string | undefined, alg: string, now: number): KeyObject[] | undefined {
    // HS* passed the allowlist, and configuration allows HS* only on entries with a secret.
    if (isSymmetricAlgorithm(alg)) return secrets.get(entry.issuer)!;
    return keyStores.get(entry.issuer)!.readyKeys(kid, alg, now);
  }

  /** The published keys for a token, fetched or imported as needed; lookup problems become failures. */
  async function keysFor(entry: ResolvedIssuer, kid: string | undefined, alg: string, details: FailureDetails, startedAt: number) {
    try {
      return await keyStores.get(entry.issuer)!.keysFor(kid, alg);
    } catch (error) {
      if (error instanceof KeyLookupProblem) {
        const description =
          error.problem === 'kid_unknown'
            ? `No signing key with kid ${describeValue(kid, 64)} is published by ${entry.issuer}, even after refreshing its keys`
            : error.problem === 'kid_missing'
              ? `The token header has no kid and ${entry.issuer} publishes several keys; ${error.reason}`
              : `The key ${describeValue(kid, 64)} of ${entry.issuer} cannot verify ${alg}: ${error.reason}`;
        throw fail(error.problem, description, details, startedAt);
      }
      if (error instanceof KeySourceFailure) {
        throw fail(error.code, error.description, { ...details, retryAfterSeconds: (error.retryAt - clock()) / 1000 }, startedAt);
      }
      throw error;
    }
  }

  /**
   * Verifies a token. Not async: with its keys at hand (the usual case), the answer is ready at
   * once and costs no promise beyond the one `verify`/`authenticate` return. Failures are thrown.
   */
  function verifyToken(token: string, startedAt: number): AuthResult | Promise<AuthResult> {
    const now = clock();
    const hit = cache?.get(token, now);
    if (hit && keyStores.get(hit.result.issuer)!.generation() === hit.generation) return succeed(hit.result, startedAt, true);

    if (token.length > resolved.maxTokenLength) {
      throw fail('token_too_large', `The token is ${token.length} characters long; the limit is ${resolved.maxTokenLength}`, {}, startedAt);
    }
    const decoded = decodeJws(token);
    if ('code' in decoded) throw fail(decoded.code, decoded.description, {}, startedAt);
    const { header, payload } = decoded;
    const alg = header.alg;
    const kid = header.kid;
    // Filled in one order on every request, so that details and result keep one shape (speed).
    const details: FailureDetails = {};
    if (typeof alg === 'string') details.alg = alg;
    if (typeof kid === 'string') details.kid = kid;
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw fail('algorithm_not_allowed', 'The token is unsigned (alg none); only signed tokens are accepted', details, startedAt);
    }
    if (kid !== undefined && (typeof kid !== 'string' || kid.length === 0 || kid.length > 256)) {
      throw fail('token_malformed', 'The token kid header is not a string of 1 to 256 characters', details, startedAt);
    }
    if (header.crit !== undefined) {
      throw fail('crit_unsupported', `The token header lists critical extensions ${describeValue(header.crit, 60)}, which this API does not implement`, details, startedAt);
    }
    const iss = payload.iss;
    if (typeof iss !== 'string') throw fail('issuer_missing', 'The token has no iss claim', details, startedAt);
    const entry = resolved.issuers.get(iss);
    if (!entry) {
      const { code, description } = diagnoseIssuer(iss, accepted);
      throw fail(code, description, details, startedAt);
    }
    details.issuer = iss;
    const algProblem = algorithmProblem(alg, entry);
    if (algProblem) throw fail('algorithm_not_allowed', algProblem, details, startedAt);

    const keyStore = keyStores.get(iss)!;
    const generation = keyStore.generation();
    const acceptSigned = (keys: KeyObject[], now: number): AuthResult => {
      if (!verifiesWithAny(keys, alg, decoded)) {
        throw fail('signature_invalid', `The token signature does not verify with the ${alg} key ${describeValue(kid ?? '(no kid)', 64)} of ${iss}`, details, startedAt);
      }
      details.signatureVerified = true;
      const checked = acceptClaims(token, header, payload, expectations.get(iss)!, Math.floor(now / 1000));
      if (checked.failure) {
        const { code, description, subject, clientId } = checked.failure;
        throw fail(code, description, { ...details, ...(subject ? { subject } : {}), ...(clientId ? { clientId } : {}) }, startedAt);
      }
      const result = checked.accepted as unknown as AuthResult;
      Object.defineProperty(result, verifierOf, { value: verifier });
      freezeResult(result);
      // Cache only when no other key set was adopted while this one was being verified. A shared
      // secret never expires; published keys do (stale keys are not fresh, so nothing is cached then).
      if (cache && keyStore.generation() === generation) {
        const tokenEnds = ((payload.exp as number) + resolved.clockToleranceSec) * 1000;
        const until = isSymmetricAlgorithm(alg) ? tokenEnds : Math.min(tokenEnds, keyStore.freshUntil());
        cache.set(token, { result, generation }, until, now, token.length * bytesPerTokenCharacter);
      }
      return succeed(result, startedAt, false);
    };
    const keys = readyKeys(entry, kid as string | undefined, alg, now);
    if (keys) return acceptSigned(keys, now);
    return keysFor(entry, kid as string | undefined, alg, details, startedAt).then((fetched) => acceptSigned(fetched, clock()));
  }

  const verifier: Verifier = {
    async verify(token) {
      return verifyToken(token, startTimer());
    },
    async authenticate(credentials) {
      const startedAt = startTimer();
      const found = extractToken(credentials, { acceptBody: resolved.acceptTokenInBody, maxLength: resolved.maxTokenLength });
      if (!found.ok) throw fail(found.code, found.description, found.hint ? { hint: found.hint } : {}, startedAt);
      return verifyToken(found.token, startedAt);
    },
    fail,
    options: resolved,
  };
  return verifier;
}
