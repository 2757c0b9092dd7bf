import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import type { AuthFailureEvent, AuthSuccessEvent } from '../../src/core/index.js';
import { startExpressFixture, type ExpressFixture } from '../helpers/express-fixture.js';

describe('Express: onAuthFailure and onAuthSuccess report decisions, never the token', () => {
  let f: ExpressFixture;
  const failures: AuthFailureEvent[] = [];
  const successes: AuthSuccessEvent[] = [];
  before(async () => {
    f = await startExpressFixture({
      auth: { onAuthFailure: (event) => failures.push(event), onAuthSuccess: (event) => successes.push(event) },
    });
  });
  after(() => f.close());
  beforeEach(() => {
    failures.length = 0;
    successes.length = 0;
  });

  const call = (token: string, path = '/me') => request(f.app).get(path).set('Authorization', `Bearer ${token}`);

  it('reports an accepted token with its verified subject and client, and no token', async () => {
    const token = await f.issuer.token({ subject: 'alice', clientId: 'app-1', scopes: ['users:read'] });
    const before = performance.now();
    assert.equal((await call(token)).status, 200);
    const elapsed = performance.now() - before;
    const [event] = successes;
    assert.equal(event?.type, 'auth_success');
    assert.equal(event?.subject, 'alice');
    assert.equal(event?.clientId, 'app-1');
    assert.deepEqual(event?.scopes, ['users:read']);
    assert.ok(!JSON.stringify(event).includes(token));
    assert.ok(event!.durationMs >= 0 && event!.durationMs <= elapsed, `durationMs ${event?.durationMs} within ${elapsed}`);
  });

  it('reports a refused token with its code and status, and no token', async () => {
    const token = await f.issuer.tokens.expired({ subject: 'alice' });
    const before = performance.now();
    assert.equal((await call(token)).status, 401);
    const elapsed = performance.now() - before;
    const [event] = failures;
    assert.equal(event?.code, 'token_expired');
    assert.equal(event?.status, 401);
    assert.equal(event?.issuer, f.issuer.issuer);
    assert.equal(event?.subject, 'alice', 'the signature verified, so the subject is a fact');
    assert.ok(!JSON.stringify(event).includes(token));
    assert.ok(event!.durationMs >= 0 && event!.durationMs <= elapsed, `durationMs ${event?.durationMs} within ${elapsed}`);
  });

  it('reports the missing scopes of a 403', async () => {
    await call(await f.issuer.token({ scopes: ['other'] }), '/users');
    assert.deepEqual(failures[0]?.missingScopes, ['users:read']);
    assert.equal(failures[0]?.status, 403);
  });

  // A forger chooses sub and client_id freely; logged as facts, they would blame (or lock out)
  // whoever the forger names.
  it('does not report the subject or client of a token whose signature did not verify', async () => {
    for (const token of [
      await f.issuer.tokens.wrongKey({ subject: 'admin', clientId: 'trusted-app' }),
      await f.issuer.tokens.unknownKey({ subject: 'admin', clientId: 'trusted-app' }),
      await f.issuer.token({ alg: 'HS256', secret: f.issuer.publicKeyPem('RS256'), subject: 'admin', clientId: 'trusted-app' }),
    ]) {
      failures.length = 0;
      assert.equal((await call(token)).status, 401);
      const [event] = failures;
      assert.ok(event, 'a failure event');
      assert.equal(event.subject, undefined, `${event.code}: subject from an unverified token`);
      assert.equal(event.clientId, undefined, `${event.code}: client id from an unverified token`);
    }
  });
});
