import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { reportLine, runCli } from './run-cli.js';

describe('bearer-guard inspect without configuration decodes the token offline', () => {
  let clock: TestClock;
  let issuer: TestIssuer;
  before(async () => {
    clock = createTestClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());

  it('prints the header and payload as indented JSON, never the token, and exits 0', async () => {
    const token = await issuer.token({ scopes: ['orders:read'], subject: 'alice' });
    const run = await runCli(['inspect', token], { now: clock.now });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Header\n\{\n {2}"alg": "RS256",/);
    assert.match(run.stdout, /"sub": "alice"/);
    assert.match(run.stdout, /"scope": "orders:read"/);
    assert.match(run.stdout, new RegExp(`"iss": "${issuer.issuer}"`));
    assert.match(run.stdout, /No checks configured/);
    assert.match(run.stdout, /Signature: NOT checked/);
    assert.doesNotMatch(run.stdout, /Result:/);
  });

  it('says that without configuration an expired token is shown, not judged: exit 0', async () => {
    const token = await issuer.tokens.expired();
    const run = await runCli(['inspect', token], { now: clock.now });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /\(expired /);
    assert.match(run.stdout, /information only: nothing is judged, so the exit status is 0 even for an expired token/);
  });

  it('shows the times in human terms relative to the clock', async () => {
    const token = await issuer.token({ claims: { iat: clock.now() / 1000 - 300, nbf: clock.now() / 1000 - 300, exp: clock.now() / 1000 - 192 } });
    const run = await runCli(['inspect', token], { now: clock.now });
    assert.equal(run.code, 0, 'decoding alone rejects nothing');
    assert.match(run.stdout, /Times \(now 2026-01-01T12:00:00Z\)/);
    assert.match(run.stdout, /exp {7}2026-01-01T11:56:48Z \(expired 3m12s ago\)/);
    assert.match(run.stdout, /iat {7}2026-01-01T11:55:00Z \(5m ago\)/);
    assert.match(run.stdout, /nbf {7}2026-01-01T11:55:00Z \(5m ago\)/);
  });

  it('says when a token expires in the future and when exp is missing', async () => {
    let run = await runCli(['inspect', await issuer.token({ expiresIn: '55m' })], { now: clock.now });
    assert.match(run.stdout, /\(expires in 55m\)/);
    run = await runCli(['inspect', await issuer.tokens.noExpiry()], { now: clock.now });
    assert.match(run.stdout, /exp {7}missing/);
    run = await runCli(['inspect', await issuer.token({ claims: { exp: 'tomorrow' } })], { now: clock.now });
    assert.match(run.stdout, /exp {7}not a number/);
  });

  it('prints one JSON object with --json, times as iso and relative and checks null', async () => {
    const token = await issuer.token({ expiresIn: 60, scopes: 'a b' });
    const run = await runCli(['inspect', token, '--json'], { now: clock.now });
    assert.equal(run.code, 0);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['header', 'payload', 'times', 'checks']);
    assert.equal(report.header.alg, 'RS256');
    assert.equal(report.payload.scope, 'a b');
    assert.deepEqual(report.times.exp, { iso: '2026-01-01T12:01:00Z', relative: 'expires in 1m' });
    assert.deepEqual(report.times.iat, { iso: '2026-01-01T12:00:00Z', relative: 'now' });
    assert.equal(report.checks, null);
  });

  it('reads the token from stdin when there is no argument, or the argument is -', async () => {
    const token = await issuer.token({ subject: 'from-stdin' });
    let run = await runCli(['inspect'], { stdin: `${token}\n`, now: clock.now });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /"sub": "from-stdin"/);
    run = await runCli(['inspect', '-', '--json'], { stdin: Readable.from([Buffer.from(token.slice(0, 20)), Buffer.from(`${token.slice(20)}\r\n`)]), now: clock.now });
    assert.equal(run.code, 0);
    assert.equal(JSON.parse(run.stdout).payload.sub, 'from-stdin');
  });

  it('accepts a pasted "Bearer <token>"', async () => {
    const run = await runCli(['inspect'], { stdin: `Bearer ${await issuer.token({ subject: 'pasted' })}`, now: clock.now });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /"sub": "pasted"/);
  });

  it('refuses a token that does not decode with exit 1 and the default challenge', async () => {
    const run = await runCli(['inspect', 'not-a-jwt-at-all.really'], { now: clock.now });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /does not decode/);
    assert.match(run.stdout, /No checks configured, but any configuration refuses a token that does not decode/);
    assert.equal(reportLine(run.stdout, 'Code'), 'token_malformed');
    assert.equal(
      reportLine(run.stdout, 'WWW-Authenticate'),
      'Bearer realm="api", error="invalid_token", error_description="The token is not a JWT: expected 3 base64url parts separated by dots, got 2"',
    );
  });

  it('never contacts the network without --verify', async () => {
    const run = await runCli(['inspect', await issuer.token()], { now: clock.now });
    assert.deepEqual(run.fetched, []);
  });
});
