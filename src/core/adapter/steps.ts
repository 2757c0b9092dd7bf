import type { AuthGuard } from '../claims/guards.js';
import type { Verifier } from '../pipeline/verifier.js';
import type { FrameworkBinding, Step } from './framework-binding.js';

/** A rejection must never read as "let on", whatever it carries. */
function reason(error: unknown): unknown {
  return error ?? new Error('bearer-guard: verification failed without a reason');
}

/** Verifies the request's token and puts the result on the request. */
export function authenticateStep<Req>(binding: FrameworkBinding<Req, unknown>, verifier: Verifier): Step<Req> {
  return (req, done) => {
    verifier.authenticate(binding.readRequest(req)).then(
      (auth) => {
        binding.setAuth(req, auth);
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
    verifier.authenticate(binding.readRequest(req)).then(
      (verified) => {
        binding.setAuth(req, verified);
        done(guard(verified));
      },
      (error: unknown) => done(reason(error)),
    );
  };
}
