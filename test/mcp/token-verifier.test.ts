import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as mcpErrors from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import express from 'express';
import request from 'supertest';
import { createVerifier, isBearerGuardError, type BearerGuardOptions } from '../../src/index.js';
import { createMcpTokenVerifier } from '../../src/mcp/index.js';
import { createTestIssuer, parseWwwAuthenticate, type TestIssuer } from '../../src/testing/index.js';

// The MCP SDK's own middleware with bearer-guard as its OAuthTokenVerifier, through a real Express app.
const resource = 'https://mcp.example.test/mcp';
const resourceMetadataUrl = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';

function optionsFor(issuer: TestIssuer): BearerGuardOptions {
  return { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], resource };
}

function sdkGuardedApp(options: BearerGuardOptions) {
  const bearerGuard = createVerifier(options);
  const verifier = createMcpTokenVerifier(bearerGuard, { errors: mcpErrors });
  const app = express();
  app.post(
    '/mcp',
    requireBearerAuth({ verifier, requiredScopes: ['tools:call'], resourceMetadataUrl, expectedResource: new URL(resource) }),
    (req, res) => {
      const auth = req.auth!;
      res.json({ clientId: auth.clientId, scopes: auth.scopes, expiresAt: auth.expiresAt, resource: auth.resource?.href, sub: auth.extra?.sub });
    },
  );
  return { app, bearerGuard };
}

/** What bearer-guard itself says about `token`. */
async function ownDescription(options: BearerGuardOptions, token: string): Promise<string> {
  const error = await createVerifier(options).verify(token).then(() => assert.fail('expected a refusal'), (e: unknown) => e);
  assert.ok(isBearerGuardError(error));
  return error.description;
}

describe("bearer-guard as the MCP SDK's OAuthTokenVerifier (requireBearerAuth)", () => {
  let issuer: TestIssuer;
  let app: express.Express;
  before(async () => {
    issuer = await createTestIssuer({ audience: resource });
    app = sdkGuardedApp(optionsFor(issuer)).app;
  });
  after(() => issuer.close());

  it('accepts a valid token and hands the SDK an AuthInfo with clientId, expiresAt and resource', async () => {
    const token = await issuer.token({ scopes: ['tools:call'], clientId: 'agent-7', subject: 'svc-agent' });
    const res = await request(app).post('/mcp').set('Authorization', `Bearer ${token}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, 'agent-7');
    assert.deepEqual(res.body.scopes, ['tools:call']);
    assert.equal(typeof res.body.expiresAt, 'number');
    assert.equal(res.body.resource, resource);
    assert.equal(res.body.sub, 'svc-agent');
  });

  for (const [name, mint] of [
    ['an expired token', (i: TestIssuer) => i.tokens.expired({ scopes: ['tools:call'] })],
    ['a token from another issuer', (i: TestIssuer) => i.tokens.otherIssuer({ scopes: ['tools:call'] })],
    ['a token for another audience', (i: TestIssuer) => i.tokens.wrongAudience({ scopes: ['tools:call'] })],
    ['a token signed with alg none', (i: TestIssuer) => i.tokens.algNone({ scopes: ['tools:call'] })],
  ] as const) {
    it(`answers ${name} 401 invalid_token with bearer-guard's description`, async () => {
      const token = await mint(issuer);
      const res = await request(app).post('/mcp').set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 401);
      const [challenge] = parseWwwAuthenticate(res.headers['www-authenticate']);
      assert.equal(challenge?.params.error, 'invalid_token');
      assert.equal(challenge?.params.error_description, await ownDescription(optionsFor(issuer), token));
      assert.equal(challenge?.params.resource_metadata, resourceMetadataUrl);
      assert.equal(res.body.error, 'invalid_token');
    });
  }

  it('answers a token without the required scope 403 insufficient_scope', async () => {
    const token = await issuer.token({ scopes: ['tools:read'] });
    const res = await request(app).post('/mcp').set('Authorization', `Bearer ${token}`);
    assert.equal(res.status, 403);
    const [challenge] = parseWwwAuthenticate(res.headers['www-authenticate']);
    assert.equal(challenge?.params.error, 'insufficient_scope');
    assert.equal(challenge?.params.scope, 'tools:call');
  });

  it('rejects with the SDK error class and keeps bearer-guard’s error as cause', async () => {
    const verifier = createMcpTokenVerifier(createVerifier(optionsFor(issuer)), { errors: mcpErrors });
    const error = await verifier.verifyAccessToken(await issuer.tokens.expired()).catch((e: unknown) => e);
    assert.ok(error instanceof mcpErrors.InvalidTokenError);
    assert.ok(isBearerGuardError(error.cause));
    assert.equal(error.cause.code, 'token_expired');
  });
});

describe('when the authorization server cannot be reached', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ audience: resource });
  });
  after(() => issuer.close());

  it('fetches no keys before the first token, then answers 500 server_error with the reason (the SDK has no 503)', async () => {
    const { app } = sdkGuardedApp(optionsFor(issuer));
    assert.equal(issuer.hits.jwks, 0, 'keys are fetched lazily');
    issuer.fail('jwks', { status: 503 });
    const token = await issuer.token({ scopes: ['tools:call'] });
    const res = await request(app).post('/mcp').set('Authorization', `Bearer ${token}`);
    assert.equal(issuer.hits.jwks, 1);
    assert.equal(res.status, 500);
    assert.equal(res.headers['www-authenticate'], undefined, 'not a 401: the client must not drop its token');
    assert.equal(res.body.error, 'server_error');
    assert.match(res.body.error_description, /key/i);
    assert.notEqual(res.body.error_description, 'Internal Server Error');
    assert.ok(!res.body.error_description.includes(token));
  });
});

describe('createMcpTokenVerifier configuration', () => {
  const verifier = createVerifier({ issuers: ['https://auth.example.test'], audience: 'api' });

  it('throws a TypeError naming the SDK classes that are missing', () => {
    const { ServerError: _dropped, ...partial } = mcpErrors;
    assert.throws(() => createMcpTokenVerifier(verifier, { errors: partial as never }), { name: 'TypeError', message: /missing ServerError/ });
    assert.throws(() => createMcpTokenVerifier(verifier, undefined as never), { name: 'TypeError', message: /@modelcontextprotocol\/sdk\/server\/auth\/errors\.js/ });
  });

  it('throws a TypeError when given no verifier', () => {
    assert.throws(() => createMcpTokenVerifier({} as never, { errors: mcpErrors }), { name: 'TypeError', message: /auth\.verifier/ });
  });

  it('passes errors that are not refusals through unchanged', async () => {
    const boom = new Error('boom');
    const passing = createMcpTokenVerifier({ verify: () => Promise.reject(boom) }, { errors: mcpErrors });
    await assert.rejects(passing.verifyAccessToken('x'), (e) => e === boom);
  });
});
