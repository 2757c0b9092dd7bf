import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import type { DpopOptions } from '../../src/core/index.js';
import { bearerAuth } from '../../src/express/index.js';
import { createDpopKey, createTestClock, createTestIssuer, type TestDpopKey, type TestIssuer } from '../../src/testing/index.js';

/** RFC 9449 §7 request rules and the public URL, through a real Express app. */
describe('DPoP requests through Express', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  let key: TestDpopKey;
  before(async () => {
    issuer = await createTestIssuer({ clock });
    key = await createDpopKey({ clock });
  });
  after(() => issuer.close());

  function app(dpop: DpopOptions | undefined, mount = '') {
    const auth = bearerAuth({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      clock: clock.now,
      acceptTokenInBody: true,
      ...(dpop ? { dpop } : {}),
    });
    const router = express.Router().all('/r', auth, (req, res) => {
      res.json(req.auth?.binding);
    });
    const a = express();
    a.use(express.urlencoded({ extended: false }));
    a.use(mount || '/', router);
    return a;
  }
  const code = (res: { body: { code?: string } }) => res.body.code;

  it('matches the DPoP scheme case-insensitively', async () => {
    const token = await issuer.token({ dpopKey: key });
    const res = await request(app({ mode: 'allowed', publicUrl: 'https://api.test' }))
      .get('/r')
      .set('Authorization', `dpop ${token}`)
      .set('DPoP', key.proof({ url: 'https://api.test/r', accessToken: token }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it('with DPoP off, treats the DPoP scheme as another scheme and ignores a DPoP header next to a Bearer token', async () => {
    const token = await issuer.token({ dpopKey: key });
    const dpopScheme = await request(app(undefined)).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', key.proof({ url: 'https://api.test/r', accessToken: token }));
    assert.equal(code(dpopScheme), 'scheme_not_bearer');
    const plain = await issuer.token();
    const bearer = await request(app(undefined)).get('/r').set('Authorization', `Bearer ${plain}`).set('DPoP', key.proof({ url: 'https://api.test/r', accessToken: plain }));
    assert.equal(bearer.status, 200);
  });

  it('refuses a DPoP token sent in the header and the body alike', async () => {
    const token = await issuer.token({ dpopKey: key });
    const res = await request(app({ mode: 'allowed', publicUrl: 'https://api.test' }))
      .post('/r')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', key.proof({ method: 'POST', url: 'https://api.test/r', accessToken: token }))
      .type('form')
      .send({ access_token: token });
    assert.equal(res.status, 400);
    assert.equal(code(res), 'token_multiple_methods');
  });

  it('refuses two proofs joined in one DPoP header', async () => {
    const token = await issuer.token({ dpopKey: key });
    const proof = key.proof({ url: 'https://api.test/r', accessToken: token });
    const res = await request(app({ mode: 'allowed', publicUrl: 'https://api.test' })).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', `${proof}, ${proof}`);
    assert.equal(code(res), 'dpop_proof_duplicated');
  });

  it('compares htu with the request as received by default, and never with forwarded headers', async () => {
    const a = app({ mode: 'required' });
    const token = await issuer.token({ dpopKey: key });
    const asReceived = await request(a).get('/r').set('Host', 'api.internal:3000').set('Authorization', `DPoP ${token}`).set('DPoP', key.proof({ url: 'http://api.internal:3000/r', accessToken: token }));
    assert.equal(asReceived.status, 200, JSON.stringify(asReceived.body));
    const forwarded = await request(a)
      .get('/r')
      .set('Host', 'api.internal:3000')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'api.example.com')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', key.proof({ url: 'https://api.example.com/r', accessToken: token }));
    assert.equal(code(forwarded), 'dpop_htu_mismatch');
    assert.match(forwarded.body.error_description, /this request is for http:\/\/api.internal:3000\/r .*dpop.publicUrl or dpop.trustProxy/);
  });

  it('with trustProxy, reads the public URL from the headers the proxy sets', async () => {
    const token = await issuer.token({ dpopKey: key });
    const viaX = await request(app({ mode: 'required', trustProxy: 'x-forwarded' }))
      .get('/r')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'api.example.com')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', key.proof({ url: 'https://api.example.com/r', accessToken: token }));
    assert.equal(viaX.status, 200, JSON.stringify(viaX.body));
    const viaForwarded = await request(app({ mode: 'required', trustProxy: 'forwarded' }))
      .get('/r')
      .set('Forwarded', 'for=192.0.2.1;proto=https;host=api.example.com')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', key.proof({ url: 'https://api.example.com/r', accessToken: token }));
    assert.equal(viaForwarded.status, 200, JSON.stringify(viaForwarded.body));
  });

  it('with publicUrl, appends the full request path, also under a mounted router', async () => {
    const token = await issuer.token({ dpopKey: key });
    const res = await request(app({ mode: 'required', publicUrl: 'https://api.example.com/v1' }, '/orders'))
      .get('/orders/r?page=2')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', key.proof({ url: 'https://api.example.com/v1/orders/r', accessToken: token }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
});
