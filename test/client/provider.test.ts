import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auth0, okta } from '../../src/core/index.js';
import type { IssuerConfig } from '../../src/core/options/options.js';
import { providerProfile, tokenRequestParams } from '../../src/client/provider.js';

describe('providerProfile: the token endpoint and provider that follow from an issuer', () => {
  const cases: [string, IssuerConfig | undefined, string, string | undefined, string | undefined][] = [
    ['a plain URL (discovery)', { issuer: 'https://as.example.com' }, 'generic', undefined, undefined],
    ['okta() custom server', okta({ domain: 'dev-1.okta.com' }), 'okta', 'https://dev-1.okta.com/oauth2/default/v1/token', undefined],
    ['okta() org server', okta({ domain: 'dev-1.okta.com', authorizationServer: 'org' }), 'okta', 'https://dev-1.okta.com/oauth2/v1/token', undefined],
    ['an Okta URL', { issuer: 'https://dev-1.okta.com/oauth2/aus1' }, 'okta', undefined, undefined],
    ['auth0()', auth0({ domain: 't.eu.auth0.com' }), 'auth0', 'https://t.eu.auth0.com/oauth/token', 'https://t.eu.auth0.com/'],
    ['an Auth0 URL', { issuer: 'https://t.eu.auth0.com/' }, 'auth0', undefined, 'https://t.eu.auth0.com/'],
    ['an Entra v2.0 issuer', { issuer: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0' }, 'entra', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', undefined],
    ['an Entra v1.0 issuer', { issuer: 'https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/' }, 'entra', 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/oauth2/v2.0/token', undefined],
    ['an Entra multi-tenant template', { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' }, 'entra', undefined, undefined],
    ['a Keycloak realm', { issuer: 'https://kc.example.com/realms/acme', kind: 'keycloak' as IssuerConfig['kind'] }, 'generic', 'https://kc.example.com/realms/acme/protocol/openid-connect/token', undefined],
  ];
  for (const [name, issuer, provider, tokenEndpoint, assertionAudience] of cases) {
    it(name, () => {
      assert.deepEqual(providerProfile(issuer), { provider, tokenEndpoint, assertionAudience });
    });
  }
});

describe('tokenRequestParams: the API named the way each provider takes it', () => {
  const target = { scope: [], audience: 'api://orders', resource: ['https://orders.example.com/'] };
  it('Auth0 and others: audience and resource parameters', () => {
    assert.equal(tokenRequestParams('auth0', target).toString(), 'grant_type=client_credentials&audience=api%3A%2F%2Forders&resource=https%3A%2F%2Forders.example.com%2F');
  });
  it("Entra ID: scope '<audience>/.default' and no audience parameter", () => {
    assert.equal(tokenRequestParams('entra', { ...target, resource: [] }).toString(), 'grant_type=client_credentials&scope=api%3A%2F%2Forders%2F.default');
  });
  it('scopes are sent space-separated', () => {
    assert.equal(tokenRequestParams('generic', { scope: ['a', 'b'], audience: undefined, resource: [] }).get('scope'), 'a b');
  });
});
