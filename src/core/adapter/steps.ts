import type { AuthGuard } from '../claims/guards.js';
import type { AuthResult } from '../pipeline/auth-result.js';
import { isBearerGuardError, withChallengeScopes, type BearerGuardError } from '../errors/auth-error.js';
import type { CorsPolicy } from '../cors/cors-policy.js';
import type { AuthenticateRequest } from '../pipeline/verifier.js';
import { pathOfTarget, type MetadataResponder } from '../resource/metadata-responder.js';
import type { RequestContext } from '../request/request-context.js';
import { answered, type FrameworkBinding, type Step } from './framework-binding.js';

/** What the steps of one `bearerAuth` do besides verifying: all optional, all fixed at startup. */
export interface StepOptions {
  /** Answers the protected resource metadata document's paths (with `resource`). */
  readonly metadata?: MetadataResponder | undefined;
  /** Headers that let browser apps read failures (`cors`, `exposeChallengeHeader`). */
  readonly cors?: CorsPolicy | undefined;
  /** Scopes named in the 401s of a guard that authenticates the request (`scopeInChallenge`). */
  readonly challengeScopes?: readonly string[] | undefined;
}

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

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Answers the metadata document's paths: the document is public, so a middleware mounted for the
 * whole app must never ask for a token there. True when it answered.
 */
function servedMetadata<Req>(binding: FrameworkBinding<Req, unknown>, req: Req, request: RequestContext, metadata: MetadataResponder | undefined): boolean {
  if (!metadata) return false;
  const answer = metadata(request.method ?? 'GET', pathOfTarget(request.url ?? ''));
  if (!answer) return false;
  binding.send(req, answer);
  return true;
}

/** `done` that adds the CORS headers to a failure for the request's origin. */
function withCors<Req>(binding: FrameworkBinding<Req, unknown>, req: Req, cors: CorsPolicy | undefined, done: (error?: unknown) => void) {
  if (!cors) return done;
  return (error?: unknown) => {
    if (isBearerGuardError(error)) Object.assign(error.headers, cors(single(binding.readRequest(req).headers?.origin)));
    done(error);
  };
}

/** What follows authentication in a step: the guard to run on the result, the scopes its 401s name. */
interface AfterAuthentication {
  readonly guard?: AuthGuard | undefined;
  readonly challengeScopes?: readonly string[] | undefined;
}

function refused(error: unknown, after: AfterAuthentication, done: (error?: unknown) => void): void {
  done(after.challengeScopes && isBearerGuardError(error) ? withChallengeScopes(error, after.challengeScopes) : reason(error));
}

function conclude<Req>(
  binding: FrameworkBinding<Req, unknown>,
  req: Req,
  request: RequestContext,
  outcome: AuthResult | BearerGuardError,
  after: AfterAuthentication,
  done: (error?: unknown) => void,
): void {
  if (isBearerGuardError(outcome)) return refused(outcome, after, done);
  admit(binding, req, request, outcome);
  done(after.guard ? after.guard(outcome) : undefined);
}

/**
 * Authenticates the request, puts the result on it and runs the guard, then calls `done`.
 * Synchronously when the verifier answered at once (a cache hit, keys at hand): the warm path
 * lets the request on without a promise or a turn of the event loop.
 */
function authenticateThen<Req>(
  binding: FrameworkBinding<Req, unknown>,
  req: Req,
  request: RequestContext,
  authenticate: AuthenticateRequest,
  after: AfterAuthentication,
  done: (error?: unknown) => void,
): void {
  let outcome: ReturnType<AuthenticateRequest>;
  try {
    outcome = authenticate(request);
  } catch (error) {
    return refused(error, after, done);
  }
  if (outcome instanceof Promise) {
    outcome.then(
      (settled) => conclude(binding, req, request, settled, after, done),
      (error: unknown) => refused(error, after, done),
    );
    return;
  }
  conclude(binding, req, request, outcome, after, done);
}

/** Verifies the request's token and puts the result on the request. */
export function authenticateStep<Req>(binding: FrameworkBinding<Req, unknown>, authenticate: AuthenticateRequest, options: StepOptions = {}): Step<Req> {
  const after: AfterAuthentication = {};
  return (req, finish) => {
    const request = binding.readRequest(req);
    if (servedMetadata(binding, req, request, options.metadata)) return finish(answered);
    authenticateThen(binding, req, request, authenticate, after, withCors(binding, req, options.cors, finish));
  };
}

/** Runs a guard on the request's result; when no middleware before it authenticated, `authenticate` does first. */
export function guardStep<Req>(binding: FrameworkBinding<Req, unknown>, guard: AuthGuard, authenticate: AuthenticateRequest, options: StepOptions = {}): Step<Req> {
  const after: AfterAuthentication = { guard, challengeScopes: options.challengeScopes };
  return (req, finish) => {
    const done = withCors(binding, req, options.cors, finish);
    const auth = binding.authOf(req);
    if (auth) return done(guard(auth));
    const request = binding.readRequest(req);
    if (servedMetadata(binding, req, request, options.metadata)) return finish(answered);
    authenticateThen(binding, req, request, authenticate, after, done);
  };
}

/** Serves only the metadata document and lets every other request on. */
export function metadataStep<Req>(binding: FrameworkBinding<Req, unknown>, metadata: MetadataResponder | undefined): Step<Req> {
  if (!metadata) return (_req, done) => done();
  return (req, done) => done(servedMetadata(binding, req, binding.readRequest(req), metadata) ? answered : undefined);
}
