import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVerifier, type BearerGuardOptions } from '../../src/core/index.js';

const client = { clientId: 'orders-api', clientSecret: 'api-secret' };
const a = 'https://a.example.test';
const b = 'https://b.example.test';

function build(options: Partial<BearerGuardOptions> & Record<string, unknown>) {
  return () => createVerifier({ issuers: [{ issuer: a, introspection: { client } }], audience: 'api', ...options } as BearerGuardOptions);
}
const withIntrospection = (introspection: Record<string, unknown>) => build({ issuers: [{ issuer: a, introspection } as never] });

describe('introspection options are checked when the middleware is created', () => {
  it('accepts a minimal configuration: the client is all it needs (endpoint by discovery)', () => {
    assert.doesNotThrow(build({}));
  });

  for (const [what, introspection, message] of [
    ['no client', {}, /introspection\.client is required/],
    ['a client without secret or key', { client: { clientId: 'x' } }, /introspection\.client: a client needs clientSecret/],
    ['an unknown option', { client, cacheTtl: 5 }, /unknown option "cacheTtl"/],
    ['a plain-http endpoint off localhost', { client, endpoint: 'http://idp.example.test/introspect' }, /endpoint .* must use https/],
    ['an unknown tokens mode', { client, tokens: 'jwt' }, /tokens must be 'opaque' .* or 'all'/],
    ['a token_type_hint other than access_token', { client, tokenTypeHint: 'refresh_token' }, /tokenTypeHint must be 'access_token' or false/],
    ['a call budget below 1', { client, maxCallsPerSecond: 0 }, /maxCallsPerSecond must be a number of at least 1/],
    ['an unknown cache option', { client, cache: { ttl: '1m' } }, /cache: unknown option "ttl"/],
    ['a cache maxAge that is not a duration', { client, cache: { maxAge: 'soon' } }, /cache\.maxAge must be a non-negative number/],
  ] as const) {
    it(`throws a TypeError naming the fix for ${what}`, () => {
      assert.throws(withIntrospection(introspection), (error: unknown) => error instanceof TypeError && message.test(error.message));
    });
  }

  it('never quotes the client secret in a message', () => {
    assert.throws(withIntrospection({ client: { clientId: 'x', clientSecret: 's3cr3t-value', authMethod: 'private_key_jwt' } }), (error: unknown) => {
      return error instanceof TypeError && !error.message.includes('s3cr3t-value');
    });
  });

  it('refuses to guess which endpoint gets opaque tokens when several issuers introspect', () => {
    const issuers = [a, b].map((issuer) => ({ issuer, introspection: { client } }));
    assert.throws(build({ issuers }), /several issuers introspect tokens .* set opaqueTokenIssuer/);
    assert.doesNotThrow(build({ issuers, opaqueTokenIssuer: b }));
  });

  it('opaqueTokenIssuer must name an introspecting issuer', () => {
    const issuers = [{ issuer: a, introspection: { client } }, b];
    assert.throws(build({ issuers, opaqueTokenIssuer: b }), /opaqueTokenIssuer "https:\/\/b\.example\.test" must be one of the issuers with introspection: https:\/\/a\.example\.test/);
    assert.throws(build({ issuers: [b], opaqueTokenIssuer: b }), /\(none\)/);
  });

  it('onIntrospectionEvent must be a function', () => {
    assert.throws(build({ onIntrospectionEvent: 'log' as never }), /onIntrospectionEvent must be a function/);
  });
});
