import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { frameworks, type RunningApp } from './apps.js';

/*
 * Nothing here writes a DPoP proof by hand: oidc-provider (a certified OpenID Provider) issues
 * DPoP-bound JWT access tokens, and panva's oauth4webapi (a certified client) gets them and makes
 * every proof, then reads our challenges back.
 */
const resource = 'https://api.example.test/';
const insecure = { [oauth.allowInsecureRequests]: true } as const;

interface SentRequest {
  url: string;
  headers: Headers;
}

for (const framework of frameworks) {
  describe(`DPoP through ${framework.name}: oidc-provider tokens, oauth4webapi proofs`, () => {
    let op: RunningOidcProvider;
    let as: oauth.AuthorizationServer;
    let client: oauth.Client;
    let clientAuth: oauth.ClientAuth;
    const apps: RunningApp[] = [];

    before(async () => {
      op = await startOidcProvider({ features: { dPoP: { enabled: true } }, resources: [{ resource, scope: 'read write' }] });
      const issuer = new URL(op.issuer);
      as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
      client = { client_id: op.clients[0]!.clientId };
      clientAuth = oauth.ClientSecretBasic(op.clients[0]!.secret!);
    });
    after(async () => {
      await Promise.all(apps.map((app) => app.close()));
      await op.close();
    });

    async function start(options: Partial<BearerGuardOptions>): Promise<RunningApp> {
      const app = await framework.start({ issuers: [op.issuer], audience: resource, ...options });
      apps.push(app);
      return app;
    }

    /** A DPoP-bound token the library got with its own key, and the handle that makes its proofs. */
    async function dpopBoundToken(scope = 'read') {
      const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
      const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, { resource, scope }, { DPoP, ...insecure });
      const token = await oauth.processClientCredentialsResponse(as, client, response);
      assert.equal(token.token_type, 'dpop');
      return { token: token.access_token, DPoP, jkt: await DPoP.calculateThumbprint() };
    }

    /** A request by the library; what it sent is pushed to `sent`. */
    function call(app: RunningApp, token: string, DPoP: oauth.DPoPHandle | undefined, path = '/orders', sent: SentRequest[] = []) {
      return oauth.protectedResourceRequest(token, 'GET', new URL(path, app.origin), undefined, undefined, {
        ...(DPoP ? { DPoP } : {}),
        ...insecure,
        [oauth.customFetch]: (url, init) => {
          sent.push({ url, headers: new Headers(init.headers) });
          return fetch(url, init);
        },
      });
    }

    /** The challenges of a refusal as the library parsed them, and the body's code. */
    async function refusal(promise: Promise<Response>) {
      const error = await promise.then(
        (res) => assert.fail(`expected a refusal, got ${res.status}`),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof oauth.WWWAuthenticateChallengeError, String(error));
      const body = (await error.response.json()) as { code: string };
      return { status: error.status, challenges: error.cause, code: body.code, nonceError: oauth.isDPoPNonceError(error) };
    }

    for (const mode of ['allowed', 'required'] as const) {
      it(`${mode}: accepts the token with the library's proofs, on the first request and on token-cache hits`, async () => {
        const cached: boolean[] = [];
        const app = await start({ dpop: { mode }, onAuthSuccess: (event) => cached.push(event.cached) });
        const { token, DPoP, jkt } = await dpopBoundToken();
        for (let i = 0; i < 3; i++) {
          const res = await call(app, token, DPoP);
          assert.equal(res.status, 200);
          assert.deepEqual(await res.json(), { subject: client.client_id, binding: { method: 'dpop', jkt } });
        }
        // The first answer is not cached while the first key set is being adopted; later ones are.
        assert.equal(cached.length, 3);
        assert.equal(cached[2], true);
      });

      it(`${mode}: refuses a replayed proof`, async () => {
        const app = await start({ dpop: { mode } });
        const { token, DPoP } = await dpopBoundToken();
        const sent: SentRequest[] = [];
        assert.equal((await call(app, token, DPoP, '/orders', sent)).status, 200);
        const replay = await fetch(sent[0]!.url, { headers: sent[0]!.headers });
        assert.equal(replay.status, 401);
        assert.equal(((await replay.json()) as { code: string }).code, 'dpop_proof_replayed');
        assert.match(replay.headers.get('www-authenticate')!, /^DPoP realm="api", algs="[^"]+", error="invalid_dpop_proof", error_description="[^"]+"/);
      });

      it(`${mode}: checks the proof on a token-cache hit: a proof for /me does not open /orders`, async () => {
        const app = await start({ dpop: { mode } });
        const { token, DPoP } = await dpopBoundToken();
        const sent: SentRequest[] = [];
        assert.equal((await call(app, token, DPoP, '/me', sent)).status, 200);
        const headers = sent[0]!.headers;
        const other = await fetch(new URL('/orders', app.origin), { headers: { authorization: headers.get('authorization')!, dpop: headers.get('dpop')! } });
        assert.equal(other.status, 401);
        assert.equal(((await other.json()) as { code: string }).code, 'dpop_htu_mismatch');
      });
    }

    it('allowed: accepts an unbound Bearer token from the same provider, bound to nothing', async () => {
      const app = await start({ dpop: { mode: 'allowed' } });
      const { access_token } = await op.token({ resource, scope: 'read' });
      const res = await call(app, access_token, undefined);
      assert.deepEqual(await res.json(), { subject: client.client_id, binding: { method: 'none' } });
    });

    it('allowed: refuses the DPoP-bound token sent as Bearer, and offers both schemes', async () => {
      const app = await start({ dpop: { mode: 'allowed' } });
      const { token } = await dpopBoundToken();
      const { status, challenges, code } = await refusal(call(app, token, undefined));
      assert.equal(status, 401);
      assert.equal(code, 'token_sender_constrained');
      assert.deepEqual(challenges.map((c) => [c.scheme, c.parameters.error]), [['bearer', 'invalid_token'], ['dpop', undefined]]);
      assert.match(challenges[1]!.parameters.algs!, /ES256/);
    });

    it('required: refuses a Bearer token with a DPoP challenge only, without error', async () => {
      const app = await start({ dpop: { mode: 'required' } });
      const { access_token } = await op.token({ resource, scope: 'read' });
      const { status, challenges, code } = await refusal(call(app, access_token, undefined));
      assert.equal(status, 401);
      assert.equal(code, 'scheme_not_dpop');
      assert.deepEqual(challenges.map((c) => [c.scheme, c.parameters.error]), [['dpop', undefined]]);
    });

    it('required: refuses an unbound token sent with the DPoP scheme and a valid proof', async () => {
      const app = await start({ dpop: { mode: 'required' } });
      const { access_token } = await op.token({ resource, scope: 'read' });
      const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
      const { status, challenges, code } = await refusal(call(app, access_token, DPoP));
      assert.equal(status, 401);
      assert.equal(code, 'dpop_token_unbound');
      assert.equal(challenges[0]!.parameters.error, 'invalid_token');
    });

    it('refuses proofs from another key than the token is bound to', async () => {
      const app = await start({ dpop: { mode: 'required' } });
      const { token } = await dpopBoundToken();
      const thief = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
      const { code, challenges } = await refusal(call(app, token, thief));
      assert.equal(code, 'dpop_key_mismatch');
      assert.equal(challenges[0]!.parameters.error, 'invalid_token');
    });

    it('with server nonces, the library is told use_dpop_nonce, retries with the DPoP-Nonce it got, and is let in', async () => {
      const app = await start({ dpop: { mode: 'required', nonce: true } });
      const { token, DPoP } = await dpopBoundToken();
      const first = await refusal(call(app, token, DPoP));
      assert.equal(first.code, 'dpop_nonce_required');
      assert.equal(first.nonceError, true);
      const sent: SentRequest[] = [];
      const retried = await call(app, token, DPoP, '/orders', sent);
      assert.equal(retried.status, 200);
      const proof = JSON.parse(Buffer.from(sent[0]!.headers.get('dpop')!.split('.')[1]!, 'base64url').toString()) as { nonce?: string };
      assert.equal(typeof proof.nonce, 'string');
    });

    it('answers 403 insufficient_scope in the DPoP challenge for a DPoP-bound token without the scope', async () => {
      const app = await start({ dpop: { mode: 'allowed' } });
      const { token, DPoP } = await dpopBoundToken('write');
      const { status, challenges, code } = await refusal(call(app, token, DPoP));
      assert.equal(status, 403);
      assert.equal(code, 'scope_missing');
      assert.deepEqual(challenges.map((c) => [c.scheme, c.parameters.error, c.parameters.scope]), [['dpop', 'insufficient_scope', 'read'], ['bearer', undefined, undefined]]);
    });
  });
}
