import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createVerifier, isBearerGuardError, type BearerGuardOptions } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

/** Which cnf members are checked, and what happens to the others: nothing is silently accepted. */
describe('token bindings the options do not check are refused', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());

  const verifier = (options: Partial<BearerGuardOptions>) =>
    createVerifier({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, clock: clock.now, ...options });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (isBearerGuardError(error) ? error.code : String(error)),
    );

  const cases: Array<[string, Partial<BearerGuardOptions>, Record<string, unknown>]> = [
    ['a certificate-bound token with only DPoP on', { dpop: { mode: 'allowed' } }, { 'x5t#S256': 'abc' }],
    ['a DPoP-bound token with only mTLS on', { mtls: {} }, { jkt: 'abc' }],
    ['a token bound to a member nobody checks, next to jkt', { dpop: { mode: 'allowed' }, mtls: {} }, { jkt: 'abc', jwk: { kty: 'EC' } }],
    ['an empty cnf', { dpop: { mode: 'allowed' }, mtls: {} }, {}],
    ['a cnf that is not an object', { dpop: { mode: 'allowed' } }, { cnf: 'jkt' }],
  ];
  for (const [what, options, cnf] of cases) {
    it(`refuses ${what}`, async () => {
      const claims = 'cnf' in cnf ? cnf : { cnf };
      const token = await issuer.token({ claims });
      assert.equal(await codeOf(verifier(options).verify(token)), 'token_sender_constrained');
    });
  }

  it('refuses a DPoP-bound token given to verify() without a request: there is no proof to check', async () => {
    const token = await issuer.token({ claims: { cnf: { jkt: 'abc' } } });
    assert.equal(await codeOf(verifier({ dpop: { mode: 'allowed' } }).verify(token)), 'token_sender_constrained');
  });

  it('accepts an unbound token with both on, bound to nothing', async () => {
    const auth = await verifier({ dpop: { mode: 'allowed' }, mtls: {} }).verify(await issuer.token());
    assert.deepEqual(auth.binding, { method: 'none' });
  });
});
