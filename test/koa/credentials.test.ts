import assert from 'node:assert/strict';
import Koa, { type Middleware } from 'koa';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth } from '../../src/koa/index.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

/** What a body parser such as @koa/bodyparser does for a urlencoded form: set ctx.request.body. */
const formParser: Middleware = async (ctx, next) => {
  if (ctx.is('application/x-www-form-urlencoded')) {
    let raw = '';
    for await (const chunk of ctx.req) raw += String(chunk);
    (ctx.request as { body?: unknown }).body = Object.fromEntries(new URLSearchParams(raw));
  }
  await next();
};

describe('Koa: what the adapter reads from ctx', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock: createTestClock() });
  });
  after(() => issuer.close());

  it('names a query-string token in the body hint only, and judges the header alone when both are sent', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = new Koa();
    app.use(auth).use((ctx) => {
      ctx.body = 'ok';
    });
    const token = await issuer.token();
    const query = await request(app.callback()).get(`/?x=1&access_token=${token}`);
    expectChallenge(query, { status: 401, error: null, code: 'token_in_query' });
    assert.match(query.body.hint, /query/);
    const both = await request(app.callback()).get('/?access_token=garbage').set('Authorization', `Bearer ${token}`);
    assert.equal(both.status, 200);
  });

  it('answers HEAD requests with the status and challenge and no body', async () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    const app = new Koa();
    app.use(auth);
    const res = await request(app.callback()).head('/');
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal(res.text, undefined);
  });

  describe('the form-body method (opt-in), reading ctx.request.body as a body parser left it', () => {
    const app = new Koa();
    before(() => {
      const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience, acceptTokenInBody: true });
      app.use(formParser).use(auth).use((ctx) => {
        ctx.body = { subject: ctx.state.auth?.subject };
      });
    });

    it('accepts access_token in a urlencoded POST body', async () => {
      const res = await request(app.callback()).post('/').type('form').send({ access_token: await issuer.token() });
      assert.equal(res.status, 200);
      assert.equal(res.body.subject, 'user-123');
    });

    it('answers a token sent in both the header and the body with 400', async () => {
      const token = await issuer.token();
      const res = await request(app.callback()).post('/').set('Authorization', `Bearer ${token}`).type('form').send({ access_token: token });
      expectChallenge(res, { status: 400, error: 'invalid_request', code: 'token_multiple_methods' });
    });

    it('ignores the body when the option is off', async () => {
      const off = new Koa();
      off.use(formParser).use(bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience }));
      const res = await request(off.callback()).post('/').type('form').send({ access_token: await issuer.token() });
      expectChallenge(res, { status: 401, error: null, code: 'token_missing' });
    });
  });
});
