import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { reportLine, runCli } from './run-cli.js';

describe('bearer-guard inspect reads the middleware\'s environment configuration', () => {
  let clock: TestClock;
  let issuer: TestIssuer;
  let env: Record<string, string>;
  before(async () => {
    clock = createTestClock();
    issuer = await createTestIssuer({ clock });
    env = { BEARER_GUARD_ISSUER: issuer.issuer, BEARER_GUARD_AUDIENCE: issuer.audience };
  });
  after(() => issuer.close());

  it('runs the checks with BEARER_GUARD_ISSUER and BEARER_GUARD_AUDIENCE when no flag names an issuer', async () => {
    const run = await runCli(['inspect', await issuer.tokens.wrongAudience()], { env, now: clock.now });
    assert.equal(run.code, 1);
    assert.equal(reportLine(run.stdout, 'Code'), 'audience_mismatch');
    assert.match(run.stdout, /Checked against \(configured by the BEARER_GUARD_\* environment variables\)/);
    const ok = await runCli(['inspect', await issuer.token()], { env, now: clock.now });
    assert.equal(ok.code, 0);
  });

  it('uses BEARER_GUARD_REALM and BEARER_GUARD_CLOCK_TOLERANCE', async () => {
    const token = await issuer.token({ claims: { exp: clock.now() / 1000 - 90 } });
    const run = await runCli(['inspect', token], { env: { ...env, BEARER_GUARD_REALM: 'orders' }, now: clock.now });
    assert.match(reportLine(run.stdout, 'WWW-Authenticate') ?? '', /^Bearer realm="orders", error="invalid_token"/);
    assert.equal((await runCli(['inspect', token], { env: { ...env, BEARER_GUARD_CLOCK_TOLERANCE: '120' }, now: clock.now })).code, 0);
  });

  it('lets flags override the environment', async () => {
    const token = await issuer.tokens.wrongAudience();
    const run = await runCli(['inspect', token, '--audience', 'https://wrong-audience.example.test'], { env, now: clock.now });
    assert.equal(run.code, 0, run.stdout);
    const flagged = await runCli(['inspect', await issuer.token(), '--issuer', 'https://idp.example.com', '--audience', issuer.audience], { env, now: clock.now });
    assert.equal(reportLine(flagged.stdout, 'Code'), 'issuer_not_allowed', 'an --issuer replaces the environment');
  });

  it('refuses an incomplete environment with the core\'s message', async () => {
    const run = await runCli(['inspect', await issuer.token()], { env: { BEARER_GUARD_ISSUER: issuer.issuer }, now: clock.now });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /set BEARER_GUARD_AUDIENCE/);
  });

  it('verifies with BEARER_GUARD_JWKS_URI without discovery', async () => {
    const run = await runCli(['inspect', await issuer.token(), '--verify'], {
      env: { ...env, BEARER_GUARD_JWKS_URI: issuer.jwksUri },
      now: clock.now,
      fetch,
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.fetched, [issuer.jwksUri]);
  });

  it('ignores unrelated environment variables: without configuration it only decodes', async () => {
    const run = await runCli(['inspect', await issuer.token()], { env: { BEARER_GUARD_REALM: 'x', PATH: '/bin' }, now: clock.now });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /No checks configured/);
  });
});
