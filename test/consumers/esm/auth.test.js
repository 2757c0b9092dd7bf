import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import express from 'express';
import { bearerAuth } from 'bearer-guard/express';
import { createTestIssuer, expectChallenge } from 'bearer-guard/testing';

let issuer;
let server;
let base;

before(async () => {
  issuer = await createTestIssuer();
  const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
  // A CommonJS module of the same app (or a library it uses) requires the package: that loads the
  // CommonJS build. Its standalone guard (configured from the environment, as standalone guards
  // are) must check the result of the ES module build's bearerAuth that ran before it.
  process.env.BEARER_GUARD_ISSUER = issuer.issuer;
  process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
  const required = createRequire(import.meta.url)('bearer-guard/express');
  const app = express();
  app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => res.json({ subject: req.auth.subject }));
  app.get('/mixed', auth, required.requireScopes('orders:read'), (req, res) => res.json({ subject: req.auth.subject }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server.close();
  await issuer.close();
});

const get = async (path, token) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

test('a token with the scope gets 200, one without it 403 insufficient_scope', async () => {
  const ok = await get('/orders', await issuer.token({ scopes: ['orders:read'], subject: 'ada' }));
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).subject, 'ada');
  expectChallenge(await get('/orders', await issuer.token({ scopes: ['profile'] })), { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
});

test('import and require together: a CommonJS guard behind an ES module bearerAuth', async () => {
  assert.match(createRequire(import.meta.url).resolve('bearer-guard/express'), /dist[\\/]cjs[\\/]/);
  assert.equal((await get('/mixed', await issuer.token({ scopes: ['orders:read'] }))).status, 200);
  expectChallenge(await get('/mixed', await issuer.token({ scopes: ['profile'] })), { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
});

test('TokenClientError: instanceof holds across the ES module and CommonJS copies', async () => {
  const esm = await import('bearer-guard/client');
  const cjs = createRequire(import.meta.url)('bearer-guard/client');
  assert.notEqual(esm.TokenClientError, cjs.TokenClientError, 'two copies are loaded');
  const fromCjs = new cjs.TokenClientError('invalid_client', 'refused', { attempts: 1 });
  const fromEsm = new esm.TokenClientError('invalid_client', 'refused', { attempts: 1 });
  assert.ok(fromCjs instanceof esm.TokenClientError);
  assert.ok(fromEsm instanceof cjs.TokenClientError);
  assert.ok(!(new Error('refused') instanceof esm.TokenClientError));
  assert.ok(!(Object.assign(new Error('refused'), { name: 'TokenClientError', code: 'invalid_client' }) instanceof cjs.TokenClientError));
});
