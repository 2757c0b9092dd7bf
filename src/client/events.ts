/** What a token was asked for, as events show it. */
export interface TokenTargetInfo {
  /** Scopes asked for, space-separated (empty when none). */
  readonly scope: string;
  readonly audience?: string;
  readonly resource?: readonly string[];
}

/**
 * Events of a token client, for logs and metrics. None carries a token, a secret or an assertion.
 * Times are epoch milliseconds.
 */
export type TokenClientEvent =
  /** A token was obtained for a target that had none. */
  | { type: 'token_fetched'; target: TokenTargetInfo; expiresAt: number; attempts: number }
  /** A token replaced an earlier one: ahead of expiry in the background, after expiry, or after the API refused it. */
  | { type: 'token_refreshed'; target: TokenTargetInfo; expiresAt: number; attempts: number; reason: 'refresh_ahead' | 'expired' | 'rejected' }
  /** `getToken()` answered from the cache. */
  | { type: 'token_served_from_cache'; target: TokenTargetInfo; expiresAt: number }
  /** The token endpoint (or its discovery) answered 429/503 with a reset time: no request before `retryAt`. */
  | { type: 'token_rate_limited'; status: number | undefined; retryAt: number; source: 'token_endpoint' | 'discovery' }
  /** One token request failed and will be retried after `waitMs`. */
  | { type: 'token_request_failed'; code: string; status: number | undefined; attempt: number; waitMs: number }
  /** No token: the call fails with a `TokenClientError` of this code. */
  | { type: 'token_gave_up'; code: string; status: number | undefined; attempts: number; retryAt: number | undefined; description: string }
  /** The downstream API refused the token (`401 invalid_token`); a fresh token is fetched once. */
  | { type: 'downstream_token_rejected'; origin: string; willRetry: boolean }
  /** The downstream API answered 429/503 with a reset time: no request to its origin before `retryAt`. */
  | { type: 'downstream_rate_limited'; origin: string; status: number; retryAt: number; willRetry: boolean };
