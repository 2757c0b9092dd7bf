import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { startOidcProvider, type ProviderAlgorithm, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { adapters } from '../matrix/adapters.js';

// Every asymmetric algorithm oidc-provider signs JWT access tokens with on Node 20 (its ML-DSA
// needs Node 24 and is not a JOSE algorithm bearer-guard implements).
const everyAlgorithm: ProviderAlgorithm[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];
const resourceFor = (alg: string) => `https://api.example.test/${alg}`;
const frameworks = adapters.filter((a) => a.name === 'Express 5' || a.name === 'Koa 3');

async function call(framework: (typeof frameworks)[number], options: BearerGuardOptions, token: string) {
  const server: Server = await framework.start(options);
  try {
    return await request(server).get('/me').set('authorization', `Bearer ${token}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

for (const keysWithoutAlg of [false, true]) {
  const keys = keysWithoutAlg ? 'keys published without alg (the key type decides)' : 'one key per algorithm, each JWK naming its alg';
  describe(`with only issuers and audience, oidc-provider tokens of every algorithm are accepted: ${keys}`, () => {
    let op: RunningOidcProvider;
    before(async () => {
      // Without alg, one key of each type signs every algorithm that fits it.
      const algorithms: ProviderAlgorithm[] = keysWithoutAlg ? ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] : everyAlgorithm;
      op = await startOidcProvider({
        algorithms,
        keysWithoutAlg,
        resources: everyAlgorithm.map((alg) => ({ resource: resourceFor(alg), algorithm: alg })),
      });
    });
    after(() => op.close());

    for (const framework of frameworks) {
      for (const alg of everyAlgorithm) {
        it(`${alg} through ${framework.name}`, async () => {
          const { access_token } = await op.token({ resource: resourceFor(alg) });
          assert.equal(decodeProtectedHeader(access_token).alg, alg);
          const res = await call(framework, { issuers: [op.issuer], audience: resourceFor(alg) }, access_token);
          assert.equal(res.status, 200, res.text);
          assert.deepEqual(res.body, { subject: decodeJwt(access_token).sub });
        });
      }
    }

    it('still narrows to the algorithms listed in `algorithms`', async () => {
      const { access_token } = await op.token({ resource: resourceFor('ES256') });
      const res = await call(frameworks[0]!, { issuers: [op.issuer], audience: resourceFor('ES256'), algorithms: ['RS256'] }, access_token);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'algorithm_not_allowed');
      assert.match(res.body.error_description, /signed with ES256; this API accepts RS256 from .* \(add it to algorithms, or remove the option/);
    });
  });
}

describe('what the keys do not allow stays refused (algorithm confusion)', () => {
  let op: RunningOidcProvider;
  const audience = resourceFor('RS256');
  before(async () => {
    op = await startOidcProvider({ algorithms: ['RS256', 'ES256'], resources: [{ resource: audience }] });
  });
  after(() => op.close());

  const rsaKey = () => op.keys().find((k) => k.alg === 'RS256')!;
  const ecKey = () => op.keys().find((k) => k.alg === 'ES256')!;
  const forge = (header: { alg: string; kid: string }, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ sub: 'mallory', client_id: 'api-client' })
      .setProtectedHeader(header)
      .setIssuer(op.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  for (const framework of frameworks) {
    describe(framework.name, () => {
      const options = (): BearerGuardOptions => ({ issuers: [op.issuer], audience });
      const expectRefused = async (token: string, code: string, description: RegExp) => {
        const res = await call(framework, options(), token);
        assert.equal(res.status, 401, res.text);
        assert.equal(res.body.code, code);
        assert.match(res.body.error_description, description);
        assert.match(res.headers['www-authenticate'] ?? '', /^Bearer realm="api", error="invalid_token", error_description="/);
      };

      it('a genuine RS256 token from the same provider is accepted (the control)', async () => {
        const { access_token } = await op.token({ resource: audience });
        assert.equal((await call(framework, options(), access_token)).status, 200);
      });

      it('refuses HS256 signed with the published RSA public key as the secret', async () => {
        const publicPem = Buffer.from(createPublicKey({ key: rsaKey().publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
        const token = await forge({ alg: 'HS256', kid: rsaKey().kid }, publicPem);
        await expectRefused(token, 'algorithm_not_allowed', /HS256, a shared-secret algorithm; .* must be signed with one of its published keys/);
      });

      it('refuses PS256 made with the private key of a JWK that says RS256', async () => {
        const token = await forge({ alg: 'PS256', kid: rsaKey().kid }, rsaKey().privateKey);
        await expectRefused(token, 'algorithm_key_mismatch', /the key is for RS256, the token says PS256/);
      });

      it('refuses ES256 naming the RSA key, and RS256 naming the EC key', async () => {
        await expectRefused(await forge({ alg: 'ES256', kid: rsaKey().kid }, ecKey().privateKey), 'algorithm_key_mismatch', /key type RSA cannot verify ES256/);
        await expectRefused(await forge({ alg: 'RS256', kid: ecKey().kid }, rsaKey().privateKey), 'algorithm_key_mismatch', /key type EC cannot verify RS256/);
      });

      it('refuses alg none', async () => {
        const [header, payload] = (await forge({ alg: 'RS256', kid: rsaKey().kid }, rsaKey().privateKey)).split('.');
        const none = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header!, 'base64url').toString()), alg: 'none' })).toString('base64url');
        await expectRefused(`${none}.${payload}.`, 'algorithm_not_allowed', /unsigned/);
      });
    });
  }
});
