import assert from 'node:assert/strict';
import express from 'express';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bearerAuth } from '../../src/express/index.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestClock, type TestIssuer } from '../../src/testing/index.js';

describe('Express: RFC 9470 step-up (requireAuthLevel)', () => {
  let issuer: TestIssuer;
  let clock: TestClock;
  before(async () => {
    clock = createTestClock();
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());

  function app() {
    const auth = bearerAuth({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, clock: clock.now, clockTolerance: 60 });
    const a = express();
    a.get('/mfa', auth, auth.requireAuthLevel({ acr: ['phr', 'mfa'] }), (_req, res) => {
      res.send('ok');
    });
    a.get('/recent', auth, auth.requireAuthLevel({ maxAge: '5m' }), (_req, res) => {
      res.send('ok');
    });
    a.get('/both', auth, auth.requireAuthLevel({ acr: 'mfa', maxAge: 300 }), (_req, res) => {
      res.send('ok');
    });
    return a;
  }
  const now = () => Math.floor(clock.now() / 1000);
  const call = async (path: string, claims: Record<string, unknown>) =>
    request(app()).get(path).set('Authorization', `Bearer ${await issuer.token({ claims })}`);

  it('lets a token with an accepted acr through', async () => {
    assert.equal((await call('/mfa', { acr: 'mfa' })).status, 200);
  });

  it('answers another acr with 401 insufficient_user_authentication and acr_values', async () => {
    const challenge = expectChallenge(await call('/mfa', { acr: 'pwd' }), {
      status: 401,
      error: 'insufficient_user_authentication',
      code: 'acr_insufficient',
      errorDescription: "The user authenticated with acr 'pwd'; this route requires one of the acr values phr mfa",
    });
    assert.equal(challenge.params.acr_values, 'phr mfa');
    assert.equal(challenge.params.max_age, undefined);
  });

  it('answers a token without acr the same way', async () => {
    expectChallenge(await call('/mfa', {}), { status: 401, code: 'acr_insufficient', errorDescription: /has no acr claim/ });
  });

  it('accepts an authentication within max_age plus the clock tolerance, refuses an older one', async () => {
    assert.equal((await call('/recent', { auth_time: now() - 300 - 60 })).status, 200);
    const challenge = expectChallenge(await call('/recent', { auth_time: now() - 600 }), {
      status: 401,
      error: 'insufficient_user_authentication',
      code: 'authentication_too_old',
      errorDescription: 'The user authenticated 10m ago; this route requires an authentication within the last 5m (clock tolerance 1m)',
    });
    assert.equal(challenge.params.max_age, '300');
    assert.equal(challenge.params.acr_values, undefined);
  });

  it('refuses a token without auth_time, or with one that is not a number', async () => {
    expectChallenge(await call('/recent', {}), { status: 401, code: 'authentication_too_old', errorDescription: /has no auth_time claim/ });
    expectChallenge(await call('/recent', { auth_time: 'yesterday' }), { status: 401, code: 'authentication_too_old', errorDescription: /not a number/ });
  });

  it('names the whole requirement in the challenge and says which part fell short', async () => {
    const challenge = expectChallenge(await call('/both', { acr: 'mfa', auth_time: now() - 3600 }), {
      status: 401,
      code: 'authentication_too_old',
    });
    assert.equal(challenge.params.acr_values, 'mfa');
    assert.equal(challenge.params.max_age, '300');
    assert.doesNotMatch(challenge.params.error_description!, /acr/);
    const both = expectChallenge(await call('/both', { acr: 'pwd', auth_time: now() - 3600 }), { status: 401, code: 'acr_insufficient' });
    assert.match(both.params.error_description!, /acr 'pwd'.*authenticated 1h ago/);
  });

  it('leaves signature, issuer, audience and expiry failures as invalid_token', async () => {
    const expired = await issuer.tokens.expired({ claims: { acr: 'pwd' } });
    expectChallenge(await request(app()).get('/mfa').set('Authorization', `Bearer ${expired}`), { status: 401, error: 'invalid_token', code: 'token_expired' });
  });

  it('refuses a bad requirement at startup', () => {
    const auth = bearerAuth({ issuers: [issuer.issuer], audience: issuer.audience });
    assert.throws(() => auth.requireAuthLevel({}), /needs acr, maxAge or both/);
    assert.throws(() => auth.requireAuthLevel({ acr: 'm f a' }), /not an acr value/);
    assert.throws(() => auth.requireAuthLevel({ maxAge: '500ms' }), /whole seconds/);
    assert.throws(() => auth.requireAuthLevel({ acr: [] }), /at least one/);
    assert.throws(() => auth.requireAuthLevel({ acr: 'mfa', max_age: 5 } as never), /unknown option "max_age"/);
  });
});
