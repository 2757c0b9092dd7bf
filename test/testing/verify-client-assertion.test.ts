import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { verifyClientAssertion } from '../../src/testing/verify-client-assertion.js';

/*
 * A differential test: the testing kit checks private_key_jwt client assertions with the core's
 * node:crypto pieces (so it loads under CommonJS); jose's jwtVerify with the options the kit used
 * before is the reference, and both must accept and refuse the same assertions.
 */

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const nowSeconds = now / 1000;
const tokenEndpoint = 'https://issuer.test/token';
const issuer = 'https://issuer.test';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function assertion(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject | null): string {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  if (!key) return `${input}.`;
  const alg = String(header.alg);
  const hash = `sha${alg.slice(2)}`;
  const signature = alg.startsWith('ES') ? sign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign(hash, Buffer.from(input), key);
  return `${input}.${b64(signature)}`;
}

const good = { iss: 'svc', sub: 'svc', aud: tokenEndpoint, exp: nowSeconds + 60, iat: nowSeconds - 5, jti: 'j1' };
const es = { alg: 'ES256', typ: 'JWT' };
const cases: Array<[string, string, KeyObject]> = [
  ['a sound ES256 assertion', assertion(es, good, ec.privateKey), ec.publicKey],
  ['a sound RS256 assertion to the issuer', assertion({ alg: 'RS256' }, { ...good, aud: [issuer, 'x'] }, rsa.privateKey), rsa.publicKey],
  ['alg none', assertion({ alg: 'none' }, good, null), ec.publicKey],
  ['RS256 claimed for an EC key', assertion({ alg: 'RS256' }, good, rsa.privateKey), ec.publicKey],
  ['signed by another key', assertion(es, good, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey), ec.publicKey],
  ['another iss', assertion(es, { ...good, iss: 'other' }, ec.privateKey), ec.publicKey],
  ['another sub', assertion(es, { ...good, sub: 'other' }, ec.privateKey), ec.publicKey],
  ['another aud', assertion(es, { ...good, aud: 'https://elsewhere.test/token' }, ec.privateKey), ec.publicKey],
  ['no exp', assertion(es, { ...good, exp: undefined }, ec.privateKey), ec.publicKey],
  ['expired', assertion(es, { ...good, exp: nowSeconds - 1 }, ec.privateKey), ec.publicKey],
  ['nbf in the future', assertion(es, { ...good, nbf: nowSeconds + 30 }, ec.privateKey), ec.publicKey],
  ['no iat', assertion(es, { ...good, iat: undefined }, ec.privateKey), ec.publicKey],
  ['iat in the future', assertion(es, { ...good, iat: nowSeconds + 30 }, ec.privateKey), ec.publicKey],
  ['iat older than ten minutes', assertion(es, { ...good, iat: nowSeconds - 601 }, ec.privateKey), ec.publicKey],
  ['no jti', assertion(es, { ...good, jti: undefined }, ec.privateKey), ec.publicKey],
  ['not a JWT', 'abc.def', ec.publicKey],
];

async function joseAccepts(token: string, key: KeyObject): Promise<boolean> {
  try {
    await jwtVerify(token, key, {
      issuer: 'svc',
      subject: 'svc',
      audience: [tokenEndpoint, issuer],
      currentDate: new Date(now),
      requiredClaims: ['exp', 'jti'],
      maxTokenAge: '10m',
    });
    return true;
  } catch {
    return false;
  }
}

function kitAccepts(token: string, key: KeyObject): boolean {
  try {
    verifyClientAssertion(token, key, { clientId: 'svc', audiences: [tokenEndpoint, issuer], now, maxAgeSeconds: 600 });
    return true;
  } catch {
    return false;
  }
}

describe('verifyClientAssertion agrees with jose jwtVerify', () => {
  for (const [title, token, key] of cases) {
    it(title, async () => {
      const reference = await joseAccepts(token, key);
      assert.equal(kitAccepts(token, key), reference);
      assert.equal(reference, title.startsWith('a sound'), 'the corpus is what its title says');
    });
  }

  it('returns jti and exp for replay detection', () => {
    assert.deepEqual(verifyClientAssertion(cases[0]![1], ec.publicKey, { clientId: 'svc', audiences: [tokenEndpoint], now, maxAgeSeconds: 600 }), {
      jti: 'j1',
      exp: nowSeconds + 60,
    });
  });
});
