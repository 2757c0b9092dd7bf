import type { FailureCode } from '../errors/failure-codes.js';

/** Passed to `onAuthFailure` for every rejected request. Never contains the token. */
export interface AuthFailureEvent {
  type: 'auth_failure';
  code: FailureCode;
  status: number;
  description: string;
  issuer?: string;
  kid?: string;
  alg?: string;
  subject?: string;
  clientId?: string;
  missingScopes?: string[];
  /** Milliseconds spent deciding. */
  durationMs: number;
}

/** Passed to `onAuthSuccess` for every accepted token. Never contains the token. */
export interface AuthSuccessEvent {
  type: 'auth_success';
  issuer: string;
  kid?: string;
  /** Absent for introspected tokens (their signature, if any, was not checked here). */
  alg?: string;
  subject?: string;
  clientId?: string;
  scopes: string[];
  /** True when the result came from the verified-token cache. */
  cached: boolean;
  durationMs: number;
}

/** Key store events for logs and metrics. */
export type KeyEvent =
  | { type: 'keys_fetched'; issuer: string; url: string; keyCount: number; ttlSeconds: number; reason: KeyFetchReason }
  | {
      type: 'keys_fetch_failed';
      issuer: string;
      url: string;
      status?: number;
      /** Seconds until the next attempt is allowed. */
      retryAfterSeconds: number;
      reason: string;
    }
  | { type: 'stale_keys_served'; issuer: string; staleForSeconds: number }
  | { type: 'discovery_completed'; issuer: string; url: string; jwksUri: string }
  | { type: 'keys_ignored'; issuer: string; reason: string };

/** Why a key set was fetched. */
export type KeyFetchReason = 'cold' | 'expired' | 'unknown_kid';
