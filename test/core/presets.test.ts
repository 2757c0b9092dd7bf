import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auth0, okta } from '../../src/core/options/presets.js';
import { resolveOptions } from '../../src/core/options/resolve-options.js';

describe('okta', () => {
  it('builds the default custom authorization server from a domain', () => {
    assert.deepEqual(okta({ domain: 'dev-123.okta.com' }), {
      issuer: 'https://dev-123.okta.com/oauth2/default',
      jwksUri: 'https://dev-123.okta.com/oauth2/default/v1/keys',
      kind: 'okta-custom',
    });
  });

  it('builds another custom authorization server from its id', () => {
    assert.deepEqual(okta({ domain: 'dev-123.okta.com', authorizationServer: 'aus1a2b3c4' }), {
      issuer: 'https://dev-123.okta.com/oauth2/aus1a2b3c4',
      jwksUri: 'https://dev-123.okta.com/oauth2/aus1a2b3c4/v1/keys',
      kind: 'okta-custom',
    });
  });

  it("builds the org authorization server for 'org', with keys under /oauth2/v1/keys", () => {
    assert.deepEqual(okta({ domain: 'dev-123.okta.com', authorizationServer: 'org' }), {
      issuer: 'https://dev-123.okta.com',
      jwksUri: 'https://dev-123.okta.com/oauth2/v1/keys',
      kind: 'okta-org',
    });
  });

  it('passes audience and algorithms through', () => {
    const entry = okta({ domain: 'dev-123.okta.com', audience: 'api://default', algorithms: ['RS256', 'ES256'] });
    assert.equal(entry.audience, 'api://default');
    assert.deepEqual(entry.algorithms, ['RS256', 'ES256']);
  });

  it('accepts a domain given with a scheme and keeps its origin, e.g. a local test issuer', () => {
    assert.deepEqual(okta({ domain: 'http://127.0.0.1:1234' }), {
      issuer: 'http://127.0.0.1:1234/oauth2/default',
      jwksUri: 'http://127.0.0.1:1234/oauth2/default/v1/keys',
      kind: 'okta-custom',
    });
  });

  it('accepts a domain with a trailing slash', () => {
    assert.equal(okta({ domain: 'https://dev-123.okta.com/' }).issuer, 'https://dev-123.okta.com/oauth2/default');
  });

  it('refuses a domain with a path and says a host name is expected', () => {
    assert.throws(() => okta({ domain: 'dev-123.okta.com/oauth2/default' }), {
      name: 'TypeError',
      message: /okta\(\): `domain` is a host name only \(e\.g\. 'dev-123\.okta\.com'\), not "dev-123\.okta\.com\/oauth2\/default"/,
    });
  });

  it('refuses a domain with a query string', () => {
    assert.throws(() => okta({ domain: 'dev-123.okta.com?x=1' }), { name: 'TypeError', message: /host name only/ });
  });

  it('refuses a missing or empty domain', () => {
    assert.throws(() => okta({ domain: '' }), { name: 'TypeError', message: /okta\(\) needs `domain`/ });
    assert.throws(() => okta({} as { domain: string }), { name: 'TypeError', message: /okta\(\) needs `domain`/ });
  });

  it('refuses a domain that is not a host name', () => {
    assert.throws(() => okta({ domain: 'exa mple.com' }), { name: 'TypeError', message: /is not a host name/ });
  });

  it('refuses an authorization server id that would change the path', () => {
    for (const id of ['', 'default/v1', '../org', 'a b']) {
      assert.throws(() => okta({ domain: 'dev-123.okta.com', authorizationServer: id }), { name: 'TypeError', message: /authorizationServer must be an id/ }, id);
    }
  });

  it('makes an entry resolveOptions accepts', () => {
    const resolved = resolveOptions({ issuers: [okta({ domain: 'dev-123.okta.com' })], audience: 'api://default' });
    assert.equal(resolved.issuers.get('https://dev-123.okta.com/oauth2/default')?.kind, 'okta-custom');
  });
});

describe('auth0', () => {
  it('builds the issuer with the trailing slash Auth0 puts in iss, and the jwks.json URL', () => {
    assert.deepEqual(auth0({ domain: 'example.eu.auth0.com' }), {
      issuer: 'https://example.eu.auth0.com/',
      jwksUri: 'https://example.eu.auth0.com/.well-known/jwks.json',
      kind: 'auth0',
    });
  });

  it('does not double the slash for a domain given as a URL with a trailing slash', () => {
    assert.equal(auth0({ domain: 'https://login.example.com/' }).issuer, 'https://login.example.com/');
  });

  it('passes the audience through', () => {
    assert.equal(auth0({ domain: 'example.eu.auth0.com', audience: 'https://api.example.com' }).audience, 'https://api.example.com');
  });

  it('refuses a domain with a path', () => {
    assert.throws(() => auth0({ domain: 'example.eu.auth0.com/api' }), { name: 'TypeError', message: /auth0\(\): `domain` is a host name only/ });
  });
});
