import { AssertionError } from 'node:assert';
import { parseWwwAuthenticate, type Challenge } from './parse-www-authenticate.js';

/** What {@link expectChallenge} checks. Fields left out are not checked. */
export interface ExpectedChallenge {
  /** The response status. */
  status?: number;
  /** The challenge scheme, compared case-insensitively. Default `'Bearer'`; `null` skips all header checks (e.g. a 503). */
  scheme?: string | null;
  /** The `error` param; `null` means no `error`, `error_description` or `error_uri` at all (RFC 6750 §3.1). */
  error?: string | null;
  /** The `scope` param, compared as a set of space-separated scopes. */
  scope?: string | string[];
  /** The `realm` param. */
  realm?: string;
  /** The `error_description` param: equal to a string or matching a RegExp. */
  errorDescription?: string | RegExp;
  /** The RFC 9728 `resource_metadata` param: the URL of the protected resource metadata. */
  resourceMetadata?: string;
  /** The RFC 9470 `acr_values` param, compared exactly (its order is the order of preference). */
  acrValues?: string | string[];
  /** The RFC 9470 `max_age` param, in seconds. */
  maxAge?: number | string;
  /** `res.body.code`; needs a parsed body (supertest), so a fetch `Response` fails this check. */
  code?: string;
}

/** A supertest/superagent response or a WHATWG fetch `Response`: only `status`, `headers` and `body` are read. */
export type ResponseLike =
  | { status: number; headers: { get(name: string): string | null }; body?: unknown }
  | { status: number; headers: Record<string, string | string[] | undefined>; body?: unknown };

/**
 * Asserts that a response carries the expected authentication challenge and
 * returns that challenge. Throws an `AssertionError` (node:assert) whose
 * message shows the expected values, the actual status and the raw
 * `WWW-Authenticate` header — including when there is no challenge at all.
 *
 * The body of a fetch `Response` is never read.
 *
 * @example
 * ```ts
 * import request from 'supertest';
 *
 * const res = await request(app).get('/orders').set('authorization', `Bearer ${await issuer.tokens.expired()}`);
 * expectChallenge(res, { status: 401, error: 'invalid_token', errorDescription: /expired/ });
 *
 * // A fetch Response works too: no token, so a bare challenge.
 * expectChallenge(await fetch('http://127.0.0.1:3000/orders'), { status: 401, error: null, realm: 'api' });
 *
 * // During an IdP outage: a 503 without any challenge.
 * issuer.fail('jwks', { status: 500 });
 * const outage = await request(app).get('/orders').set('authorization', `Bearer ${await issuer.token()}`);
 * expectChallenge(outage, { status: 503, scheme: null });
 * ```
 */
export function expectChallenge(res: ResponseLike, expected: ExpectedChallenge & { scheme: null }): undefined;
export function expectChallenge(res: ResponseLike, expected?: ExpectedChallenge & { scheme?: string }): Challenge;
export function expectChallenge(res: ResponseLike, expected?: ExpectedChallenge): Challenge | undefined;
export function expectChallenge(res: ResponseLike, expected: ExpectedChallenge = {}): Challenge | undefined {
  const header = readHeader(res);
  const failWith = (what: string, expectedValue: unknown, actualValue: unknown): never => {
    const lines = [
      `expectChallenge: ${what}`,
      `  expected: ${describe(expectedValue)}`,
      `  actual:   ${describe(actualValue)}`,
      `  status: ${res.status}`,
      `  WWW-Authenticate: ${header === undefined ? '(none)' : describe(header)}`,
    ];
    throw new AssertionError({ message: lines.join('\n'), expected: expectedValue, actual: actualValue, operator: 'expectChallenge' });
  };

  if (expected.status !== undefined && res.status !== expected.status) failWith('status differs', expected.status, res.status);
  if (expected.code !== undefined) {
    const body = readBody(res);
    if (body === undefined) failWith('cannot check code: the response has no parsed body (fetch Response?)', expected.code, undefined);
    else if (body.code !== expected.code) failWith('body.code differs', expected.code, body.code);
  }
  if (expected.scheme === null) return undefined;

  const scheme = expected.scheme ?? 'Bearer';
  if (header === undefined) failWith(`no WWW-Authenticate header (wanted a ${scheme} challenge)`, scheme, undefined);
  let challenges: Challenge[];
  try {
    challenges = parseWwwAuthenticate(header);
  } catch (error) {
    return failWith(`WWW-Authenticate does not parse: ${(error as Error).message}`, scheme, header);
  }
  const challenge = challenges.find((candidate) => candidate.scheme.toLowerCase() === scheme.toLowerCase());
  if (!challenge) return failWith(`no ${scheme} challenge`, scheme, challenges.map((c) => c.scheme));
  const { params } = challenge;

  if (expected.error === null) {
    for (const name of ['error', 'error_description', 'error_uri']) {
      if (params[name] !== undefined) failWith(`${name} present, expected no error information`, undefined, params[name]);
    }
  } else if (expected.error !== undefined && params.error !== expected.error) {
    failWith('error differs', expected.error, params.error);
  }
  if (expected.realm !== undefined && params.realm !== expected.realm) failWith('realm differs', expected.realm, params.realm);
  if (expected.resourceMetadata !== undefined && params.resource_metadata !== expected.resourceMetadata) {
    failWith('resource_metadata differs', expected.resourceMetadata, params.resource_metadata);
  }
  if (expected.acrValues !== undefined) {
    const want = typeof expected.acrValues === 'string' ? expected.acrValues : expected.acrValues.join(' ');
    if (params.acr_values !== want) failWith('acr_values differs', want, params.acr_values);
  }
  if (expected.maxAge !== undefined && params.max_age !== String(expected.maxAge)) {
    failWith('max_age differs', String(expected.maxAge), params.max_age);
  }
  if (expected.scope !== undefined) {
    const want = toScopeSet(expected.scope);
    const got = params.scope === undefined ? undefined : toScopeSet(params.scope);
    if (!got || got.size !== want.size || [...want].some((scope) => !got.has(scope))) {
      failWith('scope differs (compared as a set)', [...want].join(' '), params.scope);
    }
  }
  const description = expected.errorDescription;
  if (description !== undefined) {
    const actual = params.error_description;
    const matches = description instanceof RegExp ? actual !== undefined && description.test(actual) : actual === description;
    if (!matches) failWith('error_description differs', description, actual);
  }
  return challenge;
}

function readHeader(res: ResponseLike): string | string[] | undefined {
  const { headers } = res;
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get('www-authenticate') ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record['www-authenticate'];
  return value === undefined || (Array.isArray(value) && value.length === 0) ? undefined : value;
}

function readBody(res: ResponseLike): Record<string, unknown> | undefined {
  // A fetch Response's body is a stream; reading it here would consume it for the caller.
  if (typeof res.headers.get === 'function') return undefined;
  const { body } = res;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

function toScopeSet(scope: string | string[]): Set<string> {
  const list = typeof scope === 'string' ? scope.split(' ') : scope;
  return new Set(list.filter((item) => item !== ''));
}

function describe(value: unknown): string {
  return value instanceof RegExp ? String(value) : JSON.stringify(value) ?? String(value);
}
