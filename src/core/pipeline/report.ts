import { createAuthError, type BearerGuardError } from '../errors/auth-error.js';
import type { Failure } from '../errors/failure.js';
import { debugLog } from '../lib/debug-log.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import type { AuthResult } from './auth-result.js';
import type { KeyEvent } from './events.js';
import type { IntrospectionEvent } from '../introspection/introspection-events.js';

/** The end of every request: the answer to a failure, and what the hooks and the debug log hear. */
export interface Reporter {
  /** A start time for the hooks' durations; 0 without hooks, so that no timer is read. */
  startTimer(): number;
  accepted(result: AuthResult, startedAt: number, cached: boolean): AuthResult;
  /** The one place a failure becomes the http-errors answer (with this verifier's realm). */
  refused(failure: Failure, startedAt?: number): BearerGuardError;
  keyEvent(event: KeyEvent): void;
  introspectionEvent(event: IntrospectionEvent): void;
}

/** Calls a hook; a logging hook must never break authentication. */
function safely<E>(hook: (event: E) => void, event: E): void {
  try {
    hook(event);
  } catch {
    // Ignored on purpose: see above.
  }
}

export function createReporter(options: ResolvedOptions): Reporter {
  const { onAuthFailure, onAuthSuccess, onKeyEvent, onIntrospectionEvent, challenge } = options;
  const timed = onAuthSuccess !== undefined || onAuthFailure !== undefined;
  return {
    startTimer: timed ? () => performance.now() : () => 0,
    accepted(result, startedAt, cached) {
      if (debugLog.enabled) debugLog('accepted token of %s from %s%s', result.subject ?? '(no sub)', result.issuer, cached ? ' (cached)' : '');
      if (onAuthSuccess) {
        safely(onAuthSuccess, {
          type: 'auth_success',
          issuer: result.issuer,
          ...(result.header.kid ? { kid: result.header.kid } : {}),
          ...(result.header.alg ? { alg: result.header.alg } : {}),
          ...(result.subject ? { subject: result.subject } : {}),
          ...(result.clientId ? { clientId: result.clientId } : {}),
          scopes: [...result.scopes],
          cached,
          durationMs: performance.now() - startedAt,
        });
      }
      return result;
    },
    refused({ code, description, facts = {} }, startedAt) {
      const error = createAuthError(challenge, code, description, facts);
      // Checked first: a disabled debuglog still spreads its arguments through an iterator.
      if (debugLog.enabled) debugLog('rejected %d %s: %s', error.status, code, error.description);
      if (onAuthFailure) {
        safely(onAuthFailure, {
          type: 'auth_failure',
          code,
          status: error.status,
          description: error.description,
          ...(facts.issuer ? { issuer: facts.issuer } : {}),
          ...(facts.kid ? { kid: facts.kid } : {}),
          ...(facts.alg ? { alg: facts.alg } : {}),
          ...(facts.subject ? { subject: facts.subject } : {}),
          ...(facts.clientId ? { clientId: facts.clientId } : {}),
          ...(facts.missingScopes ? { missingScopes: [...facts.missingScopes] } : {}),
          durationMs: startedAt === undefined ? 0 : performance.now() - startedAt,
        });
      }
      return error;
    },
    keyEvent(event) {
      debugLog('%s %j', event.type, event);
      if (onKeyEvent) safely(onKeyEvent, event);
    },
    introspectionEvent(event) {
      debugLog('%s %j', event.type, event);
      if (onIntrospectionEvent) safely(onIntrospectionEvent, event);
    },
  };
}
