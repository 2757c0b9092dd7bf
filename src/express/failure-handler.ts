import type { NextFunction, Request, Response } from 'express';
import { isBearerGuardError } from '../core/index.js';
import { sendFailure } from './send-failure.js';

/** How a failure leaves the middleware: answered here, or passed to the app's error handler. */
export type FailureHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => void;

export function createFailureHandler(errorHandling: 'respond' | 'next', exposeChallengeHeader: boolean): FailureHandler {
  return (error, _req, res, next) => {
    if (!isBearerGuardError(error)) return next(error);
    if (exposeChallengeHeader) error.headers['Access-Control-Expose-Headers'] = 'WWW-Authenticate';
    if (errorHandling === 'respond') sendFailure(res, error);
    else next(error);
  };
}
