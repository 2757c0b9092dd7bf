import type { ParameterizedContext } from 'koa';
import { isBearerGuardError } from '../core/index.js';
import { sendFailure } from './send-failure.js';
import type { AuthState } from './types.js';

/** How a failure leaves the middleware: answered here, or thrown to the app's error middleware. */
export type FailureHandler = (ctx: ParameterizedContext<AuthState>, error: unknown) => void;

export function createFailureHandler(errorHandling: 'respond' | 'throw', exposeChallengeHeader: boolean): FailureHandler {
  return (ctx, error) => {
    if (!isBearerGuardError(error)) throw error;
    if (exposeChallengeHeader) error.headers['Access-Control-Expose-Headers'] = 'WWW-Authenticate';
    // Once headers are out nothing can be answered; Koa's onerror reports it and closes.
    if (errorHandling === 'throw' || ctx.headerSent) throw error;
    sendFailure(ctx, error);
  };
}
