import assert from 'node:assert/strict';
import { constants, createPublicKey, createSecretKey, KeyObject, sign as nodeSign, verify as nodeVerify, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { verifySignature, verifySignatureOnThreadPool } from '../../src/core/jws/verify-signature.js';

/*
 * A differential test: for every algorithm, a corpus of genuine and tampered tokens is checked by
 * verifySignature and by jose's compactVerify, which must agree on every item.
 */

type AsymmetricAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519';
type SymmetricAlg = 'HS256' | 'HS384' | 'HS512';
type Alg = AsymmetricAlg | SymmetricAlg;

const asymmetric: AsymmetricAlg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const symmetric: SymmetricAlg[] = ['HS256', 'HS384', 'HS512'];

const sibling: Record<Alg, Alg> = {
  RS256: 'RS384', RS384: 'RS512', RS512: 'RS256',
  PS256: 'PS384', PS384: 'PS512', PS512: 'PS256',
  ES256: 'ES384', ES384: 'ES512', ES512: 'ES256',
  EdDSA: 'Ed25519', Ed25519: 'EdDSA',
  HS256: 'HS384', HS384: 'HS512', HS512: 'HS256',
};

const hashOf = (alg: Alg) => (alg.startsWith('Ed') ? null : `sha${alg.slice(2)}`);

/** ECDSA: bytes of r (and of s) in IEEE P1363 form, and the curve order for malleating s. */
const ecdsa: Partial<Record<Alg, { size: number; order: bigint }>> = {
  ES256: { size: 32, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  ES384: { size: 48, order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
  ES512: {
    size: 66,
    order: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
};

const enc = new TextEncoder();
const payload = enc.encode(JSON.stringify({ iss: 'https://issuer.example', sub: 'u1', aud: 'api', exp: 1_767_225_600 }));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const headerOf = (alg: string) => b64(enc.encode(JSON.stringify({ alg, kid: 'k1', typ: 'at+jwt' })));

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Changes the character at `index` to another base64url character. */
function flip(segment: string, index: number): string {
  const c = segment[index]!;
  return segment.slice(0, index) + (c === 'A' ? 'B' : 'A') + segment.slice(index + 1);
}

function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function fromBigInt(value: bigint, size: number): Buffer {
  return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}

/** IEEE P1363 (r || s) to an ASN.1 DER ECDSA-Sig-Value, as most non-JOSE libraries produce it. */
function p1363ToDer(signature: Buffer): Buffer {
  const half = signature.length / 2;
  const integer = (bytes: Buffer) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let body = bytes.subarray(i);
    if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(signature.subarray(0, half)), integer(signature.subarray(half))]);
  const length = content.length < 0x80 ? Buffer.from([content.length]) : Buffer.from([0x81, content.length]);
  return Buffer.concat([Buffer.from([0x30]), length, content]);
}

interface CorpusItem {
  name: string;
  /** The algorithm both sides are asked to verify with. */
  alg: Alg;
  token: string;
  /** What a correct verifier answers, where the answer is not in doubt. */
  expected?: boolean;
}

interface Fixture {
  alg: Alg;
  /** For verifySignature, as the key set builds it: jose importJWK, then KeyObject.from. */
  keyObject: KeyObject;
  /** The same key built straight from the JWK by node:crypto. */
  jwkKeyObject: KeyObject;
  /** For jose. */
  verifyKey: CryptoKey | Uint8Array;
  corpus: CorpusItem[];
}

async function buildFixture(alg: Alg): Promise<Fixture> {
  let signKey: CryptoKey | Uint8Array;
  let otherSignKey: CryptoKey | Uint8Array;
  let verifyKey: CryptoKey | Uint8Array;
  let keyObject: KeyObject;
  let jwkKeyObject: KeyObject;
  let privateKeyObject: KeyObject | undefined;

  if (alg.startsWith('HS')) {
    const secret = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);
    signKey = verifyKey = secret;
    otherSignKey = secret.map((b) => b ^ 0x5a);
    keyObject = jwkKeyObject = createSecretKey(secret);
  } else {
    const pair = await generateKeyPair(alg, { extractable: true });
    const other = await generateKeyPair(alg, { extractable: true });
    signKey = pair.privateKey;
    otherSignKey = other.privateKey;
    verifyKey = pair.publicKey;
    const jwk: JWK = await exportJWK(pair.publicKey);
    const imported = await importJWK({ ...jwk, ext: true }, alg);
    keyObject = KeyObject.from(imported as Parameters<typeof KeyObject.from>[0]);
    jwkKeyObject = createPublicKey({ key: jwk as NodeJsonWebKey, format: 'jwk' });
    privateKeyObject = KeyObject.from(pair.privateKey as Parameters<typeof KeyObject.from>[0]);
  }

  const header = headerOf(alg);
  const token = await new CompactSign(payload).setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' }).sign(signKey);
  const [h, p, s] = token.split('.') as [string, string, string];
  assert.equal(h, header);
  const signingInput = `${h}.${p}`;
  const sig = Buffer.from(s, 'base64url');
  const withSig = (bytes: Uint8Array) => `${signingInput}.${b64(bytes)}`;
  const otherToken = await new CompactSign(payload).setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' }).sign(otherSignKey);

  const lastFlipped = `${signingInput}.${s.slice(0, -1)}${alphabet[alphabet.indexOf(s.at(-1)!) ^ 1]}`;
  const corpus: CorpusItem[] = [
    { name: 'the genuine token', alg, token, expected: true },
    { name: 'a character changed in the header', alg, token: `${flip(h, Math.floor(h.length / 2))}.${p}.${s}`, expected: false },
    { name: 'a character changed in the payload', alg, token: `${h}.${flip(p, Math.floor(p.length / 2))}.${s}`, expected: false },
    { name: 'a character changed in the signature', alg, token: `${signingInput}.${flip(s, Math.floor(s.length / 2))}`, expected: false },
    { name: 'the first signature character changed', alg, token: `${signingInput}.${flip(s, 0)}`, expected: false },
    // When the last character has unused low bits (RS*, PS*, ES256, Ed*, HS*), the decoded bytes do
    // not change and both sides accept; ES384 and ES512 signatures end on a character boundary.
    {
      name: 'the lowest bit of the last signature character flipped',
      alg,
      token: lastFlipped,
      expected: Buffer.from(lastFlipped.split('.')[2]!, 'base64url').equals(sig),
    },
    { name: 'the signature truncated by one byte', alg, token: withSig(sig.subarray(0, -1)), expected: false },
    { name: 'the signature with one extra byte', alg, token: withSig(Buffer.concat([sig, Buffer.from([0])])), expected: false },
    { name: 'an empty signature', alg, token: `${signingInput}.`, expected: false },
    { name: 'an all-zero signature of the right length', alg, token: withSig(Buffer.alloc(sig.length)), expected: false },
    { name: 'the signature of another key for the same algorithm', alg, token: `${signingInput}.${otherToken.split('.')[2]}`, expected: false },
    {
      name: `the header alg swapped to ${sibling[alg]}`,
      alg: sibling[alg],
      token: `${headerOf(sibling[alg])}.${p}.${s}`,
      expected: false,
    },
  ];

  const curve = ecdsa[alg];
  if (curve) {
    corpus.push({ name: 'a DER-encoded signature instead of P1363', alg, token: withSig(p1363ToDer(sig)), expected: false });
    const r = sig.subarray(0, curve.size);
    const highS = fromBigInt(curve.order - toBigInt(sig.subarray(curve.size)), curve.size);
    // ECDSA signatures are malleable and JOSE has no low-S rule: (r, n - s) verifies too.
    corpus.push({ name: 'the malleated signature (r, n - s)', alg, token: withSig(Buffer.concat([r, highS])), expected: true });
    corpus.push({ name: 'the signature (r, s + n), outside the group order', alg, token: withSig(Buffer.concat([r, fromBigInt(toBigInt(sig.subarray(curve.size)) + curve.order, curve.size)])), expected: false });
  }
  if (alg.startsWith('PS') && privateKeyObject) {
    const data = Buffer.from(signingInput);
    const hash = hashOf(alg)!;
    const saltZero = nodeSign(hash, data, { key: privateKeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 0 });
    const pkcs1 = nodeSign(hash, data, { key: privateKeyObject, padding: constants.RSA_PKCS1_PADDING });
    corpus.push({ name: 'a PSS signature with salt length 0', alg, token: withSig(saltZero), expected: false });
    corpus.push({ name: 'a PKCS#1 v1.5 signature for a PSS algorithm', alg, token: withSig(pkcs1), expected: false });
  }
  if (alg.startsWith('RS') && privateKeyObject) {
    const data = Buffer.from(signingInput);
    const pss = nodeSign(hashOf(alg)!, data, { key: privateKeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
    corpus.push({ name: 'a PSS signature for a PKCS#1 v1.5 algorithm', alg, token: withSig(pss), expected: false });
  }
  return { alg, keyObject, jwkKeyObject, verifyKey, corpus };
}

function ours(item: CorpusItem, key: KeyObject): boolean {
  const [h, p, s] = item.token.split('.') as [string, string, string];
  return verifySignature(item.alg, key, `${h}.${p}`, Buffer.from(s, 'base64url'));
}

function oursOnThreadPool(item: CorpusItem, key: KeyObject): Promise<boolean> {
  const [h, p, s] = item.token.split('.') as [string, string, string];
  return verifySignatureOnThreadPool(item.alg, key, `${h}.${p}`, Buffer.from(s, 'base64url'));
}

async function jose(item: CorpusItem, key: CryptoKey | Uint8Array): Promise<boolean> {
  try {
    await compactVerify(item.token, key, { algorithms: [item.alg] });
    return true;
  } catch {
    return false;
  }
}

const fixtures = await Promise.all([...asymmetric, ...symmetric].map(buildFixture));

describe('verifySignature', () => {
  for (const fixture of fixtures) {
    describe(`${fixture.alg}, compared with jose compactVerify`, () => {
      for (const item of fixture.corpus) {
        it(`agrees with jose on ${item.name}`, async () => {
          const expected = await jose(item, fixture.verifyKey);
          assert.equal(ours(item, fixture.keyObject), expected, 'with the key imported by jose');
          assert.equal(ours(item, fixture.jwkKeyObject), expected, 'with the key built by node:crypto from the JWK');
          assert.equal(await oursOnThreadPool(item, fixture.keyObject), expected, 'on the thread pool');
          if (item.expected !== undefined) assert.equal(expected, item.expected, 'jose itself');
        });
      }
    });
  }

  it('checks the DER helper against node:crypto so the DER items are real signatures', async () => {
    for (const fixture of fixtures.filter((f) => ecdsa[f.alg])) {
      const [h, p, s] = fixture.corpus[0]!.token.split('.') as [string, string, string];
      const der = p1363ToDer(Buffer.from(s, 'base64url'));
      assert.ok(nodeVerify(hashOf(fixture.alg), Buffer.from(`${h}.${p}`), { key: fixture.keyObject, dsaEncoding: 'der' }, der), fixture.alg);
    }
  });

  it('refuses a genuine signature checked as a sibling algorithm with the same key', () => {
    for (const fixture of fixtures.filter((f) => !f.alg.startsWith('Ed'))) {
      const [h, p, s] = fixture.corpus[0]!.token.split('.') as [string, string, string];
      assert.equal(verifySignature(sibling[fixture.alg], fixture.keyObject, `${h}.${p}`, Buffer.from(s, 'base64url')), false, fixture.alg);
    }
  });

  it('refuses an HS256 token whose secret is the RSA public key (alg confusion, §14.2 T2)', async () => {
    const rsa = fixtures.find((f) => f.alg === 'RS256')!;
    const pem = rsa.keyObject.export({ type: 'spki', format: 'pem' });
    const jwk = rsa.keyObject.export({ format: 'jwk' });
    for (const secret of [Buffer.from(pem), Buffer.from(jwk.n!, 'base64url')]) {
      const token = await new CompactSign(payload).setProtectedHeader({ alg: 'HS256' }).sign(secret);
      const [h, p, s] = token.split('.') as [string, string, string];
      assert.equal(verifySignature('HS256', rsa.keyObject, `${h}.${p}`, Buffer.from(s, 'base64url')), false);
    }
  });

  it('returns false, never throws, for a key of another family', async () => {
    const rsa = fixtures.find((f) => f.alg === 'RS256')!;
    const ec = fixtures.find((f) => f.alg === 'ES256')!;
    const ed = fixtures.find((f) => f.alg === 'EdDSA')!;
    const hs = fixtures.find((f) => f.alg === 'HS256')!;
    const [h, p, s] = ec.corpus[0]!.token.split('.') as [string, string, string];
    const sig = Buffer.from(s, 'base64url');
    for (const [alg, key] of [['ES256', rsa.keyObject], ['RS256', ec.keyObject], ['EdDSA', ec.keyObject], ['ES256', ed.keyObject], ['ES256', hs.keyObject], ['PS256', ec.keyObject]] as const) {
      assert.equal(verifySignature(alg, key, `${h}.${p}`, sig), false, `${alg} with a ${key.asymmetricKeyType ?? key.type} key`);
      assert.equal(await verifySignatureOnThreadPool(alg, key, `${h}.${p}`, sig), false, `${alg} with a ${key.asymmetricKeyType ?? key.type} key, on the thread pool`);
    }
  });

  it('returns false for algorithms it does not know, including none', async () => {
    const hs = fixtures.find((f) => f.alg === 'HS256')!;
    const [h, p, s] = hs.corpus[0]!.token.split('.') as [string, string, string];
    for (const alg of ['none', 'NONE', 'hs256', 'RS1', '', 'ES256K']) {
      assert.equal(verifySignature(alg, hs.keyObject, `${h}.${p}`, Buffer.from(s, 'base64url')), false, alg);
      assert.equal(await verifySignatureOnThreadPool(alg, hs.keyObject, `${h}.${p}`, Buffer.from(s, 'base64url')), false, `${alg}, on the thread pool`);
    }
    assert.equal(verifySignature('none', hs.keyObject, `${h}.${p}`, Buffer.alloc(0)), false);
  });
});
