import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { after, before, describe, it } from 'node:test';
import { createVerifier, isBearerGuardError, type BearerGuardOptions } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

/**
 * Signature checks that came back from libuv's thread pool while `run` ran. node:crypto makes a
 * SIGNREQUEST job for every check, but only one run on the thread pool calls back (`before`).
 */
async function threadPoolChecks(run: () => Promise<unknown>): Promise<number> {
  const jobs = new Set<number>();
  let calledBack = 0;
  const hook = createHook({
    init(id, type) {
      if (type === 'SIGNREQUEST') jobs.add(id);
    },
    before(id) {
      if (jobs.has(id)) calledBack++;
    },
  }).enable();
  try {
    await run();
  } finally {
    hook.disable();
  }
  return calledBack;
}

async function outcome(promise: Promise<{ subject?: string; scopes: readonly string[] }>) {
  try {
    const result = await promise;
    return { accepted: result.subject, scopes: result.scopes };
  } catch (error) {
    if (isBearerGuardError(error)) return { refused: error.code };
    throw error;
  }
}

describe('signatureThreadPool: signature checks on libuv\'s thread pool', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer();
  });
  after(() => issuer.close());

  const verifierWith = (options: Partial<BearerGuardOptions> = {}) =>
    createVerifier({ issuers: [issuer.issuer], audience: issuer.audience, tokenCache: false, ...options });

  it('gives the same answers as the main thread for sound, foreign-key and tampered tokens of every algorithm', async () => {
    const pooled = verifierWith({ signatureThreadPool: [...algorithms] });
    const plain = verifierWith();
    for (const alg of algorithms) {
      const sound = await issuer.token({ alg, subject: `user-${alg}`, scopes: 'orders:read' });
      const foreign = await issuer.token({ alg, signingKey: 'foreign' });
      const [h, p, s] = sound.split('.') as [string, string, string];
      const tampered = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
      for (const token of [sound, foreign, tampered]) {
        assert.deepEqual(await outcome(pooled.verify(token)), await outcome(plain.verify(token)), alg);
      }
      assert.deepEqual(await outcome(pooled.verify(sound)), { accepted: `user-${alg}`, scopes: ['orders:read'] });
      assert.deepEqual(await outcome(pooled.verify(foreign)), { refused: 'signature_invalid' });
    }
  });

  it('checks only the listed algorithms there; the others stay on the main thread', async () => {
    const verifier = verifierWith({ signatureThreadPool: ['ES256'] });
    const es256 = await issuer.token({ alg: 'ES256' });
    const rs256 = await issuer.token({ alg: 'RS256' });
    await verifier.verify(es256);
    await verifier.verify(rs256);
    assert.equal(await threadPoolChecks(() => Promise.all([verifier.verify(es256), verifier.verify(es256)])), 2);
    assert.equal(await threadPoolChecks(() => verifier.verify(rs256)), 0);
    assert.equal(await threadPoolChecks(() => verifierWith().verify(es256)), 0, 'without the option');
  });

  it('checks a signature there even on the request that fetched the keys', async () => {
    const verifier = verifierWith({ signatureThreadPool: ['EdDSA'] });
    const token = await issuer.token({ alg: 'EdDSA', subject: 'cold' });
    let result: Awaited<ReturnType<typeof outcome>> | undefined;
    assert.equal(await threadPoolChecks(async () => (result = await outcome(verifier.verify(token)))), 1);
    assert.equal(result?.accepted, 'cold');
  });

  it('refuses a configuration that is not a list of asymmetric algorithms, at construction', () => {
    const base = { issuers: [issuer.issuer], audience: issuer.audience };
    for (const [value, message] of [
      ['ES256', /must be a list of algorithms/],
      [['HS256'], /HS256 is an HMAC/],
      [['none'], /unknown algorithm "none"/],
      [['ES256K'], /unknown algorithm "ES256K"/],
    ] as const) {
      assert.throws(() => createVerifier({ ...base, signatureThreadPool: value as never }), (error: Error) => error instanceof TypeError && message.test(error.message), JSON.stringify(value));
    }
  });
});
