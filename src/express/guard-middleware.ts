import type { Request, RequestHandler } from 'express';
import type { AuthGuard, AuthResult, Verifier } from '../core/index.js';
import type { FailureHandler } from './failure-handler.js';
import { requestCredentials } from './request-credentials.js';

/** Verifies the request's token (the caller puts the result on `req.auth`), or rejects with the failure. */
export type Authenticate = (req: Request) => Promise<AuthResult>;

export function authenticateWith(verifier: Verifier): Authenticate {
  return (req) => verifier.authenticate(requestCredentials(req));
}

/** Wraps a core guard as Express middleware; without `req.auth`, `authenticate` runs first. */
export function guardMiddleware(guard: AuthGuard, onFailure: FailureHandler, authenticate: Authenticate | undefined): RequestHandler {
  return (req, res, next) => {
    const check = () => {
      const error = guard(req.auth!);
      if (error) onFailure(error, req, res, next);
      else next();
    };
    if (req.auth) return check();
    if (!authenticate) {
      return next(new Error('bearer-guard: a scope or claim guard ran before bearerAuth on this route; put bearerAuth first'));
    }
    authenticate(req).then(
      (auth) => {
        req.auth = auth;
        check();
      },
      (error: unknown) => onFailure(error, req, res, next),
    );
  };
}
