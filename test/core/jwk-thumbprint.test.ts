import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { jwkThumbprint } from '../../src/core/lib/jwk-thumbprint.js';

describe('jwkThumbprint (RFC 7638)', () => {
  it('gives the RFC 7638 §3.1 example thumbprint', () => {
    const rfcKey = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    assert.equal(jwkThumbprint(rfcKey), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('gives the RFC 8037 A.3 Ed25519 example thumbprint', () => {
    const x = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
    assert.equal(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }), 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('agrees with jose calculateJwkThumbprint for every key type, whatever other members the key has', async () => {
    const keys = [
      generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey,
      generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey,
      generateKeyPairSync('ed25519').publicKey,
    ];
    for (const key of keys) {
      const jwk = { ...(key.export({ format: 'jwk' }) as JWK), kid: 'ignored', use: 'sig', alg: 'whatever' };
      assert.equal(jwkThumbprint(jwk), await calculateJwkThumbprint(jwk), String(jwk.kty));
    }
    const oct: JWK = { kty: 'oct', k: Buffer.from('a secret of thirty-two bytes ok!').toString('base64url') };
    assert.equal(jwkThumbprint(oct), await calculateJwkThumbprint(oct));
  });

  it('refuses keys without their required members or of unknown type', () => {
    assert.throws(() => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' }), /"y" is missing/);
    assert.throws(() => jwkThumbprint({ kty: 'RSA', n: 1, e: 'AQAB' }), /"n" is missing or not a string/);
    assert.throws(() => jwkThumbprint({ kty: 'dsa' }), /unsupported key type "dsa"/);
  });
});
