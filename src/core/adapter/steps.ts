import type { AuthGuard } from '../claims/guards.js';
import type { AuthResult } from '../pipeline/auth-result.js';
import type { RequestContext } from '../request/request-context.js';
import type { Verifier } from '../pipeline/verifier.js';
import type { FrameworkBinding, Step } from './framework-binding.js';

/** A rejection must never read as "let on", whatever it carries. */
function reason(error: unknown): unknown {
  return error ?? new Error('bearer-guard: verification failed without a reason');
}

/** Puts the result on the request, with the response headers the per-request checks asked for. */
function admit<Req>(binding: FrameworkBinding<Req, unknown>, req: Req, request: RequestContext, auth: AuthResult): void {
  binding.setAuth(req, auth);
  const headers = request.responseHeaders;
  if (headers) for (const name of Object.keys(headers)) binding.setResponseHeader(req, name, headers[name]!);
}

/** Verifies the request's token and puts the result on the request. */
export function authenticateStep<Req>(binding: FrameworkBinding<Req, unknown>, verifier: Verifier): Step<Req> {
  return (req, done) => {
    const request = binding.readRequest(req);
    verifier.authenticate(request).then(
      (auth) => {
        admit(binding, req, request, auth);
        done();
      },
      (error: unknown) => done(reason(error)),
    );
  };
}

/** Runs a guard on the request's result; when no middleware before it authenticated, `verifier` does first. */
export function guardStep<Req>(binding: FrameworkBinding<Req, unknown>, guard: AuthGuard, verifier: Verifier): Step<Req> {
  return (req, done) => {
    const auth = binding.authOf(req);
    if (auth) return done(guard(auth));
    const request = binding.readRequest(req);
    verifier.authenticate(request).then(
      (verified) => {
        admit(binding, req, request, verified);
        done(guard(verified));
      },
      (error: unknown) => done(reason(error)),
    );
  };
}
