import { createGuardMethods, type GuardMethods } from '../claims/guards.js';
import { optionsFromEnv } from '../options/env.js';
import { assembleVerifier, type AuthenticateRequest } from '../pipeline/verifier.js';
import { createFailurePolicy } from './failure-policy.js';
import type { FrameworkBinding } from './framework-binding.js';
import { guardStep } from './steps.js';

/**
 * The guards an adapter exports on their own (`app.use(requireScopes('x'))`). Each reads the
 * configuration from the environment when it is created, so a missing or wrong variable throws a
 * `TypeError` at startup, and all of them share one verifier while that configuration stays the
 * same: one discovery, one key fetch and one token cache however many guards there are. Where a
 * `bearerAuth` ran before them on a route, they only check its result. Call once per adapter.
 */
export function createStandaloneGuards<Req, Handler>(binding: FrameworkBinding<Req, Handler>): GuardMethods<Handler> {
  let shared: { readonly configuration: string; readonly authenticate: AuthenticateRequest } | undefined;
  const policy = createFailurePolicy('respond');

  function envVerifier(): AuthenticateRequest {
    const options = optionsFromEnv();
    const configuration = JSON.stringify(options);
    if (shared?.configuration !== configuration) shared = { configuration, authenticate: assembleVerifier(options).authenticateRequest };
    return shared.authenticate;
  }

  return createGuardMethods((guard) => binding.toMiddleware(guardStep(binding, guard, envVerifier()), policy));
}
