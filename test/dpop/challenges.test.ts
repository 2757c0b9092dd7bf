import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthError, type ChallengeContext, type FailureCode } from '../../src/core/index.js';
import { parseWwwAuthenticate } from '../../src/testing/index.js';

/** The WWW-Authenticate values of RFC 9449 §7.1 as bearer-guard writes them, exactly. */
describe('challenges with DPoP on', () => {
  const allowed: ChallengeContext = { realm: 'api', dpop: { algs: 'ES256 PS256', required: false } };
  const required: ChallengeContext = { realm: 'api', dpop: { algs: 'ES256 PS256', required: true } };
  const header = (context: ChallengeContext, code: FailureCode, description = 'why', scheme?: 'dpop') =>
    createAuthError(context, code, description, scheme ? { scheme, requiredScopes: ['read'] } : { requiredScopes: ['read'] }).headers['WWW-Authenticate'];

  it('offers both schemes without an error when there were no credentials, DPoP first', () => {
    const value = header(allowed, 'token_missing');
    assert.equal(value, 'DPoP realm="api", algs="ES256 PS256", Bearer realm="api"');
    assert.deepEqual(parseWwwAuthenticate(value!), [
      { scheme: 'DPoP', params: { realm: 'api', algs: 'ES256 PS256' } },
      { scheme: 'Bearer', params: { realm: 'api' } },
    ]);
  });

  it('puts a proof error in the DPoP challenge, first', () => {
    assert.equal(
      header(allowed, 'dpop_proof_replayed', 'used twice'),
      'DPoP realm="api", algs="ES256 PS256", error="invalid_dpop_proof", error_description="used twice", Bearer realm="api"',
    );
  });

  it('puts a token error in the challenge of the scheme the request used', () => {
    assert.equal(header(allowed, 'token_expired', 'old'), 'Bearer realm="api", error="invalid_token", error_description="old", DPoP realm="api", algs="ES256 PS256"');
    assert.equal(header(allowed, 'token_expired', 'old', 'dpop'), 'DPoP realm="api", algs="ES256 PS256", error="invalid_token", error_description="old", Bearer realm="api"');
  });

  it('sends scope with insufficient_scope in the DPoP challenge for a DPoP request', () => {
    assert.equal(
      header(allowed, 'scope_missing', 'lacks read', 'dpop'),
      'DPoP realm="api", algs="ES256 PS256", error="insufficient_scope", error_description="lacks read", scope="read", Bearer realm="api"',
    );
  });

  it('offers only DPoP when it is required', () => {
    assert.equal(header(required, 'scheme_not_dpop'), 'DPoP realm="api", algs="ES256 PS256"');
    assert.equal(header(required, 'token_expired', 'old', 'dpop'), 'DPoP realm="api", algs="ES256 PS256", error="invalid_token", error_description="old"');
  });

  it('keeps resource_metadata in both challenges', () => {
    const context: ChallengeContext = { ...allowed, resourceMetadata: 'https://api.example.com/.well-known/oauth-protected-resource' };
    const challenges = parseWwwAuthenticate(header(context, 'token_missing')!);
    assert.deepEqual(challenges.map((c) => c.params.resource_metadata), [context.resourceMetadata, context.resourceMetadata]);
  });

  it('sends the server nonce with use_dpop_nonce, and nothing else in the header changes', () => {
    const error = createAuthError(required, 'dpop_nonce_required', 'Resource server requires nonce in DPoP proof', { dpopNonce: 'n0nce.abc' });
    assert.equal(error.headers['DPoP-Nonce'], 'n0nce.abc');
    assert.equal(error.headers['WWW-Authenticate'], 'DPoP realm="api", algs="ES256 PS256", error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"');
    assert.equal(error.status, 401);
  });

  it('without DPoP, answers exactly as before: one Bearer challenge', () => {
    assert.equal(header({ realm: 'api' }, 'token_expired', 'old'), 'Bearer realm="api", error="invalid_token", error_description="old"');
  });
});
