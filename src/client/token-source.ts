import { DiscoveryFailure, discoverEndpoint } from '../core/keys/discovery.js';
import { KeySourceFailure } from '../core/keys/key-source-failure.js';
import type { ResolvedClientOptions } from './options.js';
import type { TokenTarget } from './provider.js';
import { requestToken, type Attempt, type HeldToken } from './request-token.js';
import { TokenClientError } from './token-client-error.js';

/** Gets new tokens from the token endpoint, with the retry and rate-limit policy of one client. */
export interface TokenSource {
  /**
   * A new token for `target`. `'foreground'` retries within the deadline, waiting as the server
   * asked; `'background'` (refresh ahead) makes at most one request and never waits.
   */
  fetch(target: TokenTarget, mode: 'foreground' | 'background'): Promise<{ token: HeldToken; attempts: number }>;
  /** Epoch ms before which the server asked for no token request (0 when it did not). */
  blockedUntil(): number;
}

/**
 * Creates the token source of one client. The rate-limit state (`blockedUntil`) is shared by every
 * target: an IdP limits the client, not one scope.
 */
export function createTokenSource(options: ResolvedClientOptions): TokenSource {
  const { clock, emit } = options;
  let blockedUntil = 0;
  let endpoint: Promise<string> | undefined = options.tokenEndpoint ? Promise.resolve(options.tokenEndpoint) : undefined;

  const findEndpoint = (): Promise<string> => {
    endpoint ??= discoverEndpoint(options.issuer as string, 'token_endpoint', {
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      maxBytes: 512 * 1024,
      now: clock,
      errorBackoffMs: 0,
    }).then(
      (found) => found.endpoint,
      (error: unknown) => {
        endpoint = undefined;
        throw error;
      },
    );
    return endpoint;
  };

  async function attempt(target: TokenTarget): Promise<Attempt> {
    let url: string;
    try {
      url = await findEndpoint();
    } catch (error) {
      return discoveryAttempt(error);
    }
    return requestToken(url, target, options);
  }

  function giveUp(failure: Extract<Attempt, { ok: false }>, attempts: number, retryAt: number | undefined): never {
    emit({ type: 'token_gave_up', code: failure.code, status: failure.status, attempts, retryAt, description: failure.description });
    throw new TokenClientError(failure.code, failure.description, {
      attempts,
      ...(failure.status === undefined ? {} : { status: failure.status }),
      ...(retryAt === undefined ? {} : { retryAt }),
      ...(failure.serverError === undefined ? {} : { serverError: failure.serverError }),
      ...(failure.serverDescription === undefined ? {} : { serverDescription: failure.serverDescription }),
    });
  }

  function blockedFailure(): Extract<Attempt, { ok: false }> {
    return {
      ok: false,
      code: 'rate_limited',
      description: `The authorization server asked this client to wait until ${new Date(blockedUntil).toISOString()}, past the deadline of ${options.deadlineMs / 1000} s; no token request is made before then`,
      retryable: true,
    };
  }

  return {
    blockedUntil: () => blockedUntil,
    async fetch(target, mode) {
      const deadlineAt = clock() + options.deadlineMs;
      let attempts = 0;
      for (;;) {
        const now = clock();
        if (blockedUntil > now) {
          if (mode === 'background' || blockedUntil > deadlineAt) giveUp(blockedFailure(), attempts, blockedUntil);
          await options.sleep(blockedUntil - now);
          continue;
        }
        attempts += 1;
        const result = await attempt(target);
        if (result.ok) return { token: result.token, attempts };
        if (!result.retryable) giveUp(result, attempts, undefined);

        const after = clock();
        if (result.retryAt !== undefined) {
          blockedUntil = Math.max(blockedUntil, result.retryAt);
          emit({ type: 'token_rate_limited', status: result.status, retryAt: blockedUntil, source: result.fromDiscovery ? 'discovery' : 'token_endpoint' });
        }
        const waitMs = result.retryAt !== undefined ? blockedUntil - after : backoffMs(attempts, options.random);
        if (mode === 'background' || attempts >= options.maxAttempts || after + waitMs > deadlineAt) {
          giveUp(result, attempts, result.retryAt === undefined ? undefined : blockedUntil);
        }
        emit({ type: 'token_request_failed', code: result.code, status: result.status, attempt: attempts, waitMs });
        if (result.retryAt === undefined) await options.sleep(waitMs);
      }
    },
  };
}

const baseBackoffMs = 500;
const maxBackoffMs = 15_000;

/** Exponential backoff with full jitter (a random wait between 0 and 0.5 s, 1 s, 2 s, … capped at 15 s). */
function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

function discoveryAttempt(error: unknown): Extract<Attempt, { ok: false }> {
  if (error instanceof KeySourceFailure) {
    const status = error instanceof DiscoveryFailure ? error.status : undefined;
    const limited = error.code === 'idp_rate_limited';
    // Outages and rate limits pass; a missing or mismatched document needs a configuration change.
    const transient = limited || (error instanceof DiscoveryFailure && (status === undefined || status >= 500));
    return {
      ok: false,
      code: limited ? 'rate_limited' : 'discovery_failed',
      description: `${error.description}. Give tokenEndpoint to skip discovery, or check the issuer URL.`,
      retryable: transient,
      fromDiscovery: true,
      ...(status === undefined ? {} : { status }),
      ...(limited ? { retryAt: error.retryAt } : {}),
    };
  }
  throw error;
}
