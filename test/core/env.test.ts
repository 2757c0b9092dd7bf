import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envVariables, optionsFromEnv } from '../../src/core/options/env.js';

const issuer = 'https://dev-123.okta.com/oauth2/default';

describe('optionsFromEnv', () => {
  it('reads one issuer and one audience', () => {
    assert.deepEqual(optionsFromEnv({ BEARER_GUARD_ISSUER: issuer, BEARER_GUARD_AUDIENCE: 'api://default' }), {
      issuers: [issuer],
      audience: 'api://default',
    });
  });

  it('reads comma-separated issuers', () => {
    const options = optionsFromEnv({
      BEARER_GUARD_ISSUERS: `${issuer}, https://example.eu.auth0.com/,https://login.example.com`,
      BEARER_GUARD_AUDIENCE: 'api://default',
    });
    assert.deepEqual(options.issuers, [issuer, 'https://example.eu.auth0.com/', 'https://login.example.com']);
  });

  it('combines BEARER_GUARD_ISSUER and BEARER_GUARD_ISSUERS', () => {
    const options = optionsFromEnv({ BEARER_GUARD_ISSUER: issuer, BEARER_GUARD_ISSUERS: 'https://a.example https://b.example', BEARER_GUARD_AUDIENCE: 'x' });
    assert.deepEqual(options.issuers, [issuer, 'https://a.example', 'https://b.example']);
  });

  it('reads an audience list as an array', () => {
    const options = optionsFromEnv({ BEARER_GUARD_ISSUER: issuer, BEARER_GUARD_AUDIENCE: 'api://default, https://api.example.com' });
    assert.deepEqual(options.audience, ['api://default', 'https://api.example.com']);
  });

  it('attaches the JWKS URI to a single issuer', () => {
    const options = optionsFromEnv({
      BEARER_GUARD_ISSUER: issuer,
      BEARER_GUARD_AUDIENCE: 'api://default',
      BEARER_GUARD_JWKS_URI: `${issuer}/v1/keys`,
    });
    assert.deepEqual(options.issuers, [{ issuer, jwksUri: `${issuer}/v1/keys` }]);
  });

  it('refuses a JWKS URI with two issuers', () => {
    assert.throws(
      () =>
        optionsFromEnv({
          BEARER_GUARD_ISSUERS: `${issuer},https://a.example`,
          BEARER_GUARD_AUDIENCE: 'api://default',
          BEARER_GUARD_JWKS_URI: `${issuer}/v1/keys`,
        }),
      { name: 'TypeError', message: /BEARER_GUARD_JWKS_URI can only be used with exactly one issuer/ },
    );
  });

  it('reads algorithms, clock tolerance and realm', () => {
    const options = optionsFromEnv({
      BEARER_GUARD_ISSUER: issuer,
      BEARER_GUARD_AUDIENCE: 'a',
      BEARER_GUARD_ALGORITHMS: 'RS256,ES256',
      BEARER_GUARD_CLOCK_TOLERANCE: '2m',
      BEARER_GUARD_REALM: 'orders',
    });
    assert.deepEqual(options.algorithms, ['RS256', 'ES256']);
    assert.equal(options.clockTolerance, '2m');
    assert.equal(options.realm, 'orders');
  });

  it('reads a clock tolerance of plain digits as a number of seconds', () => {
    assert.equal(optionsFromEnv({ BEARER_GUARD_ISSUER: issuer, BEARER_GUARD_AUDIENCE: 'a', BEARER_GUARD_CLOCK_TOLERANCE: '90' }).clockTolerance, 90);
  });

  it('throws a TypeError naming both variables when nothing is set', () => {
    assert.throws(() => optionsFromEnv({}), (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.match(err.message, /BEARER_GUARD_ISSUER/);
      assert.match(err.message, /BEARER_GUARD_AUDIENCE/);
      assert.match(err.message, /set BEARER_GUARD_ISSUER \(or BEARER_GUARD_ISSUERS\) and BEARER_GUARD_AUDIENCE/);
      return true;
    });
  });

  it('names only the audience variable when only the audience is missing', () => {
    assert.throws(() => optionsFromEnv({ BEARER_GUARD_ISSUER: issuer }), (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.match(err.message, /set BEARER_GUARD_AUDIENCE in the environment/);
      return true;
    });
  });

  it('treats variables holding only separators as missing', () => {
    assert.throws(() => optionsFromEnv({ BEARER_GUARD_ISSUER: ' , ', BEARER_GUARD_AUDIENCE: 'a' }), { name: 'TypeError', message: /set BEARER_GUARD_ISSUER/ });
  });

  it('exports the variable names it reads', () => {
    assert.equal(envVariables.issuer, 'BEARER_GUARD_ISSUER');
    assert.equal(envVariables.audience, 'BEARER_GUARD_AUDIENCE');
    assert.equal(envVariables.jwksUri, 'BEARER_GUARD_JWKS_URI');
  });
});
