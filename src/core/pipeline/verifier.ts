import { isBearerGuardError, type BearerGuardError } from '../errors/auth-error.js';
import { isFailure, type Failure } from '../errors/failure.js';
import { createIssuerKeys } from '../keys/issuer-keys.js';
import type { BearerGuardOptions } from '../options/options.js';
import { resolveOptions, type ResolvedOptions } from '../options/resolve-options.js';
import type { RequestContext } from '../request/request-context.js';
import { createIntrospectionStrategy } from '../strategies/introspection-strategy.js';
import { createJwtJwksStrategy } from '../strategies/jwt-jwks-strategy.js';
import { createDpopCheck } from '../dpop/dpop-check.js';
import { createMtlsCheck } from '../mtls/mtls-check.js';
import type { AuthResult } from './auth-result.js';
import { createPipeline } from './create-pipeline.js';
import { createReporter } from './report.js';
import type { RequestCheck } from './request-check.js';
import type { MaybePromise, TokenVerificationStrategy } from './strategy.js';
import { createWarmUp, type ReadyReport } from './warm-up.js';

/** Verifies bearer tokens against the configured issuers. One per middleware. */
export interface Verifier {
  /** Verifies a token; rejects with a {@link BearerGuardError} (401 or 503) when it is not acceptable. */
  verify(token: string): Promise<AuthResult>;
  /** Finds the token in the request (400/401 when absent or malformed), then verifies it. */
  authenticate(request: RequestContext): Promise<AuthResult>;
  /**
   * Warms up before the first request: discovery and the key set of every issuer whose tokens are
   * verified with published keys, fetched at once, keys imported. Answers within the key timeout
   * (`keys.timeout`, 5 s by default) and never rejects: an IdP that is down or slow is in the
   * report, with the usual key events, and requests then behave as they would have without it.
   *
   * @example
   * ```ts
   * const verifier = createVerifier({ issuers: ['https://dev-123.okta.com/oauth2/default'], audience: 'api://default' });
   * const report = await verifier.ready();
   * if (!report.ready) console.warn('starting without keys', report.issuers);
   * ```
   */
  ready(): Promise<ReadyReport>;
}

/** Stages added to those the options ask for (tests, and capabilities not yet driven by options). */
export interface VerifierExtensions {
  /** Tried after the built-in strategies. */
  readonly strategies?: readonly TokenVerificationStrategy[];
  /** Run after the built-in per-request checks. */
  readonly requestChecks?: readonly RequestCheck[];
}

/**
 * `authenticate` for adapters: the result or the answer to a failure, returned rather than thrown,
 * and synchronously when nothing had to wait (a cache hit, keys at hand), so that the warm path
 * lets the request on without a promise; a promise of the same otherwise. Hooks fire as for
 * `authenticate`.
 */
export type AuthenticateRequest = (request: RequestContext) => MaybePromise<AuthResult | BearerGuardError>;

/** A verifier with what the adapters, the guards and the CLI need besides: not public API. */
export interface AssembledVerifier {
  readonly verifier: Verifier;
  readonly options: ResolvedOptions;
  /** The answer to a failure, with this verifier's realm, reported to its hooks. */
  refuse(failure: Failure, startedAt?: number): BearerGuardError;
  readonly authenticateRequest: AuthenticateRequest;
}

const noRequest: RequestContext = Object.freeze({});

/**
 * Assembles the pipeline the options describe: options validated (a `TypeError` for any mistake),
 * the reporter, each issuer's keys, the strategies and the per-request checks. A new strategy or
 * per-request check driven by an option is added here.
 */
export function assembleVerifier(options: BearerGuardOptions, extensions: VerifierExtensions = {}): AssembledVerifier {
  const resolved = resolveOptions(options);
  const report = createReporter(resolved);
  const keys = createIssuerKeys(resolved, report.keyEvent);
  // Introspection first: it takes only what the JWT strategy cannot read, or JWTs of tokens: 'all' issuers.
  const introspection = createIntrospectionStrategy(resolved, keys, report.introspectionEvent);
  const pipeline = createPipeline({
    options: resolved,
    strategies: [...(introspection ? [introspection] : []), createJwtJwksStrategy(resolved, keys), ...(extensions.strategies ?? [])],
    requestChecks: [
      // A shared replay store gets as long to answer as a key fetch.
      ...(resolved.dpop ? [createDpopCheck(resolved.dpop, resolved.keys.timeoutMs)] : []),
      ...(resolved.mtls ? [createMtlsCheck(resolved.mtls)] : []),
      ...(extensions.requestChecks ?? []),
    ],
    report,
  });

  /** Failures become the answer here; a promise only when the pipeline had to wait. */
  function answer(outcome: MaybePromise<AuthResult | Failure>, startedAt: number): MaybePromise<AuthResult | BearerGuardError> {
    if (outcome instanceof Promise) return outcome.then((settled) => answer(settled, startedAt));
    return isFailure(outcome) ? report.refused(outcome, startedAt) : outcome;
  }

  /** The answer to a failure thrown: the public methods reject with it. */
  async function settle(outcome: MaybePromise<AuthResult | Failure>, startedAt: number): Promise<AuthResult> {
    const answered = await answer(outcome, startedAt);
    if (isBearerGuardError(answered)) throw answered;
    return answered;
  }

  const verifier: Verifier = {
    async verify(token) {
      const startedAt = report.startTimer();
      return settle(pipeline.verifyToken(token, noRequest, startedAt), startedAt);
    },
    async authenticate(request) {
      const startedAt = report.startTimer();
      return settle(pipeline.authenticate(request, startedAt), startedAt);
    },
    ready: createWarmUp(resolved, keys),
  };
  const authenticateRequest: AuthenticateRequest = (request) => {
    const startedAt = report.startTimer();
    return answer(pipeline.authenticate(request, startedAt), startedAt);
  };
  return { verifier, options: resolved, refuse: report.refused, authenticateRequest };
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
  return assembleVerifier(options).verifier;
}
