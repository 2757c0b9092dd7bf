import assert from 'node:assert/strict';
import express from 'express';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth } from '../../src/express/index.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

const resource = 'https://api.example.com/mcp';
const metadataUrl = 'https://api.example.com/.well-known/oauth-protected-resource/mcp';

describe('Express: RFC 9728 protected resource metadata from the resource option', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  const options = () => ({
    issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
    resource,
    resourceMetadata: { scopesSupported: ['tools:read', 'tools:call'], resourceName: 'Orders MCP' },
  });

  it('serves the document where every challenge points, when bearerAuth guards the whole app', async () => {
    const app = express();
    app.use(bearerAuth(options()));
    app.post('/mcp', (_req, res) => {
      res.send('ok');
    });
    const challenge = expectChallenge(await request(app).post('/mcp'), { status: 401, error: null });
    assert.equal(challenge.params.resource_metadata, metadataUrl);
    const res = await request(app).get(new URL(challenge.params.resource_metadata!).pathname);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type']!, /^application\/json/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.deepEqual(res.body, {
      resource,
      authorization_servers: [issuer.issuer],
      scopes_supported: ['tools:read', 'tools:call'],
      bearer_methods_supported: ['header'],
      resource_name: 'Orders MCP',
    });
  });

  it('serves it at the root well-known URL too, which clients probe when a challenge names none', async () => {
    const app = express();
    app.use(bearerAuth(options()));
    const res = await request(app).get('/.well-known/oauth-protected-resource');
    assert.equal(res.status, 200);
    assert.equal(res.body.resource, resource);
  });

  it('serves it through auth.metadata when bearerAuth runs only on its routes', async () => {
    const auth = bearerAuth(options());
    const app = express();
    app.use(auth.metadata);
    app.post('/mcp', auth, (_req, res) => {
      res.send('ok');
    });
    app.get('/health', (_req, res) => {
      res.send('up');
    });
    assert.equal((await request(app).get('/.well-known/oauth-protected-resource/mcp')).body.resource, resource);
    assert.equal((await request(app).get('/health')).text, 'up');
    expectChallenge(await request(app).post('/mcp'), { status: 401, error: null });
  });

  it('lets a scope guard that authenticates on its own serve the document too', async () => {
    const auth = bearerAuth(options());
    const app = express();
    app.use(auth.requireScopes('tools:read'));
    assert.equal((await request(app).get('/.well-known/oauth-protected-resource/mcp')).status, 200);
  });

  it('never takes the resource from the Host header', async () => {
    const app = express();
    app.use(bearerAuth(options()));
    const res = await request(app).get('/.well-known/oauth-protected-resource/mcp').set('Host', 'evil.example');
    assert.equal(res.body.resource, resource);
    assert.deepEqual(res.body.authorization_servers, [issuer.issuer]);
  });

  it('answers a CORS preflight for the document and refuses to take a POST', async () => {
    const app = express();
    app.use(bearerAuth(options()));
    const preflight = await request(app)
      .options('/.well-known/oauth-protected-resource/mcp')
      .set('Origin', 'https://inspector.example')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'mcp-protocol-version');
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.match(preflight.headers['access-control-allow-headers']!, /MCP-Protocol-Version/i);
    const post = await request(app).post('/.well-known/oauth-protected-resource/mcp');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD, OPTIONS');
  });

  it('audits tokens against the resource: a token for another resource is refused', async () => {
    const app = express();
    app.use(bearerAuth(options()));
    app.post('/mcp', (req, res) => {
      res.json({ resource: String(req.auth?.resource) });
    });
    const other = await issuer.token({ audience: 'https://api.example.com/other' });
    expectChallenge(await request(app).post('/mcp').set('Authorization', `Bearer ${other}`), { status: 401, error: 'invalid_token', code: 'audience_mismatch' });
    const mine = await issuer.token({ audience: resource });
    const ok = await request(app).post('/mcp').set('Authorization', `Bearer ${mine}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { resource });
  });

  it('says which sender-constrained tokens it takes: DPoP algorithms, DPoP required, certificate-bound', async () => {
    const documentOf = async (extra: object) => {
      const app = express();
      app.use(bearerAuth({ ...options(), ...extra }));
      return (await request(app).get('/.well-known/oauth-protected-resource/mcp')).body as Record<string, unknown>;
    };
    const required = await documentOf({ dpop: { mode: 'required', algorithms: ['ES256', 'EdDSA'] }, mtls: { certificateHeader: 'x-client-cert' } });
    assert.equal(required.tls_client_certificate_bound_access_tokens, true);
    assert.deepEqual(required.dpop_signing_alg_values_supported, ['ES256', 'EdDSA']);
    assert.equal(required.dpop_bound_access_tokens_required, true);
    assert.deepEqual(Object.keys(required).slice(-3), ['tls_client_certificate_bound_access_tokens', 'dpop_signing_alg_values_supported', 'dpop_bound_access_tokens_required']);

    const allowed = await documentOf({ dpop: { mode: 'allowed', algorithms: ['ES256'] } });
    assert.deepEqual(allowed.dpop_signing_alg_values_supported, ['ES256']);
    assert.equal('dpop_bound_access_tokens_required' in allowed, false, 'Bearer tokens are taken too');
    assert.equal('tls_client_certificate_bound_access_tokens' in allowed, false);

    const plain = await documentOf({ dpop: { mode: 'off' } });
    assert.equal(Object.keys(plain).some((member) => member.startsWith('dpop_') || member.startsWith('tls_')), false);
  });
});

describe('Express: scopes in 401 challenges (scopeInChallenge)', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  function app(scopeInChallenge: boolean, scopesSupported?: string[]) {
    const auth = bearerAuth({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      resource,
      scopeInChallenge,
      ...(scopesSupported ? { resourceMetadata: { scopesSupported } } : {}),
    });
    const a = express();
    a.post('/mcp', auth.requireScopes('tools:call'), (_req, res) => {
      res.send('ok');
    });
    a.get('/plain', auth, (_req, res) => {
      res.send('ok');
    });
    return a;
  }

  it('names the scopes of the guard that authenticates the route', async () => {
    const challenge = expectChallenge(await request(app(true)).post('/mcp'), { status: 401, error: null, scope: 'tools:call' });
    assert.equal(challenge.params.resource_metadata, metadataUrl);
    const expired = await issuer.tokens.expired({ audience: resource });
    expectChallenge(await request(app(true)).post('/mcp').set('Authorization', `Bearer ${expired}`), {
      status: 401,
      error: 'invalid_token',
      scope: 'tools:call',
    });
  });

  it('names scopes_supported where no guard is known, and nothing without it', async () => {
    expectChallenge(await request(app(true, ['tools:read', 'tools:call'])).get('/plain'), { status: 401, scope: 'tools:read tools:call' });
    const bare = await request(app(true)).get('/plain');
    assert.equal(bare.headers['www-authenticate'], `Bearer realm="api", resource_metadata="${metadataUrl}"`);
  });

  it('leaves scope out of 401s by default', async () => {
    const res = await request(app(false, ['tools:read'])).post('/mcp');
    assert.equal(res.headers['www-authenticate'], `Bearer realm="api", resource_metadata="${metadataUrl}"`);
  });

  it('keeps the 403 listing the missing scopes', async () => {
    const token = await issuer.token({ audience: resource, scopes: 'tools:read' });
    expectChallenge(await request(app(true)).post('/mcp').set('Authorization', `Bearer ${token}`), {
      status: 403,
      error: 'insufficient_scope',
      scope: 'tools:call',
    });
  });
});

describe('Express: CORS on failures (cors option)', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  function app(cors?: { allowOrigins: '*' | string[] }) {
    const auth = bearerAuth({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, ...(cors ? { cors } : {}) });
    const a = express();
    a.get('/users', auth, auth.requireScopes('users:read'), (_req, res) => {
      res.send('ok');
    });
    return a;
  }

  it('adds no CORS header by default', async () => {
    const res = await request(app()).get('/users').set('Origin', 'https://app.example');
    assert.equal(res.status, 401);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['access-control-expose-headers'], undefined);
  });

  it('lets a listed origin read the 401 and the 403 challenge', async () => {
    const cors = { allowOrigins: ['https://app.example'] };
    const unauthenticated = await request(app(cors)).get('/users').set('Origin', 'https://app.example');
    assert.equal(unauthenticated.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(unauthenticated.headers['access-control-expose-headers'], 'WWW-Authenticate');
    assert.equal(unauthenticated.headers.vary, 'Origin');
    const token = await issuer.token({ scopes: 'other' });
    const forbidden = await request(app(cors)).get('/users').set('Origin', 'https://app.example').set('Authorization', `Bearer ${token}`);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.headers['access-control-allow-origin'], 'https://app.example');
  });

  it('gives an origin that is not listed no Access-Control-Allow-Origin', async () => {
    const res = await request(app({ allowOrigins: ['https://app.example'] })).get('/users').set('Origin', 'https://evil.example');
    assert.equal(res.status, 401);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers.vary, 'Origin');
  });

  it("answers any origin with '*'", async () => {
    const res = await request(app({ allowOrigins: '*' })).get('/users').set('Origin', 'https://anything.example');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
  });
});
