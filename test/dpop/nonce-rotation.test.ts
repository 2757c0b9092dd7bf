import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDpopKey, createTestClock, createTestIssuer, type TestDpopKey, type TestIssuer } from '../../src/testing/index.js';
import { frameworks, type RunningApp } from './apps.js';

for (const framework of frameworks) {
  describe(`DPoP server nonces rotate through ${framework.name}`, () => {
    const clock = createTestClock();
    let issuer: TestIssuer;
    let key: TestDpopKey;
    let app: RunningApp;
    before(async () => {
      issuer = await createTestIssuer({ clock });
      key = await createDpopKey({ clock });
      app = await framework.start({
        issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
        audience: issuer.audience,
        clock: clock.now,
        dpop: { mode: 'required', nonce: { lifetime: '5m' } },
      });
    });
    after(async () => {
      await app.close();
      await issuer.close();
    });

    async function call(token: string, nonce?: string) {
      const url = `${app.origin}/me`;
      return fetch(url, { headers: { authorization: `DPoP ${token}`, dpop: key.proof({ url, accessToken: token, ...(nonce ? { nonce } : {}) }) } });
    }

    it('hands out a nonce with use_dpop_nonce, then a new one on the first answer after it rotated', async () => {
      const token = await issuer.token({ dpopKey: key, expiresIn: '1h' });
      const asked = await call(token);
      assert.equal(asked.status, 401);
      const first = asked.headers.get('dpop-nonce')!;
      assert.match(first, /^[!#-[\]-~]+$/); // RFC 9449 NQCHAR
      const accepted = await call(token, first);
      assert.equal(accepted.status, 200);
      assert.equal(accepted.headers.get('dpop-nonce'), null);

      clock.advance(5 * 60_000);
      const rotated = await call(token, first);
      assert.equal(rotated.status, 200, 'the previous nonce is still accepted');
      const second = rotated.headers.get('dpop-nonce');
      assert.ok(second && second !== first, 'and the answer carries the current one');
      assert.equal((await call(token, second)).headers.get('dpop-nonce'), null);

      clock.advance(5 * 60_000);
      const tooOld = await call(token, first);
      assert.equal(tooOld.status, 401);
      assert.match(tooOld.headers.get('www-authenticate')!, /error="use_dpop_nonce"/);
    });
  });
}
