import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseIssuer } from '../../src/core/claims/diagnose-issuer.js';

const org = 'https://x.okta.com';
const custom = 'https://x.okta.com/oauth2/default';
const otherCustom = 'https://x.okta.com/oauth2/aus1a2b3c4';

describe('diagnoseIssuer', () => {
  it('says the token issuer has an extra trailing slash (§14.2 T8)', () => {
    const result = diagnoseIssuer(`${custom}/`, [custom]);
    assert.equal(result.code, 'issuer_trailing_slash');
    assert.match(result.description, /only by a trailing slash/);
    assert.ok(result.description.includes(`'${custom}/'`) && result.description.includes(`'${custom}'`));
  });

  it('says the token issuer lacks the trailing slash the configuration has (Auth0)', () => {
    const result = diagnoseIssuer('https://tenant.eu.auth0.com', ['https://tenant.eu.auth0.com/']);
    assert.equal(result.code, 'issuer_trailing_slash');
  });

  it('finds the trailing-slash near miss among several accepted issuers', () => {
    assert.equal(diagnoseIssuer(`${custom}/`, ['https://a.example', custom]).code, 'issuer_trailing_slash');
  });

  it('says an Okta org-server token was sent to an API configured for a custom server, naming both (§14.2 T17)', () => {
    const result = diagnoseIssuer(org, [custom]);
    assert.equal(result.code, 'issuer_okta_org_server');
    assert.ok(result.description.includes(`'${org}'`), result.description);
    assert.ok(result.description.includes(`'${custom}'`), result.description);
    assert.ok(result.description.includes(`${custom}/v1/token`), result.description);
  });

  it('says a custom-server token was sent to an API configured for the org server', () => {
    const result = diagnoseIssuer(custom, [org]);
    assert.equal(result.code, 'issuer_okta_custom_server');
    assert.ok(result.description.includes(`'${custom}'`) && result.description.includes(`'${org}'`), result.description);
  });

  it('says a token from custom server A was sent to an API configured for custom server B', () => {
    const result = diagnoseIssuer(otherCustom, [custom]);
    assert.equal(result.code, 'issuer_okta_custom_server');
    assert.ok(result.description.includes(`'${otherCustom}'`) && result.description.includes(`'${custom}'`), result.description);
  });

  it('does not mistake another domain for an Okta near miss', () => {
    assert.equal(diagnoseIssuer('https://y.okta.com', [custom]).code, 'issuer_not_allowed');
    assert.equal(diagnoseIssuer('https://y.okta.com/oauth2/default', [custom]).code, 'issuer_not_allowed');
  });

  it('reports an unrelated issuer as issuer_not_allowed, listing the accepted ones', () => {
    const result = diagnoseIssuer('https://attacker.example', [custom, 'https://tenant.eu.auth0.com/']);
    assert.equal(result.code, 'issuer_not_allowed');
    assert.ok(result.description.includes("'https://attacker.example'"));
    assert.ok(result.description.includes(`'${custom}', 'https://tenant.eu.auth0.com/'`));
  });

  it('reports an iss that is not a URL as issuer_not_allowed', () => {
    assert.equal(diagnoseIssuer('not a url', [custom]).code, 'issuer_not_allowed');
  });

  it('treats a scheme difference as not allowed rather than as an Okta near miss', () => {
    assert.equal(diagnoseIssuer('http://x.okta.com', [custom]).code, 'issuer_not_allowed');
  });

  it('shortens a very long untrusted iss in the description', () => {
    const result = diagnoseIssuer(`https://attacker.example/${'a'.repeat(500)}`, [custom]);
    assert.ok(result.description.length < 300, `description is ${result.description.length} characters`);
  });
});
