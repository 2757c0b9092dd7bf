import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerAuth, okta } from '../../src/express/index.js';

const issuer = 'https://dev-123.okta.com/oauth2/default';

describe('Express: bad configuration throws when the middleware is created', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['no issuers', { audience: 'api://default' }, /issuers` is required/],
    ['an issuer that is not a URL', { issuers: ['dev-123.okta.com'], audience: 'a' }, /not an absolute URL/],
    ['plain http to a remote host', { issuers: ['http://dev-123.okta.com'], audience: 'a' }, /must use https/],
    ['no audience', { issuers: [issuer] }, /no audience for issuer/],
    ['an unknown algorithm', { issuers: [issuer], audience: 'a', algorithms: ['RS257'] }, /unknown algorithm/],
    ['alg none', { issuers: [issuer], audience: 'a', algorithms: ['none'] }, /'none' is never accepted/],
    ['HS256 without a secret', { issuers: [issuer], audience: 'a', algorithms: ['HS256'] }, /shared secret/],
    ['a clock tolerance beyond minutes', { issuers: [issuer], audience: 'a', clockTolerance: '1h' }, /at most 300s/],
    ['a misspelled option', { issuers: [issuer], audiense: 'a', audience: 'a' }, /unknown option "audiense"/],
    ['an unknown errorHandling', { issuers: [issuer], audience: 'a', errorHandling: 'throw' }, /errorHandling must be one of/],
  ];
  for (const [name, options, message] of cases) {
    it(`refuses ${name}`, () => {
      assert.throws(() => bearerAuth(options as Parameters<typeof bearerAuth>[0]), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('accepts http for localhost, a string clock tolerance, and audience: false as a deliberate opt-out', () => {
    assert.doesNotThrow(() => bearerAuth({ issuers: ['http://127.0.0.1:8080/as'], audience: false, clockTolerance: '2m' }));
  });

  it('builds Okta and Auth0 issuers from a domain', () => {
    assert.deepEqual(okta({ domain: 'dev-123.okta.com' }), {
      issuer: 'https://dev-123.okta.com/oauth2/default',
      jwksUri: 'https://dev-123.okta.com/oauth2/default/v1/keys',
      kind: 'okta-custom',
    });
    assert.equal(okta({ domain: 'dev-123.okta.com', authorizationServer: 'org' }).jwksUri, 'https://dev-123.okta.com/oauth2/v1/keys');
  });
});
