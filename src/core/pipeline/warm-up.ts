import { isAsymmetricAlgorithm } from '../jws/algorithms.js';
import type { IssuerKeys } from '../keys/issuer-keys.js';
import { KeySourceFailure, type KeySourceCode } from '../keys/key-source-failure.js';
import type { ResolvedIssuer, ResolvedOptions } from '../options/resolve-options.js';

/** How one issuer's keys stood when `ready()` answered. Never contains a token or a secret. */
export type IssuerReadiness =
  | {
      readonly issuer: string;
      /** Discovery (when needed) and the key set are fetched, and its keys imported. */
      readonly status: 'ready';
      readonly keyCount: number;
    }
  | {
      readonly issuer: string;
      /** The keys could not be had; requests get the same 503 until `retryAfterSeconds` have passed. */
      readonly status: 'unavailable';
      readonly code: KeySourceCode;
      readonly reason: string;
      readonly retryAfterSeconds: number;
    }
  | {
      readonly issuer: string;
      /** No answer within the key timeout; the fetch goes on, and the first requests share it. */
      readonly status: 'pending';
      readonly reason: string;
    };

/** What `ready()` found: every issuer whose tokens are verified with published keys. */
export interface ReadyReport {
  /** True when every issuer's keys are at hand (also when no issuer needs published keys). */
  readonly ready: boolean;
  readonly issuers: readonly IssuerReadiness[];
}

/** Issuers whose tokens need published keys: not those with only a secret, not those whose every token is introspected. */
function needsPublishedKeys(entry: ResolvedIssuer): boolean {
  if (entry.introspection?.tokens === 'all') return false;
  return [...entry.algorithms].some(isAsymmetricAlgorithm);
}

/**
 * The verifier's `ready()`: fetches discovery and keys of every issuer at once, and answers within
 * the key timeout (`keys.timeout`) whatever the IdPs do. It never rejects: what could not be had is
 * in the report, the key events are emitted as for a request, and the key stores keep the outcome
 * (keys, or the backoff after a failure) exactly as a first request would have left them.
 */
export function createWarmUp(options: ResolvedOptions, keys: IssuerKeys): () => Promise<ReadyReport> {
  const { clock } = options;
  const timeoutMs = options.keys.timeoutMs;
  const entries = [...options.issuers.values()].filter(needsPublishedKeys);
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const issuers = await Promise.all(entries.map((entry) => Promise.race([readinessOf(entry), deadline.then(() => pending(entry))])));
      return { ready: issuers.every((issuer) => issuer.status === 'ready'), issuers };
    } finally {
      clearTimeout(timer);
    }
  };

  function pending(entry: ResolvedIssuer): IssuerReadiness {
    return { issuer: entry.issuer, status: 'pending', reason: `no answer within ${timeoutMs} ms; the fetch goes on and the first requests share it` };
  }

  async function readinessOf(entry: ResolvedIssuer): Promise<IssuerReadiness> {
    try {
      return { issuer: entry.issuer, status: 'ready', keyCount: await keys.prepare(entry) };
    } catch (error) {
      if (!(error instanceof KeySourceFailure)) {
        // ready() must never fail startup; requests will meet the same error and answer 503.
        const reason = `keys could not be prepared (${error instanceof Error ? error.name : 'unknown error'})`;
        return { issuer: entry.issuer, status: 'unavailable', code: 'jwks_unavailable', reason, retryAfterSeconds: 0 };
      }
      return {
        issuer: entry.issuer,
        status: 'unavailable',
        code: error.code,
        reason: error.description,
        retryAfterSeconds: Math.max(0, Math.ceil((error.retryAt - clock()) / 1000)),
      };
    }
  }
}
