import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import createHttpError from 'http-errors';
import { createAuthError, isBearerGuardError } from '../../src/core/errors/auth-error.js';
import { parseWwwAuthenticate } from '../../src/testing/index.js';

const context = { realm: 'api' };

describe('createAuthError', () => {
  it('makes a 400 invalid_request error for a malformed Authorization header', () => {
    const err = createAuthError(context, 'authorization_malformed', 'The Authorization header has the Bearer scheme but no token');
    assert.equal(err.status, 400);
    assert.equal(err.statusCode, 400);
    assert.equal(err.expose, true);
    assert.equal(err.code, 'authorization_malformed');
    assert.equal(err.error, 'invalid_request');
    assert.equal(err.message, 'The Authorization header has the Bearer scheme but no token');
    assert.equal(err.description, err.message);
    assert.deepEqual(err.headers, {
      'Cache-Control': 'no-store',
      'WWW-Authenticate':
        'Bearer realm="api", error="invalid_request", error_description="The Authorization header has the Bearer scheme but no token"',
    });
    assert.deepEqual(err.body, {
      code: 'authorization_malformed',
      error: 'invalid_request',
      error_description: 'The Authorization header has the Bearer scheme but no token',
    });
  });

  it('makes a 401 with no error information for token_missing', () => {
    const err = createAuthError(context, 'token_missing', 'No bearer token in the Authorization header');
    assert.equal(err.status, 401);
    assert.equal(err.error, undefined);
    assert.equal(err.headers['WWW-Authenticate'], 'Bearer realm="api"');
    assert.doesNotMatch(err.headers['WWW-Authenticate']!, /error/);
    assert.equal(err.headers['Cache-Control'], 'no-store');
    assert.equal('error' in err.body, false);
    assert.deepEqual(err.body, { code: 'token_missing', error_description: 'No bearer token in the Authorization header' });
  });

  it('puts resource_metadata into a no-credentials challenge', () => {
    const err = createAuthError({ realm: 'api', resourceMetadata: 'https://api.ex.com/.well-known/oauth-protected-resource' }, 'token_missing', 'x');
    assert.equal(
      err.headers['WWW-Authenticate'],
      'Bearer realm="api", resource_metadata="https://api.ex.com/.well-known/oauth-protected-resource"',
    );
  });

  it('keeps the query-string hint in the body only', () => {
    const err = createAuthError(context, 'token_in_query', 'No bearer token in the Authorization header', {
      hint: 'A token in the access_token query parameter is ignored',
    });
    assert.equal(err.status, 401);
    assert.equal(err.body.hint, 'A token in the access_token query parameter is ignored');
    assert.doesNotMatch(err.headers['WWW-Authenticate']!, /query/);
  });

  it('makes a 401 invalid_token error with the description in the challenge', () => {
    const err = createAuthError(context, 'token_expired', 'The token expired 1m1s ago');
    assert.equal(err.status, 401);
    assert.equal(err.error, 'invalid_token');
    assert.deepEqual(parseWwwAuthenticate(err.headers['WWW-Authenticate']), [
      { scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token', error_description: 'The token expired 1m1s ago' } },
    ]);
  });

  it('makes a 403 insufficient_scope error with the required scopes in the header and the missing ones in the body', () => {
    const err = createAuthError(context, 'scope_missing', 'The token lacks the scope b', {
      requiredScopes: ['a', 'b'],
      missingScopes: ['b'],
    });
    assert.equal(err.status, 403);
    assert.equal(err.error, 'insufficient_scope');
    assert.equal(
      err.headers['WWW-Authenticate'],
      'Bearer realm="api", error="insufficient_scope", error_description="The token lacks the scope b", scope="a b"',
    );
    assert.deepEqual(err.body.missing_scopes, ['b']);
    assert.equal(err.body.error, 'insufficient_scope');
  });

  it('makes a 503 with an integer Retry-After of at least 1 and no challenge', () => {
    const err = createAuthError(context, 'jwks_unavailable', 'The JWKS could not be fetched', { retryAfterSeconds: 16.2 });
    assert.equal(err.status, 503);
    assert.equal(err.error, undefined);
    assert.equal(err.headers['Retry-After'], '17');
    assert.equal(err.headers['WWW-Authenticate'], undefined);
    assert.equal(err.headers['Cache-Control'], 'no-store');
    assert.equal('error' in err.body, false);
  });

  for (const [given, expected] of [
    [undefined, '1'],
    [0, '1'],
    [-5, '1'],
    [0.01, '1'],
    [30, '30'],
  ] as const) {
    it(`turns retryAfterSeconds ${String(given)} into Retry-After ${expected}`, () => {
      const details = given === undefined ? {} : { retryAfterSeconds: given };
      const err = createAuthError(context, 'idp_rate_limited', 'rate limited', details);
      assert.equal(err.headers['Retry-After'], expected);
    });
  }

  it('keeps each context its own realm and resource metadata across failures', () => {
    const mcp = { realm: 'mcp', resourceMetadata: 'https://mcp.example/.well-known/oauth-protected-resource' };
    for (let i = 0; i < 2; i++) {
      assert.equal(createAuthError(context, 'token_missing', 'No token').headers['WWW-Authenticate'], 'Bearer realm="api"');
      assert.equal(
        createAuthError(mcp, 'token_expired', 'The token expired').headers['WWW-Authenticate'],
        `Bearer realm="mcp", resource_metadata="${mcp.resourceMetadata}", error="invalid_token", error_description="The token expired"`,
      );
    }
  });

  it('carries no stack frames, and leaves stack traces of other errors as they were', () => {
    const limit = Error.stackTraceLimit;
    const err = createAuthError(context, 'token_expired', 'The token expired 1m ago');
    assert.ok(err instanceof createHttpError.HttpError);
    assert.doesNotMatch(String(err.stack), /\n\s+at /);
    assert.equal(Error.stackTraceLimit, limit);
    assert.match(String(new Error('other').stack), /\n\s+at /);
  });

  it('sends Cache-Control: no-store for every status', () => {
    for (const code of ['token_missing', 'token_multiple_methods', 'signature_invalid', 'scope_missing', 'discovery_failed'] as const) {
      assert.equal(createAuthError(context, code, 'x').headers['Cache-Control'], 'no-store', code);
    }
  });

  it('sanitizes the description once for the message, the header and the body', () => {
    const err = createAuthError(context, 'issuer_not_allowed', 'issuer "evil\\"\r\ncafé');
    assert.equal(err.message, "issuer 'evil' caf?");
    assert.equal(err.body.error_description, err.message);
    assert.equal(parseWwwAuthenticate(err.headers['WWW-Authenticate'])[0]?.params.error_description, err.message);
  });

  it('keeps the cause without exposing it in the body', () => {
    const cause = new Error('boom');
    const err = createAuthError(context, 'jwks_unavailable', 'down', { cause });
    assert.equal(err.cause, cause);
    assert.doesNotMatch(JSON.stringify(err.body), /boom/);
  });

  it('is an http-errors HttpError', () => {
    const err = createAuthError(context, 'signature_invalid', 'bad signature');
    assert.ok(err instanceof createHttpError.HttpError);
    assert.ok(err instanceof Error);
    assert.ok(createHttpError.isHttpError(err));
  });
});

describe('isBearerGuardError', () => {
  it('is true for an error made by createAuthError', () => {
    assert.equal(isBearerGuardError(createAuthError(context, 'token_missing', 'x')), true);
  });

  it('is false for other errors and values', () => {
    assert.equal(isBearerGuardError(createHttpError(401, 'nope')), false);
    assert.equal(isBearerGuardError(new Error('x')), false);
    assert.equal(isBearerGuardError({ code: 'token_missing', status: 401 }), false);
    assert.equal(isBearerGuardError(null), false);
    assert.equal(isBearerGuardError(undefined), false);
    assert.equal(isBearerGuardError('token_missing'), false);
  });
});
