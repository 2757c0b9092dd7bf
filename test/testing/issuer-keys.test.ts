import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createTestIssuer } from '../../src/testing/index.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

async function fetchJwks(url: string): Promise<{ cacheControl: string | null; keys: Array<Record<string, unknown>> }> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const { keys } = (await res.json()) as { keys: Array<Record<string, unknown>> };
  return { cacheControl: res.headers.get('cache-control'), keys };
}

describe('createTestIssuer: keys', () => {
  it('publishes one public signing key per algorithm with distinct kids and no private members', async () => {
    const issuer = await createTestIssuer();
    try {
      const { keys, cacheControl } = await fetchJwks(issuer.jwksUri);
      assert.equal(cacheControl, 'max-age=300');
      assert.deepEqual(
        keys.map((key) => [key.alg, key.kty, key.crv ?? null, key.use]),
        [
          ['RS256', 'RSA', null, 'sig'],
          ['PS256', 'RSA', null, 'sig'],
          ['ES256', 'EC', 'P-256', 'sig'],
          ['EdDSA', 'OKP', 'Ed25519', 'sig'],
        ],
      );
      assert.equal(new Set(keys.map((key) => key.kid)).size, 4);
      for (const key of keys) {
        assert.equal(typeof key.kid, 'string');
        for (const member of PRIVATE_MEMBERS) assert.equal(member in key, false, `${String(key.alg)} key exposes ${member}`);
      }
      assert.deepEqual(issuer.publicJwks(), { keys });
    } finally {
      await issuer.close();
    }
  });

  it('sends the configured JWKS Cache-Control', async () => {
    const issuer = await createTestIssuer({ jwksCacheControl: 'max-age=3832304, must-revalidate' });
    try {
      assert.equal((await fetchJwks(issuer.jwksUri)).cacheControl, 'max-age=3832304, must-revalidate');
    } finally {
      await issuer.close();
    }
  });

  it('returns the SPKI PEM of the published public key', async () => {
    const issuer = await createTestIssuer();
    try {
      for (const alg of ['RS256', 'ES256'] as const) {
        const pem = alg === 'RS256' ? issuer.publicKeyPem() : issuer.publicKeyPem(alg);
        assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
        const fromPem = createPublicKey(pem).export({ format: 'jwk' });
        const published = issuer.publicJwks().keys.find((key) => key.alg === alg);
        assert.equal(fromPem.n ?? fromPem.x, published?.n ?? published?.x);
      }
      assert.notEqual(issuer.publicKeyPem('RS256'), issuer.publicKeyPem('PS256'));
    } finally {
      await issuer.close();
    }
  });

  it('rotates to new kids, dropping the old keys unless keepOld', async () => {
    const issuer = await createTestIssuer();
    try {
      const oldToken = await issuer.token();
      const oldKids = issuer.publicJwks().keys.map((key) => key.kid);

      await issuer.rotateKeys({ keepOld: true });
      const kept = issuer.publicJwks().keys.map((key) => key.kid);
      assert.equal(kept.length, 8);
      assert.deepEqual(kept.slice(4), oldKids);
      const newToken = await issuer.token();
      assert.equal(decodeProtectedHeader(newToken).kid, kept[0]);
      await jwtVerify(oldToken, createRemoteJWKSet(new URL(issuer.jwksUri)));
      await jwtVerify(newToken, createRemoteJWKSet(new URL(issuer.jwksUri)));

      await issuer.rotateKeys();
      const fresh = issuer.publicJwks().keys.map((key) => key.kid);
      assert.equal(fresh.length, 4);
      assert.ok(fresh.every((kid) => !kept.includes(kid)));
      await assert.rejects(jwtVerify(newToken, createRemoteJWKSet(new URL(issuer.jwksUri))), {
        code: 'ERR_JWKS_NO_MATCHING_KEY',
      });
    } finally {
      await issuer.close();
    }
  });

  it('adds an extra key that tokens select by kid, with its algorithm', async () => {
    const issuer = await createTestIssuer();
    try {
      const kid = await issuer.addKey('ES256');
      const keys = issuer.publicJwks().keys;
      assert.equal(keys.length, 5);
      assert.deepEqual(
        keys.filter((key) => key.kid === kid).map((key) => key.alg),
        ['ES256'],
      );
      const token = await issuer.token({ kid });
      assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', kid, typ: 'at+jwt' });
      await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)));
      assert.notEqual(decodeProtectedHeader(await issuer.token({ alg: 'ES256' })).kid, kid, 'not the default key');
    } finally {
      await issuer.close();
    }
  });

  it('keeps two issuers fully independent', async () => {
    const [a, b] = await Promise.all([createTestIssuer(), createTestIssuer()]);
    try {
      assert.notEqual(a.origin, b.origin);
      const bKids = new Set(b.publicJwks().keys.map((key) => key.kid));
      assert.ok(a.publicJwks().keys.every((key) => !bKids.has(key.kid)));
      const tokenA = await a.token();
      await jwtVerify(tokenA, createRemoteJWKSet(new URL(a.jwksUri)));
      await assert.rejects(jwtVerify(tokenA, createRemoteJWKSet(new URL(b.jwksUri))), { code: 'ERR_JWKS_NO_MATCHING_KEY' });

      a.resetHits();
      b.resetHits();
      a.fail('jwks', { status: 500 });
      assert.equal((await fetch(a.jwksUri)).status, 500);
      assert.equal((await fetch(b.jwksUri)).status, 200);
      assert.equal((await fetch(b.jwksUri)).status, 200);
      assert.deepEqual({ ...a.hits }, { jwks: 1, discovery: 0, token: 0, introspection: 0 });
      assert.deepEqual({ ...b.hits }, { jwks: 2, discovery: 0, token: 0, introspection: 0 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
