import assert from 'node:assert/strict';
import Koa from 'koa';
import Koa2 from 'koa2';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth } from '../../src/koa/index.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';
import { get } from '../helpers/koa-route.js';

const resource = 'https://api.example.com/mcp';
const metadataUrl = 'https://api.example.com/.well-known/oauth-protected-resource/mcp';

describe('Koa: protected resource metadata, scopes in 401s and CORS on failures', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  const options = () => ({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], resource, scopeInChallenge: true });

  for (const [name, KoaClass] of [['Koa 3', Koa], ['Koa 2', Koa2]] as const) {
    it(`${name}: serves the document the challenge points at, with app.use(auth)`, async () => {
      const app = new KoaClass();
      app.use(bearerAuth({ ...options(), resourceMetadata: { resourceName: 'Orders MCP' } }));
      app.use((ctx) => {
        ctx.body = 'ok';
      });
      const challenge = expectChallenge(await request(app.callback()).post('/mcp'), { status: 401, error: null });
      assert.equal(challenge.params.resource_metadata, metadataUrl);
      const res = await request(app.callback()).get('/.well-known/oauth-protected-resource/mcp').set('Host', 'evil.example');
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type']!, /^application\/json/);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.deepEqual(res.body, {
        resource,
        authorization_servers: [issuer.issuer],
        bearer_methods_supported: ['header'],
        resource_name: 'Orders MCP',
      });
      const preflight = await request(app.callback()).options('/.well-known/oauth-protected-resource').set('Origin', 'https://x.example');
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], '*');
    });
  }

  it('says in the document that it requires DPoP-bound tokens, with which proof algorithms', async () => {
    const app = new Koa();
    app.use(bearerAuth({ ...options(), dpop: { mode: 'required', algorithms: ['ES256'] } }));
    const res = await request(app.callback()).get('/.well-known/oauth-protected-resource/mcp');
    assert.deepEqual(res.body.dpop_signing_alg_values_supported, ['ES256']);
    assert.equal(res.body.dpop_bound_access_tokens_required, true);
  });

  it('serves the document through auth.metadata when bearerAuth runs only on its routes', async () => {
    const auth = bearerAuth(options());
    const app = new Koa();
    app.use(auth.metadata);
    app.use(get('/mcp', auth, (ctx) => {
      ctx.body = 'ok';
    }));
    app.use((ctx) => {
      ctx.body = 'fallthrough';
    });
    assert.equal((await request(app.callback()).get('/.well-known/oauth-protected-resource/mcp')).body.resource, resource);
    assert.equal((await request(app.callback()).get('/other')).text, 'fallthrough');
  });

  it('names the scopes of the guard that authenticates the route in its 401', async () => {
    const auth = bearerAuth(options());
    const app = new Koa();
    app.use(get('/tools', auth.requireScopes('tools:call')));
    expectChallenge(await request(app.callback()).get('/tools'), { status: 401, error: null, scope: 'tools:call' });
  });

  it('answers step-up failures with acr_values and max_age', async () => {
    const auth = bearerAuth(options());
    const app = new Koa();
    app.use(get('/wire', auth, auth.requireAuthLevel({ acr: 'mfa', maxAge: 300 }), (ctx) => {
      ctx.body = 'ok';
    }));
    const token = await issuer.token({ audience: resource, claims: { acr: 'pwd', auth_time: Math.floor(Date.now() / 1000) } });
    const challenge = expectChallenge(await request(app.callback()).get('/wire').set('Authorization', `Bearer ${token}`), {
      status: 401,
      error: 'insufficient_user_authentication',
      code: 'acr_insufficient',
    });
    assert.equal(challenge.params.acr_values, 'mfa');
    assert.equal(challenge.params.max_age, '300');
  });

  it('lets a listed origin read failures, also when thrown to the app', async () => {
    for (const errorHandling of ['respond', 'throw'] as const) {
      const auth = bearerAuth({ ...options(), errorHandling, cors: { allowOrigins: ['https://app.example'] } });
      const app = new Koa();
      app.use(get('/mcp', auth));
      const res = await request(app.callback()).get('/mcp').set('Origin', 'https://app.example');
      assert.equal(res.status, 401);
      assert.equal(res.headers['access-control-allow-origin'], 'https://app.example', errorHandling);
      assert.equal(res.headers['access-control-expose-headers'], 'WWW-Authenticate');
      const other = await request(app.callback()).get('/mcp').set('Origin', 'https://evil.example');
      assert.equal(other.headers['access-control-allow-origin'], undefined);
    }
  });
});
