import type { FailureCode } from '../errors/failure-codes.js';

/**
 * Introspection events for logs and metrics, passed to `onIntrospectionEvent`. They never carry
 * the token, its hash or the client's credentials.
 */
export type IntrospectionEvent =
  | {
      /** The introspection endpoint answered. */
      type: 'introspection_call';
      issuer: string;
      endpoint: string;
      /** What the endpoint said about the token. */
      active: boolean;
      /** Milliseconds the call took. */
      durationMs: number;
    }
  | {
      /** The endpoint could not answer usefully; requests get 503 until `retryAfterSeconds` pass. */
      type: 'introspection_failed';
      issuer: string;
      endpoint: string;
      code: FailureCode;
      status?: number;
      reason: string;
      retryAfterSeconds: number;
      /**
       * True when the fault is this API's configuration (the endpoint refused our client
       * credentials, or discovery found no endpoint), not the IdP's.
       */
      configurationError: boolean;
    }
  | {
      /** More unknown tokens arrived than `maxCallsPerSecond` allows; they get 503 for now. Once per episode. */
      type: 'introspection_budget_exhausted';
      issuer: string;
      maxCallsPerSecond: number;
    }
  | {
      /** A request was answered from the introspection cache. */
      type: 'introspection_cache_hit';
      issuer: string;
      /** True when the cached answer accepts the token; false for a cached refusal. */
      accepted: boolean;
      /** Present when the answer came from the fleet's shared store: another instance asked the endpoint. */
      shared?: true;
    }
  | { type: 'introspection_endpoint_discovered'; issuer: string; url: string; endpoint: string };
