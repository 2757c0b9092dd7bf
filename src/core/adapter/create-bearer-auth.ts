import { createGuardMethods, type GuardMethods } from '../claims/guards.js';
import type { BearerGuardOptions } from '../options/options.js';
import { assembleVerifier, type Verifier } from '../pipeline/verifier.js';
import type { ReadyReport } from '../pipeline/warm-up.js';
import { createMetadataResponder } from '../resource/metadata-responder.js';
import { splitAdapterOptions, type AdapterOptions } from './adapter-options.js';
import { createFailurePolicy } from './failure-policy.js';
import type { FrameworkBinding } from './framework-binding.js';
import { authenticateStep, guardStep, metadataStep } from './steps.js';

/**
 * A framework's `bearerAuth` middleware, carrying the guards bound to the same verifier and the
 * middleware that serves the protected resource metadata document (`metadata`).
 */
export type BearerAuthHandler<Handler> = Handler &
  GuardMethods<Handler> & { readonly verifier: Verifier; readonly metadata: Handler; ready(): Promise<ReadyReport> };

/**
 * Builds a framework's `bearerAuth` from its binding: options validated now (a `TypeError` for any
 * mistake), one verifier, the failure policy, the middleware, its guards and the metadata server.
 */
export function createBearerAuth<Req, Handler extends object>(
  binding: FrameworkBinding<Req, Handler>,
  options: BearerGuardOptions & AdapterOptions,
  allowedHandling: ReadonlyArray<NonNullable<AdapterOptions['errorHandling']>>,
): BearerAuthHandler<Handler> {
  const { core, errorHandling, cors } = splitAdapterOptions(options, allowedHandling);
  const { verifier, options: resolved, authenticateRequest } = assembleVerifier(core);
  const policy = createFailurePolicy(errorHandling);
  const metadata = resolved.resource ? createMetadataResponder(resolved.resource, resolved.resource.document) : undefined;
  const middleware = binding.toMiddleware(authenticateStep(binding, authenticateRequest, { metadata, cors }), policy);
  const guards = createGuardMethods((guard) => {
    const challengeScopes = resolved.scopeInChallenge ? guard.scopes : undefined;
    return binding.toMiddleware(guardStep(binding, guard, authenticateRequest, { metadata, cors, challengeScopes }), policy);
  });
  return Object.assign(middleware, guards, {
    verifier,
    metadata: binding.toMiddleware(metadataStep(binding, metadata), policy),
    ready: () => verifier.ready(),
  });
}
