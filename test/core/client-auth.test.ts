import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createClientAuthentication, type ClientAuthOptions } from '../../src/core/oauth/client-auth.js';
import { verifySignature } from '../../src/core/jws/verify-signature.js';
import { basicAuthorization, formEncode } from '../../src/core/oauth/client-secret.js';

const endpoint = 'https://dev-123.okta.com/oauth2/default/v1/token';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = Date.UTC(2026, 0, 1);

async function assertionOf(options: ClientAuthOptions, audience?: string): Promise<string> {
  const auth = createClientAuthentication(options, { clock: () => now });
  const { params, headers } = await auth.credentialsFor(endpoint, audience === undefined ? {} : { audience });
  assert.deepEqual(headers, {});
  assert.equal(params.client_id, options.clientId);
  assert.equal(params.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  return String(params.client_assertion);
}

describe('client_secret_basic', () => {
  it('form-urlencodes id and secret before base64 (RFC 6749 §2.3.1)', async () => {
    const auth = createClientAuthentication({ clientId: 'svc:orders', clientSecret: 'p@ss w%rd/+' });
    assert.equal(auth.method, 'client_secret_basic');
    const { headers, params } = await auth.credentialsFor(endpoint);
    assert.deepEqual(params, {});
    const decoded = Buffer.from(String(headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    assert.equal(decoded, 'svc%3Aorders:p%40ss+w%25rd%2F%2B');
  });

  it('leaves unreserved characters alone, so plain ids and secrets look as usual', () => {
    assert.equal(basicAuthorization('0oa1b2c3', 'Abc-def_ghi.jkl'), `Basic ${Buffer.from('0oa1b2c3:Abc-def_ghi.jkl').toString('base64')}`);
    assert.equal(formEncode('a b~é'), 'a+b%7E%C3%A9');
  });
});

describe('client_secret_post', () => {
  it('puts id and secret in the form and nothing in the headers', async () => {
    const auth = createClientAuthentication({ clientId: 'svc', clientSecret: 's3cret', authMethod: 'client_secret_post' });
    assert.deepEqual(await auth.credentialsFor(endpoint), { headers: {}, params: { client_id: 'svc', client_secret: 's3cret' } });
  });
});

describe('private_key_jwt (RFC 7523)', () => {
  it('signs iss = sub = client id, aud = the endpoint, a jti, and a 60 s lifetime', async () => {
    const assertion = await assertionOf({ clientId: '0oa-service', privateKey: rsa.privateKey });
    const { payload, protectedHeader } = await jwtVerify(assertion, rsa.publicKey, { currentDate: new Date(now) });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.iss, '0oa-service');
    assert.equal(payload.sub, '0oa-service');
    assert.equal(payload.aud, endpoint);
    assert.equal(payload.iat, now / 1000);
    assert.equal(payload.exp, now / 1000 + 60);
    assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
  });

  it('uses a fresh jti for every request', async () => {
    const auth = createClientAuthentication({ clientId: 'c', privateKey: rsa.privateKey });
    const jtis = new Set<unknown>();
    for (let i = 0; i < 3; i += 1) {
      const { params } = await auth.credentialsFor(endpoint);
      jtis.add(JSON.parse(Buffer.from(String(params.client_assertion).split('.')[1] ?? '', 'base64url').toString()).jti);
    }
    assert.equal(jtis.size, 3);
  });

  it('addresses the assertion to the audience asked for per call or fixed in the options', async () => {
    const perCall = await assertionOf({ clientId: 'c', privateKey: rsa.privateKey }, 'https://tenant.auth0.com/');
    assert.equal((await jwtVerify(perCall, rsa.publicKey, { currentDate: new Date(now) })).payload.aud, 'https://tenant.auth0.com/');
    const fixed = await assertionOf({ clientId: 'c', privateKey: rsa.privateKey, assertionAudience: 'https://as.example' }, 'https://ignored');
    assert.equal((await jwtVerify(fixed, rsa.publicKey, { currentDate: new Date(now) })).payload.aud, 'https://as.example');
  });

  const cases: [string, () => { privateKey: KeyObject | object | string; publicKey: KeyObject }, string][] = [
    ['an EC P-384 KeyObject', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'ES384'],
    ['an Ed25519 key as PEM', () => {
      const pair = generateKeyPairSync('ed25519');
      return { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: pair.publicKey };
    }, 'EdDSA'],
    ['an RSA-PSS key', () => generateKeyPairSync('rsa-pss', { modulusLength: 2048 }), 'PS256'],
    ['a P-256 JWK with kid', () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return { privateKey: { ...pair.privateKey.export({ format: 'jwk' }), kid: 'key-1' }, publicKey: pair.publicKey };
    }, 'ES256'],
  ];
  for (const [name, make, alg] of cases) {
    it(`infers ${alg} from ${name}`, async () => {
      const { privateKey, publicKey } = make();
      const assertion = await assertionOf({ clientId: 'c', privateKey: privateKey as KeyObject });
      assert.equal(decodeProtectedHeader(assertion).alg, alg);
      const [header = '', payload = '', signature = ''] = assertion.split('.');
      // node:crypto directly: jose cannot import RSA-PSS KeyObjects.
      assert.ok(verifySignature(alg, publicKey, `${header}.${payload}`, Buffer.from(signature, 'base64url')));
      if (name.includes('kid')) assert.equal(decodeProtectedHeader(assertion).kid, 'key-1');
    });
  }

  it('signs with a configured algorithm and key id', async () => {
    const assertion = await assertionOf({ clientId: 'c', privateKey: rsa.privateKey, signingAlgorithm: 'PS384', keyId: 'k9', assertionLifetime: '2m' });
    const { payload, protectedHeader } = await jwtVerify(assertion, rsa.publicKey, { currentDate: new Date(now) });
    assert.deepEqual([protectedHeader.alg, protectedHeader.kid], ['PS384', 'k9']);
    assert.equal(Number(payload.exp) - Number(payload.iat), 120);
  });
});

describe('createClientAuthentication: configuration errors are TypeErrors at construction', () => {
  const secret = 'do-not-print-me';
  const cases: [string, ClientAuthOptions, RegExp][] = [
    ['no client id', { clientId: '', clientSecret: secret }, /clientId/],
    ['no credentials', { clientId: 'c' }, /clientSecret .* or privateKey/],
    ['both credentials without a method', { clientId: 'c', clientSecret: secret, privateKey: rsa.privateKey }, /choose one with authMethod/],
    ['an unknown method', { clientId: 'c', clientSecret: secret, authMethod: 'tls_client_auth' as 'client_secret_post' }, /authMethod must be one of/],
    ['a secret method without a secret', { clientId: 'c', privateKey: rsa.privateKey, authMethod: 'client_secret_post' }, /needs clientSecret/],
    ['a public key', { clientId: 'c', privateKey: rsa.publicKey }, /must be a private key/],
    ['a 1024-bit RSA key', { clientId: 'c', privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey }, /at least 2048 bits/],
    ['an algorithm the key cannot make', { clientId: 'c', privateKey: rsa.privateKey, signingAlgorithm: 'ES256' }, /cannot sign ES256/],
    ['HS256', { clientId: 'c', privateKey: rsa.privateKey, signingAlgorithm: 'HS256' as 'RS256' }, /asymmetric JWS algorithm/],
    ['a JWK whose alg disagrees', { clientId: 'c', privateKey: { ...rsa.privateKey.export({ format: 'jwk' }), alg: 'RS512' }, signingAlgorithm: 'RS256' }, /JWK for RS512/],
    ['an unreadable PEM', { clientId: 'c', privateKey: `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----` }, /could not be read as a private key/],
    ['a long assertion lifetime', { clientId: 'c', privateKey: rsa.privateKey, assertionLifetime: '1h' }, /between 1s and 5m/],
  ];
  for (const [name, options, message] of cases) {
    it(`refuses ${name}`, () => {
      assert.throws(() => createClientAuthentication(options), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, message);
        assert.ok(!error.message.includes(secret), 'the secret is never in a message');
        return true;
      });
    });
  }
});
