import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { answered, nodeRequestReader, type AuthResult, type FailurePolicy, type FrameworkBinding } from '../core/index.js';
import { sendFailure } from './send-failure.js';
import './types.js';

function fail(policy: FailurePolicy, error: unknown, res: Response, next: NextFunction): void {
  const answer = policy(error);
  if (answer) sendFailure(res, answer);
  else next(error);
}

/** What is Express's: reading `req`, `req.auth`, and answering through `res` or `next(err)`. */
export const expressBinding: FrameworkBinding<Request, RequestHandler> = {
  readRequest: nodeRequestReader<Request>({
    node: (req) => req,
    url: (req) => req.originalUrl ?? req.url ?? '',
    body: (req) => req.body as unknown,
  }),
  // Read as ours even where the MCP SDK's auth middleware retypes `req.auth` as its AuthInfo.
  authOf: (req) => (req as { auth?: AuthResult }).auth,
  setAuth(req, auth) {
    req.auth = auth;
  },
  setResponseHeader(req, name, value) {
    req.res?.setHeader(name, value);
  },
  send(req, answer) {
    const res = req.res!;
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.end(answer.body);
  },
  toMiddleware: (step, policy) => (req, res, next) => {
    step(req, (error) => {
      if (error === undefined) next();
      else if (error !== answered) fail(policy, error, res, next);
    });
  },
};
