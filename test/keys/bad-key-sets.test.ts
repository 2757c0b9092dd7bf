import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { KeyOptions } from '../../src/core/index.js';
import type { Fault } from '../../src/testing/index.js';
import { assertUnavailable, failureOf, startKeysHarness, type KeysHarness } from './fixture.js';

function rsaJwk(bits: number, extra: Record<string, unknown> = {}) {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { ...publicKey.export({ format: 'jwk' }), ...extra };
}

describe('Keys: bad key sets give a clear reason and 503 or 401, never a crash', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  /** Serves `fault` as the JWKS on a cold cache and returns the failure and the logged reason. */
  async function withJwks(fault: Fault, keys: KeyOptions = {}) {
    const s = h.scenario({ keys });
    s.issuer.fail('jwks', fault);
    const error = await failureOf(s.verifier.verify(await s.issuer.token()));
    const logged = s.eventsOf('keys_fetch_failed')[0];
    return { error, logged, s };
  }

  it('answers 503 jwks_invalid for a body that is not JSON, and logs why', async () => {
    const { error, logged } = await withJwks('garbage');
    assertUnavailable(error, 'jwks_invalid');
    assert.match(error.description, /not JSON/);
    assert.equal(logged?.reason, 'response is not JSON');
    assert.equal(logged?.status, 200);
  });

  for (const [name, json] of [
    ['an empty object', {}],
    ['null', null],
    ['an array', [{ kty: 'RSA' }]],
    ['keys that is not an array', { keys: { kty: 'RSA' } }],
  ] as const) {
    it(`answers 503 jwks_invalid for ${name}`, async () => {
      const { error, logged } = await withJwks({ json });
      assertUnavailable(error, 'jwks_invalid');
      assert.equal(logged?.reason, 'the JWKS is not an object with a "keys" array');
    });
  }

  it('answers 503 jwks_invalid for a key set with no keys', async () => {
    const { error, logged } = await withJwks({ json: { keys: [] } });
    assertUnavailable(error, 'jwks_invalid');
    assert.equal(logged?.reason, 'the JWKS has no keys');
  });

  it('answers 503 jwks_invalid when no key is a usable public signature key, naming each', async () => {
    const { error, logged } = await withJwks({
      json: {
        keys: [
          { kty: 'oct', kid: 'shared', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA' },
          rsaJwk(2048, { kid: 'enc', use: 'enc' }),
          { kty: 'OKP', crv: 'X25519', kid: 'x', x: 'AAAA' },
          'not a key',
        ],
      },
    });
    assertUnavailable(error, 'jwks_invalid');
    assert.match(logged?.reason ?? '', /no usable signing keys/);
    assert.match(logged?.reason ?? '', /keys\[0\] \(kid 'shared'\): kty 'oct' is not a signature key/);
    assert.match(logged?.reason ?? '', /keys\[1\] \(kid 'enc'\): use 'enc', not sig/);
    assert.match(logged?.reason ?? '', /keys\[2\] \(kid 'x'\): kty 'OKP' crv 'X25519'/);
    assert.match(logged?.reason ?? '', /keys\[3\]: not an object/);
  });

  it('refuses to read a published private key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { error, logged } = await withJwks({ json: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'oops' }] } });
    assertUnavailable(error, 'jwks_invalid');
    assert.match(logged?.reason ?? '', /private key/);
  });

  it('answers 503 jwks_invalid when every key is for an algorithm that is not supported', async () => {
    const { error, logged } = await withJwks({ json: { keys: [rsaJwk(2048, { kid: 'old', alg: 'RS1' })] } });
    assertUnavailable(error, 'jwks_invalid');
    assert.match(logged?.reason ?? '', /keys\[0\] \(kid 'old'\): alg 'RS1' is not supported/);
  });

  it('uses the good keys of a mixed set and logs the skipped ones', async () => {
    const s = h.scenario();
    const good = s.issuer.publicJwks().keys;
    s.issuer.fail('jwks', { json: { keys: [{ kty: 'oct', kid: 'hmac', k: 'AAAA' }, rsaJwk(2048, { kid: 'legacy', alg: 'RS1' }), 42, ...good] } });
    await s.verifier.verify(await s.issuer.token());
    const ignored = s.eventsOf('keys_ignored').map((e) => e.reason);
    assert.equal(ignored.length, 3);
    assert.match(ignored[0]!, /kid 'hmac'/);
    assert.match(ignored[1]!, /alg 'RS1' is not supported/);
    assert.match(ignored[2]!, /keys\[2\]: not an object/);
  });

  it('answers 401 naming the reason when the token names a skipped key, without refreshing', async () => {
    const s = h.scenario();
    const good = s.issuer.publicJwks().keys;
    s.issuer.fail('jwks', { json: { keys: [rsaJwk(2048, { kid: 'legacy', alg: 'RS1' }), ...good] } });
    const error = await failureOf(s.verifier.verify(await s.issuer.token({ kid: 'legacy' })));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'algorithm_key_mismatch');
    assert.match(error.description, /alg 'RS1' is not supported/);
    assert.equal(s.issuer.hits.jwks, 1);
  });

  it('tries every key that shares a kid, and logs the duplicate', async () => {
    const s = h.scenario();
    const [real] = s.issuer.publicJwks().keys.filter((k) => k.alg === 'RS256');
    s.issuer.fail('jwks', { json: { keys: [rsaJwk(2048, { kid: real!.kid, alg: 'RS256' }), real] } });
    await s.verifier.verify(await s.issuer.token());
    assert.deepEqual(
      s.eventsOf('keys_ignored').map((e) => e.reason),
      [`kid ${real!.kid} appears more than once; each is tried`],
    );
  });

  it('answers 401 signature_invalid when no key of a duplicated kid verifies', async () => {
    const s = h.scenario();
    const kid = s.issuer.publicJwks().keys.find((k) => k.alg === 'RS256')!.kid;
    s.issuer.fail('jwks', { json: { keys: [rsaJwk(2048, { kid }), rsaJwk(2048, { kid })] } });
    const error = await failureOf(s.verifier.verify(await s.issuer.token()));
    assert.equal(error.status, 401, `${error.code}: ${error.description}`);
    assert.equal(error.code, 'signature_invalid');
  });

  it('answers 503 jwks_invalid for a response larger than the cap (512 KiB by default)', async () => {
    const s = h.scenario();
    const keys = s.issuer.publicJwks().keys;
    s.issuer.fail('jwks', { json: { keys, padding: 'x'.repeat(600 * 1024) } });
    const error = await failureOf(s.verifier.verify(await s.issuer.token()));
    assertUnavailable(error, 'jwks_invalid');
    assert.equal(s.eventsOf('keys_fetch_failed')[0]?.reason, `response larger than ${512 * 1024} bytes`);
  });

  it('honours a configured response cap', async () => {
    const { error, logged } = await withJwks({ json: h.issuer.publicJwks() }, { maxResponseBytes: 1024 });
    assertUnavailable(error, 'jwks_invalid');
    assert.equal(logged?.reason, 'response larger than 1024 bytes');
  });

  it('answers 503 jwks_invalid for more than 100 keys', async () => {
    const key = h.issuer.publicJwks().keys[0]!;
    const { error, logged } = await withJwks({ json: { keys: Array.from({ length: 101 }, (_, i) => ({ ...key, kid: `k${i}` })) } });
    assertUnavailable(error, 'jwks_invalid');
    assert.equal(logged?.reason, 'the JWKS has 101 keys; at most 100 are read');
  });

  it('answers 401 for a key whose material cannot be imported, without crashing', async () => {
    const s = h.scenario();
    const kid = s.issuer.publicJwks().keys.find((k) => k.alg === 'RS256')!.kid;
    s.issuer.fail('jwks', { json: { keys: [{ kty: 'RSA', kid, n: 'not-a-modulus', e: 'AQAB' }] } });
    const error = await failureOf(s.verifier.verify(await s.issuer.token()));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'algorithm_key_mismatch');
    assert.match(error.description, /cannot be used/);
  });

  it('answers 401 for an RSA key shorter than 2048 bits', async () => {
    const s = h.scenario();
    const kid = s.issuer.publicJwks().keys.find((k) => k.alg === 'RS256')!.kid;
    s.issuer.fail('jwks', { json: { keys: [rsaJwk(1024, { kid })] } });
    const error = await failureOf(s.verifier.verify(await s.issuer.token()));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'algorithm_key_mismatch');
    assert.match(error.description, /2048/);
  });

  it('skips a key whose kid is not a string', async () => {
    const s = h.scenario();
    const good = s.issuer.publicJwks().keys;
    s.issuer.fail('jwks', { json: { keys: [rsaJwk(2048, { kid: 7 }), ...good] } });
    await s.verifier.verify(await s.issuer.token());
    assert.match(s.eventsOf('keys_ignored')[0]?.reason ?? '', /kid is not a string/);
  });

  it('answers 401 rather than crashing when the key named by the token has hostile members', async () => {
    const keys = h.issuer.publicJwks().keys;
    const real = keys.find((k) => k.alg === 'RS256')!;
    const others = keys.filter((k) => k !== real);
    for (const hostile of [{ alg: { toString: null } }, { alg: ['RS256'] }, { crv: { toString: null }, kty: 'EC' }]) {
      const s = h.scenario();
      s.issuer.fail('jwks', { json: { keys: [{ ...real, ...hostile }, ...others] } });
      const error = await failureOf(s.verifier.verify(await s.issuer.token()));
      assert.equal(error.status, 401, `${JSON.stringify(hostile)}: ${error.code}`);
      assert.equal(error.code, 'algorithm_key_mismatch');
    }
  });

  it('never crashes: every broken key set ends in a 401 or 503 failure', async () => {
    const faults: Fault[] = [
      'garbage',
      { json: 'keys' },
      { json: 12 },
      { json: { keys: [null, true, [], {}] } },
      { json: { keys: [{ kty: 'RSA' }] } },
      { json: { keys: [{ kty: 'EC', crv: 'P-256', x: 1, y: {} }] } },
      { json: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', key_ops: 'verify' }] } },
      { json: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', alg: { toString: null } }] } },
      { status: 200, body: '{"keys": [' },
      { status: 200, body: '' },
    ];
    for (const fault of faults) {
      const { error } = await withJwks(fault);
      assert.ok(error.status === 401 || error.status === 503, `${JSON.stringify(fault)} gave ${error.status} ${error.code}`);
    }
  });

  it('answers 503 jwks_invalid, and backs off, when a key member is nested too deep to describe', async () => {
    // Valid JSON within the size cap, but JSON.stringify of the member overflows the stack.
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const member of ['use', 'kty', 'alg']) {
      const { error, logged, s } = await withJwks({ status: 200, body: `{"keys":[{"kid":"k1","${member}":${nested}}]}` });
      assertUnavailable(error, 'jwks_invalid');
      assert.match(logged?.reason ?? '', /no usable signing keys/);
      assertUnavailable(await failureOf(s.verifier.verify(await s.issuer.token())), 'jwks_invalid');
      assert.equal(s.issuer.hits.jwks, 1, `${member}: no second fetch before the backoff`);
    }
  });
});
