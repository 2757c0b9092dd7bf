import { isFailure, type Failure } from '../errors/failure.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import { extractToken, type ExtractionOptions } from '../request/extract-token.js';
import type { RequestContext } from '../request/request-context.js';
import { sealResult, type AuthResult, type Refuse } from './auth-result.js';
import type { Reporter } from './report.js';
import type { RequestCheck } from './request-check.js';
import { createResultCache } from './result-cache.js';
import type { MaybePromise, TokenVerificationStrategy, VerifiedToken } from './strategy.js';

/** What a pipeline is made of; `createVerifier` assembles it from the options. */
export interface PipelineParts {
  readonly options: ResolvedOptions;
  /** Tried in order (see {@link TokenVerificationStrategy}); at least one. */
  readonly strategies: readonly TokenVerificationStrategy[];
  /** Run in order on every accepted request, cache hits included. */
  readonly requestChecks: readonly RequestCheck[];
  readonly report: Reporter;
}

/**
 * The stages a request goes through. Each returns the result or the {@link Failure} (never throws
 * one), synchronously when nothing had to wait: the warm path costs no promise.
 */
export interface Pipeline {
  /** extract → token (see `verifyToken`). */
  authenticate(request: RequestContext, startedAt: number): MaybePromise<AuthResult | Failure>;
  /** cache or (size → strategy) → per-request checks → result. */
  verifyToken(token: string, request: RequestContext, startedAt: number): MaybePromise<AuthResult | Failure>;
}

export function createPipeline({ options, strategies, requestChecks, report }: PipelineParts): Pipeline {
  const { clock, maxTokenLength } = options;
  const cache = createResultCache(options.tokenCache);
  const extraction: ExtractionOptions = {
    acceptBody: options.acceptTokenInBody,
    maxLength: maxTokenLength,
    dpop: options.dpop?.mode ?? 'off',
    ...(cache ? { knownWellFormed: cache.holds } : {}),
  };
  const refuse: Refuse = (failure) => report.refused(failure);
  const seal = { refuse, time: { clock, toleranceSec: options.clockToleranceSec }, resource: options.resource?.resource };

  function extract(request: RequestContext): { token: string; scheme?: 'dpop' } | Failure {
    const found = extractToken(request, extraction);
    if (found.ok) return found;
    return { code: found.code, description: found.description, facts: found.hint ? { hint: found.hint } : {} };
  }

  /** A failure of a request that used the DPoP scheme is answered in the DPoP challenge. */
  function inDpopChallenge(outcome: AuthResult | Failure): AuthResult | Failure {
    return isFailure(outcome) ? { ...outcome, facts: { ...outcome.facts, scheme: 'dpop' } } : outcome;
  }

  function checkSize(token: string): Failure | undefined {
    if (token.length <= maxTokenLength) return undefined;
    return { code: 'token_too_large', description: `The token is ${token.length} characters long; the limit is ${maxTokenLength}` };
  }

  function strategyFor(token: string): TokenVerificationStrategy {
    if (strategies.length > 1) for (const strategy of strategies) if (strategy.recognizes(token)) return strategy;
    return strategies[0]!;
  }

  /** What a strategy vouched for becomes the result: sealed, remembered, then checked per request. */
  function settle(token: string, verified: VerifiedToken | Failure, request: RequestContext, startedAt: number, now: number) {
    if (isFailure(verified)) return verified;
    const result = sealResult(verified.accepted, seal);
    cache?.remember(token, result, verified, now);
    return admit(result, request, startedAt, false, now);
  }

  function checkRequest(result: AuthResult, request: RequestContext, now: number, from: number): MaybePromise<Failure | undefined> {
    for (let i = from; i < requestChecks.length; i++) {
      const verdict = requestChecks[i]!.check(result, request, now);
      if (verdict instanceof Promise) return verdict.then((failure) => failure ?? checkRequest(result, request, now, i + 1));
      if (verdict) return verdict;
    }
    return undefined;
  }

  function admit(result: AuthResult, request: RequestContext, startedAt: number, cached: boolean, now: number): MaybePromise<AuthResult | Failure> {
    const problem = requestChecks.length === 0 ? undefined : checkRequest(result, request, now, 0);
    if (problem instanceof Promise) return problem.then((failure) => failure ?? report.accepted(result, startedAt, cached));
    return problem ?? report.accepted(result, startedAt, cached);
  }

  function verifyToken(token: string, request: RequestContext, startedAt: number): MaybePromise<AuthResult | Failure> {
    const now = clock();
    const hit = cache?.get(token, now);
    if (hit) return admit(hit, request, startedAt, true, now);
    const tooLarge = checkSize(token);
    if (tooLarge) return tooLarge;
    const verified = strategyFor(token).verify(token, now);
    if (verified instanceof Promise) return verified.then((answer) => settle(token, answer, request, startedAt, clock()));
    return settle(token, verified, request, startedAt, now);
  }

  return {
    authenticate(request, startedAt) {
      const found = extract(request);
      if (isFailure(found)) return found;
      const outcome = verifyToken(found.token, request, startedAt);
      if (found.scheme !== 'dpop') return outcome;
      return outcome instanceof Promise ? outcome.then(inDpopChallenge) : inDpopChallenge(outcome);
    },
    verifyToken,
  };
}
