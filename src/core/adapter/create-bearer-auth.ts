import { createGuardMethods, type GuardMethods } from '../claims/guards.js';
import type { BearerGuardOptions } from '../options/options.js';
import { createVerifier, type Verifier } from '../pipeline/verifier.js';
import { splitAdapterOptions, type AdapterOptions } from './adapter-options.js';
import { createFailurePolicy } from './failure-policy.js';
import type { FrameworkBinding } from './framework-binding.js';
import { authenticateStep, guardStep } from './steps.js';

/** A framework's `bearerAuth` middleware, carrying the guards bound to the same verifier. */
export type BearerAuthHandler<Handler> = Handler & GuardMethods<Handler> & { readonly verifier: Verifier };

/**
 * Builds a framework's `bearerAuth` from its binding: options validated now (a `TypeError` for any
 * mistake), one verifier, the failure policy, the middleware and its guards.
 */
export function createBearerAuth<Req, Handler extends object>(
  binding: FrameworkBinding<Req, Handler>,
  options: BearerGuardOptions & AdapterOptions,
  allowedHandling: ReadonlyArray<NonNullable<AdapterOptions['errorHandling']>>,
): BearerAuthHandler<Handler> {
  const { core, errorHandling, exposeChallengeHeader } = splitAdapterOptions(options, allowedHandling);
  const verifier = createVerifier(core);
  const policy = createFailurePolicy(errorHandling, exposeChallengeHeader);
  const middleware = binding.toMiddleware(authenticateStep(binding, verifier), policy);
  const guards = createGuardMethods((guard) => binding.toMiddleware(guardStep(binding, guard, verifier), policy));
  return Object.assign(middleware, guards, { verifier });
}
