import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { auth0, okta } from '../../src/core/index.js';
import { createTokenClient, type TokenClientOptions } from '../../src/client/index.js';

const secret = 'super-secret-value';
const base = { issuer: 'https://auth.example.com', clientId: 'svc', clientSecret: secret };

describe('createTokenClient: bad configuration is a TypeError at construction', () => {
  const cases: [string, Partial<TokenClientOptions> & Record<string, unknown>, RegExp][] = [
    ['neither issuer nor token endpoint', { issuer: undefined }, /give issuer .* or tokenEndpoint/],
    ['a plain-http issuer', { issuer: 'http://auth.example.com' }, /must use https/],
    ['a plain-http token endpoint', { tokenEndpoint: 'http://auth.example.com/token' }, /must use https/],
    ['no credentials', { clientSecret: undefined }, /needs clientSecret .* or privateKey/],
    ['a scope with a quote', { scope: 'orders:"read"' }, /not a valid scope token/],
    ['a relative resource', { resource: '/orders' }, /absolute URI without a fragment/],
    ['a resource with a fragment', { resource: 'https://api.example.com/#x' }, /absolute URI without a fragment/],
    ['an audience for Okta', { issuer: okta({ domain: 'dev-1.okta.com' }), audience: 'api://default' }, /Okta does not take an audience/],
    ['Entra with both scope and audience', { issuer: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0', audience: 'api://orders', scope: 'x' }, /exactly one scope/],
    ['a multi-tenant issuer template without a token endpoint', { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' }, /multi-tenant template; .* give tokenEndpoint/],
    ['zero attempts', { maxAttempts: 0 }, /maxAttempts/],
    ['a deadline that is not a duration', { deadline: 'soon' }, /client deadline/],
    ['a sleep that is not a function', { sleep: 5 as unknown as () => Promise<void> }, /sleep must be a function/],
  ];
  for (const [name, overrides, message] of cases) {
    it(`refuses ${name}`, () => {
      assert.throws(() => createTokenClient({ ...base, ...overrides } as TokenClientOptions), (error: unknown) => {
        assert.ok(error instanceof TypeError, String(error));
        assert.match(error.message, message);
        assert.ok(!error.message.includes(secret));
        return true;
      });
    });
  }

  it('accepts presets, a token endpoint alone, and private_key_jwt', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    createTokenClient({ issuer: auth0({ domain: 'example.eu.auth0.com' }), clientId: 'c', clientSecret: secret, audience: 'https://api.example.com' });
    createTokenClient({ issuer: okta({ domain: 'dev-1.okta.com' }), clientId: 'c', privateKey, scope: 'orders:read' });
    createTokenClient({ tokenEndpoint: 'https://auth.example.com/oauth2/token', clientId: 'c', clientSecret: secret });
  });

  it('rejects a bad per-call target without a request', async () => {
    let requests = 0;
    const client = createTokenClient({ ...base, fetch: async () => { requests += 1; return new Response('{}'); } });
    await assert.rejects(client.getToken({ resource: 'not a uri' }), TypeError);
    await assert.rejects(client.authorizedFetch('https://api.example.com/', {}, { scope: 'a b"c' }), TypeError);
    assert.equal(requests, 0);
  });
});
