import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { auth0, keycloak, type BearerGuardOptions } from '../../src/core/index.js';
import { expectChallenge } from '../../src/testing/index.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { adapters } from '../matrix/adapters.js';

const frameworks = adapters.filter((a) => a.name === 'Express 5' || a.name === 'Koa 3');

async function call(framework: (typeof frameworks)[number], options: BearerGuardOptions, token: string) {
  const server = await framework.start(options);
  try {
    return await request(server).get('/me').set('authorization', `Bearer ${token}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('opaque access tokens are diagnosed, not just refused', () => {
  let op: RunningOidcProvider;
  before(async () => {
    op = await startOidcProvider();
  });
  after(() => op.close());

  for (const framework of frameworks) {
    it(`oidc-provider without a resource indicator: the description asks for resource= (${framework.name})`, async () => {
      const { access_token } = await op.token(); // no resource: oidc-provider issues an opaque token
      assert.equal(access_token.includes('.'), false, 'oidc-provider issued an opaque token');
      const res = await call(framework, { issuers: [op.issuer], audience: op.resource }, access_token);
      expectChallenge(res, { status: 401, error: 'invalid_token', errorDescription: /^The token is opaque \(not a JWT\): .*resource=<this API's URL>.*token introspection.*`introspection` option/ });
      assert.equal(res.body.code, 'token_malformed');
      // With the resource indicator the same client gets a JWT this API accepts.
      const jwt = await op.token({ resource: op.resource });
      assert.equal((await call(framework, { issuers: [op.issuer], audience: op.resource }, jwt.access_token)).status, 200);
    });

    it(`Auth0: the description asks for audience= (${framework.name})`, async () => {
      const res = await call(framework, { issuers: [auth0({ domain: 'example.eu.auth0.com' })], audience: 'https://api.example.com' }, 'Qn4x8W1cGJm0ZrVtY3kP2sLd');
      expectChallenge(res, { status: 401, error: 'invalid_token', errorDescription: /Auth0 issues opaque access tokens when the token request names no API: request the token with audience=/ });
    });
  }

  it('names each configured IdP once, and leaves other malformed tokens alone', async () => {
    const options: BearerGuardOptions = {
      issuers: [auth0({ domain: 'a.eu.auth0.com' }), auth0({ domain: 'b.eu.auth0.com' }), keycloak({ url: 'https://sso.example.com', realm: 'shop' })],
      audience: 'https://api.example.com',
    };
    const opaque = await call(frameworks[0]!, options, 'opaque-token-value');
    const description = String(opaque.body.error_description);
    assert.equal(description.split('Auth0 issues').length - 1, 1);
    assert.match(description, /Keycloak access tokens are JWTs/);
    const twoParts = await call(frameworks[0]!, options, 'abc.def');
    assert.match(String(twoParts.body.error_description), /expected 3 base64url parts separated by dots, got 2$/);
  });
});
