import assert from 'node:assert/strict';
import express from 'express';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { decodeJwt } from 'jose';
import { bearerAuth, cognito, entra, okta, type ExpressBearerAuthOptions } from '../../src/express/index.js';
import { failureCodes, type FailureCode, type FailureInfo } from '../../src/core/index.js';
import { X509Certificate } from 'node:crypto';
import type { DpopOptions } from '../../src/core/dpop/dpop-options.js';
import { createDpopKey, createTestClock, createTestIssuer, expectChallenge, type TestDpopKey, type TestIssuer } from '../../src/testing/index.js';
import { makeSelfSignedCertificate, type TestCertificate } from '../helpers/tls-certificates.js';
import { rawRequest } from '../helpers/raw-request.js';
import { busyMachineTimeout } from '../helpers/busy-machine.js';

type Res = { status: number; headers: Record<string, unknown>; body: Record<string, unknown> };

/** Every failure code, produced through a real Express app and a real local issuer. */
describe('Express: every failure code is detected and named', () => {
  const clock = createTestClock();
  const issuers: TestIssuer[] = [];
  let main: TestIssuer;
  let okt: TestIssuer;
  let key: TestDpopKey;
  let otherKey: TestDpopKey;
  let certificate: TestCertificate;
  after(() => Promise.all(issuers.map((i) => i.close())));
  before(async () => {
    main = await createTestIssuer({ clock });
    main.registerClient({ clientId: 'rs', clientSecret: 'rs-secret' });
    okt = await createTestIssuer({ clock, shape: 'okta-custom' });
    issuers.push(main, okt);
    [key, otherKey] = await Promise.all([createDpopKey({ clock }), createDpopKey({ clock })]);
    certificate = makeSelfSignedCertificate('client');
  });
  async function issuer(options: Parameters<typeof createTestIssuer>[0] = {}) {
    const i = await createTestIssuer({ clock, ...options });
    issuers.push(i);
    return i;
  }

  function app(options: Partial<ExpressBearerAuthOptions> = {}, i: TestIssuer = main) {
    const auth = bearerAuth({
      issuers: [{ issuer: i.issuer, jwksUri: i.jwksUri }],
      audience: i.audience,
      clock: clock.now,
      acceptTokenInBody: true,
      keys: { timeout: busyMachineTimeout },
      ...options,
    });
    const a = express();
    a.use(express.urlencoded({ extended: false }));
    a.all('/r', auth, auth.requireScopes('s:read'), auth.requireClaims({ role: 'reader' }), (_req, res) => {
      res.send('ok');
    });
    return a;
  }
  const ok = { scopes: 's:read', claims: { role: 'reader' } };
  /** An app whose issuer introspects opaque tokens at the local issuer's endpoint (found by discovery). */
  function introspecting(i: TestIssuer = main, introspection: Record<string, unknown> = {}) {
    const client = { clientId: 'rs', clientSecret: 'rs-secret' };
    return app({ issuers: [{ issuer: i.issuer, jwksUri: i.jwksUri, introspection: { client, ...introspection } }] }, i);
  }
  async function introspectingIssuer() {
    const i = await issuer();
    i.registerClient({ clientId: 'rs', clientSecret: 'rs-secret' });
    return i;
  }
  function stepUpApp() {
    const auth = bearerAuth({ issuers: [{ issuer: main.issuer, jwksUri: main.jwksUri }], audience: main.audience, clock: clock.now });
    const a = express();
    a.get('/r', auth, auth.requireAuthLevel({ acr: 'mfa', maxAge: '5m' }), (_req, res) => {
      res.send('ok');
    });
    return a;
  }
  const get = (token: string, a = app()) => request(a).get('/r').set('Authorization', `Bearer ${token}`) as unknown as Promise<Res>;

  // DPoP: proofs name the public URL the app is configured with; supertest's port does not matter.
  const dpopUrl = 'https://api.example.test/r';
  const dpopApp = (dpop: Partial<DpopOptions> = {}) => app({ dpop: { mode: 'allowed', publicUrl: 'https://api.example.test', ...dpop } });
  const bound = () => main.token({ ...ok, dpopKey: key });
  const proofFor = (token: string, options: Partial<Parameters<TestDpopKey['proof']>[0]> = {}) => key.proof({ url: dpopUrl, accessToken: token, ...options });
  const dpopGet = (token: string, proof: string, a = dpopApp()) =>
    request(a).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof) as unknown as Promise<Res>;
  const withClientCert = (token: string, cert: string | undefined, mtls: Record<string, unknown> = {}) => {
    const req = request(app({ mtls: { certificateHeader: 'client-cert', ...mtls } })).get('/r').set('Authorization', `Bearer ${token}`);
    return (cert ? req.set('client-cert', cert) : req) as unknown as Promise<Res>;
  };

  const scenarios: Record<FailureCode, () => Promise<Res>> = {
    token_missing: async () => request(app()).get('/r') as unknown as Promise<Res>,
    scheme_not_bearer: async () => request(app()).get('/r').set('Authorization', 'SSWS 00abc') as unknown as Promise<Res>,
    token_in_query: async () => request(app()).get(`/r?access_token=${await main.token(ok)}`) as unknown as Promise<Res>,
    authorization_malformed: async () => request(app()).get('/r').set('Authorization', 'Bearer a,b') as unknown as Promise<Res>,
    authorization_duplicated: async () => {
      const server = app().listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const res = await rawRequest(server, '/r', [['Authorization', 'Bearer a'], ['authorization', 'Bearer b']]);
      server.close();
      return { status: res.status, headers: res.headers, body: JSON.parse(res.body) };
    },
    token_multiple_methods: async () => {
      const token = await main.token(ok);
      return request(app()).post('/r').set('Authorization', `Bearer ${token}`).type('form').send({ access_token: token }) as unknown as Promise<Res>;
    },
    token_too_large: async () => get('a'.repeat(3000), app({ maxTokenLength: 2000 })),
    token_malformed: async () => get('not-a-jwt'),
    token_encrypted: async () => get('eyJhbGciOiJkaXIifQ..aaaa.bbbb.cccc'.replace('..', '.x.')),
    algorithm_not_allowed: async () => get(await main.tokens.algNone(ok)),
    algorithm_key_mismatch: async () => {
      const ecKid = main.publicJwks().keys.find((k) => k.kty === 'EC')!.kid;
      return get(await main.token({ ...ok, alg: 'RS256', kid: ecKid }));
    },
    crit_unsupported: async () => get(await main.token({ ...ok, header: { crit: ['exp'] } })),
    kid_missing: async () => {
      const i = await issuer();
      await i.addKey('RS256');
      return get(await i.token({ ...ok, kid: null }), app({}, i));
    },
    kid_unknown: async () => get(await main.tokens.unknownKey(ok)),
    signature_invalid: async () => get(await main.tokens.wrongKey(ok)),
    issuer_missing: async () => get(await main.token({ ...ok, claims: { ...ok.claims, iss: undefined } })),
    issuer_not_allowed: async () => get(await main.token({ ...ok, issuer: 'https://attacker.example' })),
    tenant_not_allowed: async () => {
      const i = await issuer({ shape: 'entra-v2' });
      const preset = entra({ tenants: ['72f988bf-86f1-41af-91ab-2d7cd011db47'], clientId: i.audience });
      const iss = `https://login.microsoftonline.com/${String(decodeJwt(await i.token()).tid)}/v2.0`;
      return get(await i.token({ ...ok, issuer: iss }), app({ issuers: [{ ...preset, jwksUri: i.jwksUri }] }, i));
    },
    client_not_allowed: async () => get(await main.token({ ...ok, clientId: 'other-app' }), app({ issuers: [{ issuer: main.issuer, jwksUri: main.jwksUri, clientIds: ['client-abc'] }] })),
    token_use_mismatch: async () => {
      const i = await issuer({ shape: 'cognito' });
      const preset = cognito({ region: 'us-east-1', userPoolId: 'us-east-1_Example01', clientIds: 'client-abc' });
      return get(await i.token({ ...ok, issuer: preset.issuer, claims: { ...ok.claims, token_use: 'refresh' } }), app({ issuers: [{ ...preset, jwksUri: i.jwksUri }] }, i));
    },
    role_missing: async () => {
      const a = express();
      const auth = bearerAuth({ issuers: [{ issuer: main.issuer, jwksUri: main.jwksUri }], audience: main.audience, clock: clock.now });
      a.get('/r', auth, auth.requireRoles('admin'), (_req, res) => {
        res.send('ok');
      });
      return get(await main.token({ ...ok, claims: { ...ok.claims, roles: ['reader'] } }), a);
    },
    issuer_trailing_slash: async () => get(await main.token({ ...ok, issuer: `${main.issuer}/` })),
    issuer_okta_org_server: async () =>
      get(await okt.orgServer!.token({ ...ok, audience: okt.audience }), app({ issuers: [okta({ domain: okt.origin })], audience: okt.audience }, okt)),
    issuer_okta_custom_server: async () =>
      get(await okt.token(ok), app({ issuers: [okta({ domain: okt.origin, authorizationServer: 'other' })], audience: okt.audience }, okt)),
    audience_missing: async () => get(await main.token({ ...ok, claims: { ...ok.claims, aud: undefined } })),
    audience_mismatch: async () => get(await main.tokens.wrongAudience(ok)),
    token_expired: async () => get(await main.tokens.expired(ok)),
    token_not_yet_valid: async () => get(await main.tokens.notYetValid(ok)),
    token_issued_in_future: async () => get(await main.tokens.issuedInFuture(ok)),
    expiry_missing: async () => get(await main.tokens.noExpiry(ok)),
    claim_invalid: async () => get(await main.token({ ...ok, claims: { ...ok.claims, scope: 42 } })),
    typ_mismatch: async () => get(await main.token({ ...ok, header: { typ: 'JWT' } }), app({ strict: true })),
    id_token_presented: async () => get(await main.token({ ...ok, claims: { ...ok.claims, nonce: 'n' } })),
    token_sender_constrained: async () => get(await main.token({ ...ok, claims: { ...ok.claims, cnf: { jkt: 'x' } } })),
    scheme_not_dpop: async () => get(await main.token(ok), dpopApp({ mode: 'required' })),
    dpop_proof_missing: async () => request(dpopApp()).get('/r').set('Authorization', `DPoP ${await bound()}`) as unknown as Promise<Res>,
    dpop_proof_duplicated: async () => {
      const token = await bound();
      const server = dpopApp().listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const res = await rawRequest(server, '/r', [['Authorization', `DPoP ${token}`], ['DPoP', proofFor(token)], ['dpop', proofFor(token)]]);
      server.close();
      return { status: res.status, headers: res.headers, body: JSON.parse(res.body) };
    },
    dpop_proof_with_bearer: async () => {
      const token = await bound();
      return request(dpopApp()).get('/r').set('Authorization', `Bearer ${token}`).set('DPoP', proofFor(token)) as unknown as Promise<Res>;
    },
    dpop_proof_malformed: async () => dpopGet(await bound(), 'not-a-jwt'),
    dpop_typ_mismatch: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { header: { typ: 'JWT' } }));
    },
    dpop_algorithm_not_allowed: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { hmacSecret: 'a shared secret of thirty-two bytes!' }));
    },
    dpop_jwk_private: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { header: { jwk: key.privateJwk } }));
    },
    dpop_jwk_invalid: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { header: { jwk: undefined } }));
    },
    dpop_signature_invalid: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { header: { jwk: otherKey.publicJwk } }));
    },
    dpop_htm_mismatch: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { method: 'POST' }));
    },
    dpop_htu_mismatch: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { url: 'https://api.example.test/other' }));
    },
    dpop_iat_outside_window: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { iat: Math.floor(clock.now() / 1000) - 120 }));
    },
    dpop_nonce_required: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token), dpopApp({ nonce: true }));
    },
    dpop_ath_mismatch: async () => {
      const token = await bound();
      return dpopGet(token, proofFor(token, { accessToken: `${token}x` }));
    },
    dpop_proof_replayed: async () => {
      const token = await bound();
      const proof = proofFor(token);
      const a = dpopApp();
      assert.equal((await dpopGet(token, proof, a)).status, 200);
      return dpopGet(token, proof, a);
    },
    dpop_key_mismatch: async () => {
      const token = await main.token({ ...ok, dpopKey: otherKey });
      return dpopGet(token, proofFor(token));
    },
    dpop_token_unbound: async () => {
      const token = await main.token(ok);
      return dpopGet(token, proofFor(token));
    },
    dpop_replay_store_unavailable: async () => {
      const token = await bound();
      const replayStore = {
        markUsed(): boolean {
          throw new Error('store down');
        },
      };
      return dpopGet(token, proofFor(token), dpopApp({ replayStore }));
    },
    mtls_certificate_missing: async () => withClientCert(await main.token({ ...ok, certificateThumbprint: certificate.x5tS256 }), undefined),
    mtls_certificate_mismatch: async () => {
      const der = Buffer.from(new X509Certificate(certificate.cert).raw).toString('base64');
      return withClientCert(await main.token({ ...ok, certificateThumbprint: 'another-certificate' }), `:${der}:`);
    },
    mtls_token_unbound: async () => withClientCert(await main.token(ok), undefined, { required: true }),
    scope_missing: async () => get(await main.token({ claims: { role: 'reader' } })),
    claim_mismatch: async () => get(await main.token({ scopes: 's:read', claims: { role: 'writer' } })),
    acr_insufficient: async () => get(await main.token({ claims: { acr: 'pwd', auth_time: Math.floor(clock.now() / 1000) } }), stepUpApp()),
    authentication_too_old: async () => get(await main.token({ claims: { acr: 'mfa', auth_time: Math.floor(clock.now() / 1000) - 3600 } }), stepUpApp()),
    jwks_unavailable: async () => {
      const i = await issuer();
      i.fail('jwks', { status: 502 });
      return get(await i.token(ok), app({}, i));
    },
    jwks_invalid: async () => {
      const i = await issuer();
      i.fail('jwks', { json: { keys: [] } });
      return get(await i.token(ok), app({}, i));
    },
    idp_rate_limited: async () => {
      const i = await issuer();
      i.fail('jwks', { status: 429, headers: { 'retry-after': '30' } });
      return get(await i.token(ok), app({}, i));
    },
    discovery_failed: async () => {
      const i = await issuer({ discovery: [] });
      return get(await i.token(ok), app({ issuers: [i.issuer] }, i));
    },
    discovery_issuer_mismatch: async () => {
      const i = await issuer({ discoveryIssuer: 'https://elsewhere.example' });
      return get(await i.token(ok), app({ issuers: [i.issuer] }, i));
    },
    token_inactive: async () => {
      const token = main.opaqueToken(ok);
      main.revoke(token);
      return get(token, introspecting());
    },
    introspection_issuer_mismatch: async () => get(main.opaqueToken({ ...ok, issuer: 'https://elsewhere.example' }), introspecting()),
    refresh_token_presented: async () => get(main.opaqueToken({ ...ok, claims: { ...ok.claims, token_type: 'refresh_token' } }), introspecting()),
    introspection_unavailable: async () => {
      const i = await introspectingIssuer();
      i.fail('introspection', { status: 502 });
      return get(i.opaqueToken(ok), introspecting(i));
    },
    introspection_rate_limited: async () => {
      const i = await introspectingIssuer();
      i.fail('introspection', { status: 429, headers: { 'retry-after': '30' } });
      return get(i.opaqueToken(ok), introspecting(i));
    },
    introspection_client_rejected: async () => get(main.opaqueToken(ok), introspecting(main, { client: { clientId: 'rs', clientSecret: 'wrong' } })),
    introspection_response_invalid: async () => {
      const i = await introspectingIssuer();
      i.fail('introspection', 'garbage');
      return get(i.opaqueToken(ok), introspecting(i));
    },
    introspection_budget_exceeded: async () => {
      const a = introspecting(main, { maxCallsPerSecond: 1 });
      await get(main.opaqueToken(ok), a);
      return get(main.opaqueToken(ok), a);
    },
    introspection_not_offered: async () => {
      const i = await introspectingIssuer();
      i.fail('discovery', { json: { issuer: i.issuer, jwks_uri: i.jwksUri } });
      return get(i.opaqueToken(ok), introspecting(i));
    },
  };

  it('has a scenario for every code in the catalogue', () => {
    assert.deepEqual(Object.keys(scenarios).sort(), Object.keys(failureCodes).sort());
  });

  for (const [code, scenario] of Object.entries(scenarios) as Array<[FailureCode, () => Promise<Res>]>) {
    const info: FailureInfo = failureCodes[code];
    it(`${code}: ${info.status}${info.error ? ` ${info.error}` : ''}`, async () => {
      const res = await scenario();
      assert.equal(res.body.code, code, JSON.stringify(res.body));
      if (info.status === 503) {
        assert.equal(res.status, 503);
        assert.match(String(res.headers['retry-after']), /^[1-9]\d*$/);
      } else {
        const scheme = info.scheme ?? (code === 'scheme_not_dpop' ? 'DPoP' : 'Bearer');
        expectChallenge(res as never, { status: info.status, error: info.error ?? null, scheme });
      }
      assert.equal(typeof res.body.error_description, 'string');
    });
  }
});
