import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { reportLine, runCli } from './run-cli.js';

describe('bearer-guard inspect --verify checks the signature against the configured issuer', () => {
  let clock: TestClock;
  let issuer: TestIssuer;
  before(async () => {
    clock = createTestClock();
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());
  afterEach(() => issuer.restore());

  const verify = async (token: string, ...extra: string[]) =>
    runCli(['inspect', token, '--issuer', issuer.issuer, '--audience', issuer.audience, '--verify', ...extra], { now: clock.now, fetch });

  it('accepts a valid token with exit 0 and says the signature verified', async () => {
    const run = await verify(await issuer.token({ scopes: ['users:read'] }), '--scope', 'users:read');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(reportLine(run.stdout, 'Result'), 'accepted');
    assert.equal(reportLine(run.stdout, 'Signature'), 'verified with the issuer\'s published key');
  });

  it('fetches only the configured issuer\'s discovery document and JWKS', async () => {
    const run = await verify(await issuer.token());
    assert.equal(run.code, 0);
    assert.ok(run.fetched.length > 0);
    for (const url of run.fetched) {
      assert.ok(url === issuer.jwksUri || Object.values(issuer.discoveryUrls).includes(url), url);
    }
    assert.ok(run.fetched.includes(issuer.jwksUri));
  });

  it('never fetches anything for a token from an issuer that is not configured', async () => {
    const run = await verify(await issuer.token({ issuer: 'https://attacker.example.test', header: { jku: 'https://attacker.example.test/jwks' } }));
    assert.equal(run.code, 1);
    assert.equal(reportLine(run.stdout, 'Code'), 'issuer_not_allowed');
    assert.deepEqual(run.fetched, []);
  });

  it('reports signatureVerified in --json', async () => {
    const run = await verify(await issuer.token(), '--json');
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout).checks, { signatureVerified: true, accepted: true, status: 200 });
  });

  it('refuses a token signed by another key under the right kid (signature_invalid)', async () => {
    const run = await verify(await issuer.tokens.wrongKey(), '--json');
    assert.equal(run.code, 1);
    const { checks } = JSON.parse(run.stdout);
    assert.equal(checks.code, 'signature_invalid');
    assert.equal(checks.signatureVerified, false);
    assert.match(checks.wwwAuthenticate, /^Bearer realm="api", error="invalid_token", error_description="The token signature does not verify/);
  });

  it('refuses a kid the JWKS does not publish (kid_unknown)', async () => {
    const run = await verify(await issuer.tokens.unknownKey());
    assert.equal(run.code, 1);
    assert.equal(reportLine(run.stdout, 'Code'), 'kid_unknown');
  });

  it('reports claim failures after a verified signature', async () => {
    const run = await verify(await issuer.tokens.expired(), '--json');
    assert.equal(run.code, 1);
    const { checks } = JSON.parse(run.stdout);
    assert.equal(checks.code, 'token_expired');
    assert.equal(checks.signatureVerified, true);
  });

  it('answers 503 without a challenge when the JWKS cannot be fetched', async () => {
    issuer.fail('jwks', { status: 503, headers: { 'retry-after': '30' } });
    const run = await verify(await issuer.token());
    assert.equal(run.code, 1);
    assert.equal(reportLine(run.stdout, 'Result'), 'rejected 503');
    assert.ok(['jwks_unavailable', 'idp_rate_limited'].includes(reportLine(run.stdout, 'Code') ?? ''), run.stdout);
    assert.equal(reportLine(run.stdout, 'WWW-Authenticate'), undefined);
    assert.equal(reportLine(run.stdout, 'Retry-After'), '30');
    assert.match(reportLine(run.stdout, 'Fix') ?? '', /Retry after/);
  });

  it('reports jwks_unavailable when the JWKS answers 500', async () => {
    issuer.fail('jwks', { status: 500 });
    const run = await verify(await issuer.token(), '--json');
    assert.equal(run.code, 1);
    const { checks } = JSON.parse(run.stdout);
    assert.equal(checks.status, 503);
    assert.equal(checks.code, 'jwks_unavailable');
    assert.equal(checks.wwwAuthenticate, undefined);
  });
});
