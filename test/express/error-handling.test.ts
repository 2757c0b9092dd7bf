import assert from 'node:assert/strict';
import createHttpError from 'http-errors';
import express, { type NextFunction, type Request, type Response } from 'express';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth, isBearerGuardError } from '../../src/express/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

describe("Express: errors can go to the app's own error handler", () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  it("hands an http-errors instance carrying the challenge to next(err) with errorHandling: 'next'", async () => {
    const seen: unknown[] = [];
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'next' });
    const app = express();
    app.get('/me', auth, auth.requireScopes('x'), (_req, res) => {
      res.send('ok');
    });
    app.use((err: createHttpError.HttpError, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(err);
      res.status(err.status).set(err.headers ?? {}).json({ mine: true, code: (err as { code?: string }).code });
    });
    const res = await request(app).get('/me');
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, { mine: true, code: 'token_missing' });
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"');
    assert.ok(seen[0] instanceof createHttpError.HttpError);
    assert.ok(isBearerGuardError(seen[0]));

    const forbidden = await request(app).get('/me').set('Authorization', `Bearer ${await issuer.token({ scopes: 'y' })}`);
    assert.equal(forbidden.status, 403);
    assert.match(String(forbidden.headers['www-authenticate']), /scope="x"/);
  });

  it("lets Express's default handler render the error's status and challenge", async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, errorHandling: 'next', realm: 'orders' });
    const app = express();
    app.set('env', 'production');
    app.get('/me', auth, (_req, res) => {
      res.send('ok');
    });
    const res = await request(app).get('/me').set('Authorization', 'Bearer a.b.c');
    assert.equal(res.status, 401);
    assert.match(String(res.headers['www-authenticate']), /^Bearer realm="orders", error="invalid_token"/);
    assert.ok(!res.text.includes('at '));
  });

  it('puts the RFC 9728 resource metadata URL and the realm in every challenge', async () => {
    const auth = bearerAuth({
      issuers: [issuer.issuer],
      audience: issuer.audience,
      realm: 'mcp',
      resource: 'https://api.example.com/mcp',
      exposeChallengeHeader: true,
    });
    const app = express();
    app.get('/me', auth, (_req, res) => {
      res.send('ok');
    });
    const res = await request(app).get('/me');
    assert.equal(
      res.headers['www-authenticate'],
      'Bearer realm="mcp", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp"',
    );
    assert.equal(res.headers['access-control-expose-headers'], 'WWW-Authenticate');
  });
});
