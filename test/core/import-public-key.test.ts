import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { compactVerify, importJWK, type JWK } from 'jose';
import { verifySignature } from '../../src/core/jws/verify-signature.js';
import { importPublicKey } from '../../src/core/keys/import-public-key.js';
import type { Jwk } from '../../src/core/keys/jwk.js';
import { parseKeySet, selectKeys } from '../../src/core/keys/key-set.js';

/*
 * A differential test: the key store turns published JWKs into node:crypto keys itself (so the
 * CommonJS build loads no ES module). For a corpus of sound and broken JWKs, a token signed by the
 * genuine private key must verify through our import exactly when it verifies through jose's
 * importJWK + compactVerify, the reference.
 */

type Alg = 'RS256' | 'PS256' | 'RS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

interface Pair {
  alg: Alg;
  privateKey: KeyObject;
  jwk: Jwk;
}

function pair(alg: Alg, generate: () => { privateKey: KeyObject; publicKey: KeyObject }): Pair {
  const { privateKey, publicKey } = generate();
  return { alg, privateKey, jwk: publicKey.export({ format: 'jwk' }) as Jwk };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pairs: Pair[] = [
  pair('RS256', () => rsa),
  pair('PS256', () => rsa),
  pair('RS512', () => generateKeyPairSync('rsa', { modulusLength: 3072 })),
  pair('ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })),
  pair('ES384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' })),
  pair('ES512', () => generateKeyPairSync('ec', { namedCurve: 'P-521' })),
  pair('EdDSA', () => generateKeyPairSync('ed25519')),
];
const weakRsa = pair('RS256', () => generateKeyPairSync('rsa', { modulusLength: 1024 }));

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signToken(p: Pair): string {
  const input = `${b64(JSON.stringify({ alg: p.alg, kid: 'k' }))}.${b64(JSON.stringify({ sub: 'u' }))}`;
  const hash = p.alg === 'EdDSA' ? null : `sha${p.alg.slice(2)}`;
  const options = p.alg.startsWith('ES') ? { key: p.privateKey, dsaEncoding: 'ieee-p1363' as const } : p.alg.startsWith('PS') ? { key: p.privateKey, padding: 6, saltLength: 32 } : p.privateKey;
  return `${input}.${b64(nodeSign(hash, Buffer.from(input), options))}`;
}

/** Changes one base64url character in the middle of a member's value. */
function flipMiddle(value: string): string {
  const i = Math.floor(value.length / 2);
  return value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
}

/** Variations of a sound JWK: each is a key some IdP, proxy or attacker could publish. */
function variants(jwk: Jwk): Array<[string, Jwk]> {
  const list: Array<[string, Jwk]> = [['as exported', jwk]];
  for (const name of ['n', 'e', 'x', 'y'] as const) {
    const value = jwk[name];
    if (typeof value !== 'string') continue;
    list.push([`${name} altered`, { ...jwk, [name]: flipMiddle(value) }]);
    list.push([`${name} missing`, { ...jwk, [name]: undefined }]);
    list.push([`${name} empty`, { ...jwk, [name]: '' }]);
    list.push([`${name} with a character outside base64url`, { ...jwk, [name]: `${value.slice(0, -2)}*${value.slice(-1)}` }]);
    list.push([`${name} one byte short`, { ...jwk, [name]: b64(Buffer.from(value, 'base64url').subarray(1)) }]);
    list.push([`${name} a number`, { ...jwk, [name]: 65537 as unknown as string }]);
  }
  if (jwk.crv) list.push(['crv of another curve', { ...jwk, crv: jwk.crv === 'P-256' ? 'P-384' : 'P-256' }]);
  list.push(['with unrelated members', { ...jwk, kid: 'k', use: 'sig', x5t: 'abc', custom: { nested: true } }]);
  return list;
}

async function joseVerdict(jwk: Jwk, alg: Alg, token: string): Promise<boolean> {
  try {
    const key = await importJWK({ ...jwk } as JWK, alg);
    await compactVerify(token, key as Parameters<typeof compactVerify>[1]);
    return true;
  } catch {
    return false;
  }
}

/** What the key store does with a published JWK: parse the set, select by kid and alg, import, verify. */
async function ourVerdict(jwk: Jwk, alg: Alg, token: string): Promise<boolean> {
  const set = parseKeySet({ keys: [{ ...jwk, kid: 'k' }] });
  if (typeof set === 'string') return false;
  const found = selectKeys(set, 'k', alg);
  if ('problem' in found) return false;
  try {
    const key = await found.keys[0]!.keyFor(alg);
    const [header, payload, signature] = token.split('.');
    return verifySignature(alg, key, `${header}.${payload}`, Buffer.from(signature!, 'base64url'));
  } catch {
    return false;
  }
}

describe('importPublicKey agrees with jose importJWK on sound and broken keys', () => {
  for (const p of pairs) {
    const token = signToken(p);
    for (const [variant, jwk] of variants(p.jwk)) {
      it(`${p.alg} (${jwk.kty}${p.jwk.crv ? ` ${p.jwk.crv}` : ''}): ${variant}`, async () => {
        const reference = await joseVerdict(jwk, p.alg, token);
        assert.equal(await ourVerdict(jwk, p.alg, token), reference);
        if (variant === 'as exported') assert.equal(reference, true, 'the corpus holds a genuine key');
      });
    }
  }

  it('refuses an RSA key under 2048 bits, as jose refuses to verify with one', async () => {
    const token = signToken(weakRsa);
    assert.equal(await joseVerdict(weakRsa.jwk, 'RS256', token), false);
    assert.equal(await ourVerdict(weakRsa.jwk, 'RS256', token), false);
    assert.throws(() => importPublicKey(weakRsa.jwk), /RSA key of 1024 bits; at least 2048 are required/);
  });

  it('says which member is missing', () => {
    assert.throws(() => importPublicKey({ kty: 'EC', crv: 'P-256', x: 'AA' }), /the EC key has no string "y"/);
  });
});
