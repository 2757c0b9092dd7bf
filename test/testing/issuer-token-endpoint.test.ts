import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createClientAuthentication } from '../../src/core/oauth/client-auth.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const clientKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('createTestIssuer: POST /token (client credentials)', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  const post = (body: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}) =>
    fetch(issuer.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body instanceof URLSearchParams ? body : new URLSearchParams(body),
    });

  before(async () => {
    issuer = await createTestIssuer({ clock });
    issuer.registerClient({ clientId: 'svc:orders', clientSecret: 'p@ss:w%rd +x', scopes: ['orders:read', 'orders:write'] });
    issuer.registerClient({
      clientId: 'svc-keyed',
      publicKey: clientKeys.publicKey,
      scopes: ['reports:read'],
      audiences: ['https://reports.example.test', 'https://billing.example.test'],
      tokenLifetime: '5m',
    });
  });
  beforeEach(() => {
    issuer.restore();
    issuer.resetHits();
  });
  after(() => issuer.close());

  it('advertises the endpoint in discovery and answers GET with 405 Allow: POST', async () => {
    const doc = (await (await fetch(issuer.discoveryUrls.oidc)).json()) as { token_endpoint: string };
    assert.equal(doc.token_endpoint, issuer.tokenEndpoint);
    const res = await fetch(issuer.tokenEndpoint);
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
  });

  it('issues a token to client_secret_basic with id and secret form-urlencoded (RFC 6749 §2.3.1)', async () => {
    const auth = createClientAuthentication({ clientId: 'svc:orders', clientSecret: 'p@ss:w%rd +x' });
    const { headers } = await auth.credentialsFor(issuer.tokenEndpoint);
    const res = await post({ grant_type: 'client_credentials', scope: 'orders:read' }, headers);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(body.scope, 'orders:read');
    const claims = decodePayload(String(body.access_token));
    assert.equal(claims.iss, issuer.issuer);
    assert.equal(claims.aud, issuer.audience);
    assert.equal(claims.sub, 'svc:orders');
    assert.equal(claims.client_id, 'svc:orders');
    assert.equal(claims.scope, 'orders:read');
    assert.equal(claims.exp, Math.floor(clock.now() / 1000) + 3600);
    assert.deepEqual(issuer.tokenRequests(), [
      { grantType: 'client_credentials', clientId: 'svc:orders', authMethod: 'client_secret_basic', scopes: ['orders:read'], resources: [], outcome: 'issued' },
    ]);
    assert.equal(issuer.hits.token, 1);
  });

  it('refuses Basic credentials that were not form-urlencoded when they contain reserved characters', async () => {
    const raw = `Basic ${Buffer.from('svc:orders:p@ss:w%rd +x').toString('base64')}`;
    const res = await post({ grant_type: 'client_credentials' }, { authorization: raw });
    assert.equal(res.status, 401);
  });

  it('issues a token to client_secret_post and grants every registered scope when none is asked for', async () => {
    const auth = createClientAuthentication({ clientId: 'svc:orders', clientSecret: 'p@ss:w%rd +x', authMethod: 'client_secret_post' });
    const { params } = await auth.credentialsFor(issuer.tokenEndpoint);
    const res = await post({ grant_type: 'client_credentials', ...params });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.scope, 'orders:read orders:write');
    assert.equal(issuer.tokenRequests()[0]?.authMethod, 'client_secret_post');
  });

  it('issues a token to private_key_jwt, with the resource indicator as aud and the registered lifetime', async () => {
    const auth = createClientAuthentication({ clientId: 'svc-keyed', privateKey: clientKeys.privateKey }, { clock: clock.now });
    const { params } = await auth.credentialsFor(issuer.tokenEndpoint);
    const res = await post({ grant_type: 'client_credentials', resource: 'https://reports.example.test', ...params });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.expires_in, 300);
    assert.equal(decodePayload(String(body.access_token)).aud, 'https://reports.example.test');
    assert.equal(issuer.tokenRequests()[0]?.authMethod, 'private_key_jwt');
  });

  it('accepts the issuer as assertion audience, and two resources become an aud array', async () => {
    const auth = createClientAuthentication({ clientId: 'svc-keyed', privateKey: clientKeys.privateKey, assertionAudience: issuer.issuer }, { clock: clock.now });
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(await auth.credentialsFor(issuer.tokenEndpoint)).params });
    form.append('resource', 'https://reports.example.test');
    form.append('resource', 'https://billing.example.test');
    const res = await post(form);
    assert.equal(res.status, 200);
    const claims = decodePayload(String(((await res.json()) as { access_token: string }).access_token));
    assert.deepEqual(claims.aud, ['https://reports.example.test', 'https://billing.example.test']);
  });

  it('refuses a replayed, expired, foreign-signed or wrongly addressed client assertion with 401 invalid_client', async () => {
    const auth = createClientAuthentication({ clientId: 'svc-keyed', privateKey: clientKeys.privateKey }, { clock: clock.now });
    const { params } = await auth.credentialsFor(issuer.tokenEndpoint);
    assert.equal((await post({ grant_type: 'client_credentials', ...params })).status, 200);
    const replay = await post({ grant_type: 'client_credentials', ...params });
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as { error: string }).error, 'invalid_client');
    assert.equal(replay.headers.get('www-authenticate'), null, 'no Basic challenge when Basic was not used');

    const late = createClientAuthentication({ clientId: 'svc-keyed', privateKey: clientKeys.privateKey }, { clock: () => clock.now() - 120_000 });
    assert.equal((await post({ grant_type: 'client_credentials', ...(await late.credentialsFor(issuer.tokenEndpoint)).params })).status, 401);

    const foreign = createClientAuthentication({ clientId: 'svc-keyed', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }, { clock: clock.now });
    assert.equal((await post({ grant_type: 'client_credentials', ...(await foreign.credentialsFor(issuer.tokenEndpoint)).params })).status, 401);

    const elsewhere = createClientAuthentication({ clientId: 'svc-keyed', privateKey: clientKeys.privateKey, assertionAudience: 'https://other.example.test/token' }, { clock: clock.now });
    assert.equal((await post({ grant_type: 'client_credentials', ...(await elsewhere.credentialsFor(issuer.tokenEndpoint)).params })).status, 401);
  });

  it('answers a wrong secret over Basic with 401 invalid_client and a Basic challenge (RFC 6749 §5.2)', async () => {
    const auth = createClientAuthentication({ clientId: 'svc:orders', clientSecret: 'wrong' });
    const res = await post({ grant_type: 'client_credentials' }, (await auth.credentialsFor(issuer.tokenEndpoint)).headers);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), `Basic realm="${issuer.issuer}"`);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_client');
  });

  it('answers the other RFC 6749 §5.2 and RFC 8707 errors', async () => {
    const { headers } = await createClientAuthentication({ clientId: 'svc:orders', clientSecret: 'p@ss:w%rd +x' }).credentialsFor(issuer.tokenEndpoint);
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'client_credentials', scope: 'orders:read admin' }, 400, 'invalid_scope'],
      [{ grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{}, 400, 'invalid_request'],
      [{ grant_type: 'client_credentials', resource: 'https://elsewhere.example.test' }, 400, 'invalid_target'],
      [{ grant_type: 'client_credentials', audience: 'https://elsewhere.example.test' }, 400, 'invalid_target'],
    ];
    for (const [body, status, error] of cases) {
      const res = await post(body, headers);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(((await res.json()) as { error: string }).error, error);
    }
    const both = await post({ grant_type: 'client_credentials', client_id: 'svc:orders', client_secret: 'p@ss:w%rd +x' }, headers);
    assert.equal(((await both.json()) as { error: string }).error, 'invalid_request', 'two authentication methods');
    const json = await fetch(issuer.tokenEndpoint, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 400);
    assert.equal((await post({ grant_type: 'client_credentials' })).status, 401, 'no client authentication at all');
  });

  it('applies faults to the token endpoint: 429 with each reset header, 503, garbage, hang', async () => {
    const { headers } = await createClientAuthentication({ clientId: 'svc:orders', clientSecret: 'p@ss:w%rd +x' }).credentialsFor(issuer.tokenEndpoint);
    const reset = String(Math.floor(clock.now() / 1000) + 10);
    for (const header of ['retry-after', 'x-rate-limit-reset', 'x-ratelimit-reset']) {
      issuer.fail('token', { status: 429, headers: { [header]: header === 'retry-after' ? '10' : reset } });
      const res = await post({ grant_type: 'client_credentials' }, headers);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get(header), header === 'retry-after' ? '10' : reset);
      assert.equal(res.headers.get('date'), new Date(clock.now()).toUTCString(), 'Date follows the issuer clock');
    }
    issuer.fail('token', { status: 503 }, { once: true });
    assert.equal((await post({ grant_type: 'client_credentials' }, headers)).status, 503);
    issuer.fail('token', 'garbage', { once: true });
    assert.match(await (await post({ grant_type: 'client_credentials' }, headers)).text(), /<html>/);
    issuer.fail('token', 'hang');
    const parked = post({ grant_type: 'client_credentials' }, headers);
    let answered = false;
    void parked.then(() => (answered = true));
    // Bounded wait for the request to arrive; the counter moves when the body has been read.
    for (let i = 0; i < 1000 && issuer.hits.token < 6; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.equal(issuer.hits.token, 6);
    assert.equal(answered, false, 'a hanging endpoint does not answer');
    issuer.restore('token');
    assert.equal((await parked).status, 200, 'released requests are answered normally');
    assert.equal(issuer.hits.token, 6);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('rejects a registration without credentials', () => {
    assert.throws(() => issuer.registerClient({ clientId: 'nothing' }), TypeError);
    assert.throws(() => issuer.registerClient({ clientId: '', clientSecret: 'x' }), TypeError);
  });
});
