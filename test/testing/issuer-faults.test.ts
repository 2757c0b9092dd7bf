import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

describe('createTestIssuer: faults and hit counters', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer({ shape: 'okta-custom' });
  });
  beforeEach(() => {
    issuer.restore();
    issuer.resetHits();
  });
  after(() => issuer.close());

  it('answers 429 with the given headers until restored, counting every request', async () => {
    issuer.fail('jwks', { status: 429, headers: { 'Retry-After': '17', 'X-Rate-Limit-Reset': '1767225617' } });
    for (let i = 0; i < 2; i += 1) {
      const res = await fetch(issuer.jwksUri);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '17');
      assert.equal(res.headers.get('x-rate-limit-reset'), '1767225617');
      assert.deepEqual(await res.json(), { error: 'injected_fault', status: 429 });
    }
    issuer.restore('jwks');
    const res = await fetch(issuer.jwksUri);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { keys: unknown[] }).keys.length, 4);
    assert.equal(issuer.hits.jwks, 3);
    assert.equal(issuer.hits.discovery, 0);
  });

  it('sends a custom status and body', async () => {
    issuer.fail('discovery', { status: 503, body: 'upstream down' });
    const res = await fetch(issuer.discoveryUrls.oidc);
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await res.text(), 'upstream down');
    assert.equal((await fetch(issuer.jwksUri)).status, 200, 'other endpoints are untouched');
    assert.deepEqual({ ...issuer.hits }, { jwks: 1, discovery: 1, token: 0, introspection: 0 });
  });

  it('serves garbage as a 200 that is not JSON', async () => {
    issuer.fail('jwks', 'garbage');
    const res = await fetch(issuer.jwksUri);
    assert.equal(res.status, 200);
    await assert.rejects(res.json(), SyntaxError);
  });

  it('serves chosen JSON, such as an empty key set or duplicate kids', async () => {
    const [key] = issuer.publicJwks().keys;
    issuer.fail('jwks', { json: { keys: [key, key] } });
    assert.deepEqual(await (await fetch(issuer.jwksUri)).json(), { keys: [key, key] });
    issuer.fail('jwks', { json: { keys: [] } });
    assert.deepEqual(await (await fetch(issuer.jwksUri)).json(), { keys: [] });
  });

  it('applies a once fault to the next request only', async () => {
    issuer.fail('jwks', { status: 500 }, { once: true });
    assert.equal((await fetch(issuer.jwksUri)).status, 500);
    assert.equal((await fetch(issuer.jwksUri)).status, 200);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('hangs until the client gives up', async () => {
    issuer.fail('jwks', 'hang');
    await assert.rejects(fetch(issuer.jwksUri, { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
    assert.equal(issuer.hits.jwks, 1);
  });

  it('answers a hanging request normally once restored', async () => {
    issuer.fail('discovery', 'hang');
    const pending = fetch(issuer.discoveryUrls.okta);
    await waitFor(() => issuer.hits.discovery === 1);
    issuer.restore();
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { issuer: string }).issuer, issuer.issuer);
    assert.equal(issuer.hits.discovery, 1, 'the release is not a second hit');
  });

  it('resets the connection on a reset fault', async () => {
    issuer.fail('jwks', 'reset');
    await assert.rejects(fetch(issuer.jwksUri), TypeError);
  });

  it('keeps faults and counters of the org server separate', async () => {
    const org = issuer.orgServer;
    assert.ok(org);
    org.resetHits();
    org.fail('jwks', { status: 429 });
    assert.equal((await fetch(org.jwksUri)).status, 429);
    assert.equal((await fetch(issuer.jwksUri)).status, 200);
    assert.deepEqual({ ...org.hits }, { jwks: 1, discovery: 0, token: 0, introspection: 0 });
    assert.deepEqual({ ...issuer.hits }, { jwks: 1, discovery: 0, token: 0, introspection: 0 });
    issuer.restore();
    assert.equal((await fetch(org.jwksUri)).status, 429, "the custom server's restore leaves the org server alone");
    org.restore();
    assert.equal((await fetch(org.jwksUri)).status, 200);
  });

  it('rejects unknown endpoints and malformed faults', () => {
    assert.throws(() => issuer.fail('userinfo' as 'jwks', 'hang'), /endpoint must be one of 'jwks', 'discovery', 'token'/);
    assert.throws(() => issuer.fail('jwks', { status: 42 }), TypeError);
    assert.throws(() => issuer.fail('jwks', 'explode' as 'hang'), /fault must be/);
  });
});

describe('createTestIssuer: lifecycle', () => {
  it('closes idempotently, hanging requests included', async () => {
    const issuer = await createTestIssuer();
    issuer.fail('jwks', 'hang');
    const pending = fetch(issuer.jwksUri);
    await waitFor(() => issuer.hits.jwks === 1);
    await issuer.close();
    await assert.rejects(pending, TypeError);
    await issuer.close();
    await assert.rejects(fetch(issuer.jwksUri), TypeError);
  });

  it('closes through Symbol.asyncDispose', async () => {
    const issuer = await createTestIssuer();
    assert.equal((await fetch(issuer.jwksUri)).status, 200);
    await issuer[Symbol.asyncDispose]();
    await assert.rejects(fetch(issuer.jwksUri), TypeError);
  });
});

// Polls briefly instead of sleeping a fixed time: resolves as soon as the server has seen the request.
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition not reached within 2 s');
}
