import assert, { AssertionError } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { expectChallenge } from '../../src/testing/index.js';

function createApp(): express.Express {
  const app = express();
  app.get('/no-token', (_req, res) => {
    res.set('WWW-Authenticate', 'Bearer realm="api"').status(401).json({ code: 'missing_token' });
  });
  app.get('/expired', (_req, res) => {
    res
      .set('WWW-Authenticate', 'Bearer realm="api", error="invalid_token", error_description="The access token expired"')
      .status(401)
      .json({ code: 'token_expired' });
  });
  app.get('/scope', (_req, res) => {
    res
      .set('WWW-Authenticate', 'Bearer realm="api", error="insufficient_scope", scope="files:read files:write"')
      .status(403)
      .json({ code: 'insufficient_scope' });
  });
  app.get('/two-lines', (_req, res) => {
    res.append('WWW-Authenticate', 'DPoP algs="ES256 PS256"').append('WWW-Authenticate', 'Bearer realm="api"');
    res.status(401).end();
  });
  app.get('/down', (_req, res) => {
    res.set('Retry-After', '17').status(503).json({ code: 'jwks_unavailable' });
  });
  app.get('/step-up', (_req, res) => {
    res
      .set(
        'WWW-Authenticate',
        'Bearer realm="api", resource_metadata="https://api.ex.com/.well-known/oauth-protected-resource/mcp", error="insufficient_user_authentication", acr_values="phr mfa", max_age="300"',
      )
      .status(401)
      .json({ code: 'acr_insufficient' });
  });
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

function assertFails(run: () => unknown, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AssertionError, `expected an AssertionError, got ${String(error)}`);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${fragment}" not in:\n${error.message}`);
    return true;
  });
}

describe('expectChallenge', () => {
  const app = createApp();

  describe('with supertest responses', () => {
    it('passes on a matching no-credentials challenge and returns it', async () => {
      const res = await request(app).get('/no-token');
      const challenge = expectChallenge(res, { status: 401, error: null, realm: 'api', code: 'missing_token' });
      assert.deepEqual(challenge, { scheme: 'Bearer', params: { realm: 'api' } });
    });

    it('passes on an error challenge with a description matched by RegExp or string', async () => {
      const res = await request(app).get('/expired');
      expectChallenge(res, { status: 401, error: 'invalid_token', errorDescription: /expired/, code: 'token_expired' });
      expectChallenge(res, { errorDescription: 'The access token expired' });
    });

    it('compares scope as a set, in any order', async () => {
      const res = await request(app).get('/scope');
      expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'files:write files:read' });
      expectChallenge(res, { scope: ['files:read', 'files:write'] });
    });

    it('finds the requested scheme among several header lines', async () => {
      const res = await request(app).get('/two-lines');
      assert.deepEqual(expectChallenge(res, { status: 401, scheme: 'dpop' }), {
        scheme: 'DPoP',
        params: { algs: 'ES256 PS256' },
      });
      assert.deepEqual(expectChallenge(res, { realm: 'api' }), { scheme: 'Bearer', params: { realm: 'api' } });
    });

    it('checks only status and body code when scheme is null', async () => {
      const res = await request(app).get('/down');
      assert.equal(expectChallenge(res, { status: 503, scheme: null, code: 'jwks_unavailable' }), undefined);
      assertFails(() => expectChallenge(res, { status: 503, scheme: null, code: 'other' }), 'body.code differs', '"other"');
    });

    it('fails with expected and actual status and the raw header on a status mismatch', async () => {
      const res = await request(app).get('/expired');
      assertFails(
        () => expectChallenge(res, { status: 403, error: 'invalid_token' }),
        'status differs',
        'expected: 403',
        'actual:   401',
        'WWW-Authenticate: "Bearer realm=\\"api\\", error=\\"invalid_token\\"',
      );
    });

    it('fails on a different error, and on an error where none is allowed', async () => {
      const res = await request(app).get('/expired');
      assertFails(() => expectChallenge(res, { error: 'insufficient_scope' }), 'error differs', '"insufficient_scope"', '"invalid_token"');
      assertFails(() => expectChallenge(res, { error: null }), 'error present, expected no error information');
    });

    it('fails on a missing or different scope', async () => {
      const scoped = await request(app).get('/scope');
      assertFails(() => expectChallenge(scoped, { scope: 'files:read' }), 'scope differs', 'files:read files:write');
      const unscoped = await request(app).get('/no-token');
      assertFails(() => expectChallenge(unscoped, { scope: 'files:read' }), 'scope differs', 'actual:   undefined');
    });

    it('checks resource_metadata, acr_values (in order) and max_age when given', async () => {
      const res = await request(app).get('/step-up');
      expectChallenge(res, {
        status: 401,
        error: 'insufficient_user_authentication',
        resourceMetadata: 'https://api.ex.com/.well-known/oauth-protected-resource/mcp',
        acrValues: ['phr', 'mfa'],
        maxAge: 300,
      });
      expectChallenge(res, { acrValues: 'phr mfa', maxAge: '300' });
      assertFails(() => expectChallenge(res, { resourceMetadata: 'https://api.ex.com/.well-known/oauth-protected-resource' }), 'resource_metadata differs');
      assertFails(() => expectChallenge(res, { acrValues: 'mfa phr' }), 'acr_values differs', '"phr mfa"');
      assertFails(() => expectChallenge(res, { maxAge: 60 }), 'max_age differs', '"300"');
      const plain = await request(app).get('/no-token');
      assertFails(() => expectChallenge(plain, { resourceMetadata: 'https://api.ex.com/x' }), 'resource_metadata differs', 'actual:   undefined');
      assertFails(() => expectChallenge(plain, { maxAge: 0 }), 'max_age differs');
    });

    it('fails on a 200 without any challenge, showing the status', async () => {
      const res = await request(app).get('/ok');
      assertFails(() => expectChallenge(res, { status: 401 }), 'status differs', 'actual:   200', 'WWW-Authenticate: (none)');
      assertFails(() => expectChallenge(res), 'no WWW-Authenticate header', 'status: 200');
    });

    it('fails when the wanted scheme is absent, listing the schemes present', async () => {
      const res = await request(app).get('/no-token');
      assertFails(() => expectChallenge(res, { scheme: 'DPoP' }), 'no DPoP challenge', '["Bearer"]');
    });

    it('fails on realm, description and body code mismatches', async () => {
      const res = await request(app).get('/expired');
      assertFails(() => expectChallenge(res, { realm: 'other' }), 'realm differs');
      assertFails(() => expectChallenge(res, { errorDescription: /revoked/ }), 'error_description differs', '/revoked/');
      assertFails(() => expectChallenge(res, { code: 'token_revoked' }), 'body.code differs', '"token_expired"');
    });
  });

  describe('with fetch Responses', () => {
    let server: Server;
    let origin: string;
    before(async () => {
      server = createApp().listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('passes on a matching challenge from a real fetch', async () => {
      const res = await fetch(`${origin}/scope`);
      const challenge = expectChallenge(res, { status: 403, error: 'insufficient_scope', scope: 'files:read files:write' });
      assert.equal(challenge.params.realm, 'api');
      assert.equal(res.bodyUsed, false);
      await res.body?.cancel();
    });

    it('reads a constructed Response and fails with the header in the message', () => {
      const res = new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' } });
      expectChallenge(res, { status: 401, error: 'invalid_token', realm: 'api' });
      assertFails(() => expectChallenge(res, { error: null }), 'error present', 'WWW-Authenticate: "Bearer realm=\\"api\\"');
    });

    it('refuses to pretend it checked a body code it cannot read', () => {
      const res = new Response('{"code":"x"}', { status: 503 });
      assertFails(() => expectChallenge(res, { status: 503, scheme: null, code: 'x' }), 'cannot check code');
    });

    it('reports an unparsable header as an assertion failure', () => {
      const res = new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="a' } });
      assertFails(() => expectChallenge(res), 'does not parse', 'unterminated quoted-string');
    });
  });
});
