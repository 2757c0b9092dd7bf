/**
 * Why a token could not be had. The first seven are the authorization server's own RFC 6749 §5.2 /
 * RFC 8707 answers (not retried: retrying cannot fix them); the others are ours.
 */
export type TokenClientErrorCode =
  | 'invalid_client'
  | 'unauthorized_client'
  | 'invalid_scope'
  | 'invalid_target'
  | 'access_denied'
  | 'invalid_request'
  | 'unsupported_grant_type'
  /** Another 4xx (or a redirect) from the token endpoint. */
  | 'token_request_refused'
  /** 429 or 503 with a reset time beyond the deadline, or still rate limited after the last attempt. */
  | 'rate_limited'
  /** Network error, timeout or 5xx on every attempt. */
  | 'token_endpoint_unavailable'
  /** 200 without a usable token (not JSON, no `access_token`, `token_type` not Bearer). */
  | 'token_response_invalid'
  /** The token endpoint could not be found from the issuer's metadata. */
  | 'discovery_failed';

const tokenClientErrorBrand = Symbol.for('bearer-guard.token-client-error');

/**
 * Thrown by `getToken()` and `authorizedFetch()` when no token can be had. The message names the
 * likely cause and the fix; it never contains a token, a client secret or a client assertion.
 *
 * @example
 * ```ts
 * try {
 *   await client.getToken();
 * } catch (error) {
 *   if (!(error instanceof TokenClientError)) throw error;
 *   if (error.code === 'invalid_client') log({ alert: 'the IdP refused our client credentials', message: error.message });
 * }
 * ```
 *
 * `instanceof` holds across the package's ES module and CommonJS copies (an app can load both).
 */
export class TokenClientError extends Error {
  override readonly name = 'TokenClientError';

  /** A registered symbol, the same in both copies of the package, so `instanceof` works across them. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[tokenClientErrorBrand] === true;
  }

  constructor(
    readonly code: TokenClientErrorCode,
    message: string,
    readonly details: {
      /** HTTP status of the last answer, when there was one. */
      readonly status?: number;
      /** Token requests made for this call. */
      readonly attempts: number;
      /** Epoch ms before which the client will not ask the token endpoint again (rate limits). */
      readonly retryAt?: number;
      /** The `error` and `error_description` the authorization server sent, if any. */
      readonly serverError?: string;
      readonly serverDescription?: string;
    },
  ) {
    super(message);
    Object.defineProperty(this, tokenClientErrorBrand, { value: true });
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryAt(): number | undefined {
    return this.details.retryAt;
  }
}
