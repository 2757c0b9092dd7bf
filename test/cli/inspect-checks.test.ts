import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAuthError,
  createScopeGuard,
  createVerifier,
  failureCodes,
  isBearerGuardError,
  type BearerGuardError,
  type FailureCode,
} from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { reportLine, runCli } from './run-cli.js';

interface Setup {
  /** The issuer as configured (defaults to the test issuer's own). */
  configuredIssuer?: string;
  strict?: boolean;
  scopes?: string[];
  anyScope?: boolean;
}

describe('bearer-guard inspect runs the middleware checks offline', () => {
  let clock: TestClock;
  let issuer: TestIssuer;
  before(async () => {
    clock = createTestClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());

  const flags = (setup: Setup = {}) => [
    '--issuer', setup.configuredIssuer ?? issuer.issuer,
    '--audience', issuer.audience,
    ...(setup.strict ? ['--strict'] : []),
    ...(setup.scopes ?? []).flatMap((s) => ['--scope', s]),
    ...(setup.anyScope ? ['--any-scope'] : []),
  ];

  /** What the middleware answers: the real verifier, with the issuer's real keys, and the route's scope guard. */
  async function middlewareAnswer(token: string, setup: Setup = {}): Promise<BearerGuardError> {
    const verifier = createVerifier({
      issuers: [{ issuer: setup.configuredIssuer ?? issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      strict: setup.strict === true,
      clock: clock.now,
      tokenCache: false,
    });
    let error: unknown;
    try {
      const auth = await verifier.verify(token);
      error = setup.scopes ? createScopeGuard(setup.anyScope ? 'any' : 'all', setup.scopes, 'requireScopes')(auth) : undefined;
    } catch (thrown) {
      error = thrown;
    }
    assert.ok(isBearerGuardError(error), 'the middleware must refuse this token');
    return error;
  }

  async function expectRejected(token: string, code: FailureCode, setup: Setup = {}) {
    const run = await runCli(['inspect', token, ...flags(setup)], { now: clock.now });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(reportLine(run.stdout, 'Result'), `rejected ${failureCodes[code].status}`);
    assert.equal(reportLine(run.stdout, 'Code'), code);
    const expected = await middlewareAnswer(token, setup);
    assert.equal(expected.code, code, 'the middleware agrees on the code');
    const header = reportLine(run.stdout, 'WWW-Authenticate');
    assert.equal(header, expected.headers['WWW-Authenticate'], 'byte-identical to the middleware');
    assert.equal(
      header,
      createAuthError({ realm: 'api' }, code, expected.description, { requiredScopes: setup.scopes?.flatMap((s) => s.split(' ')) }).headers['WWW-Authenticate'],
    );
    assert.equal(reportLine(run.stdout, 'Fix'), failureCodes[code].fix);
    assert.match(run.stdout, /Signature: NOT checked/);
    assert.deepEqual(run.fetched, [], 'offline checks never fetch');
    return run;
  }

  it('accepts a valid token with exit 0, noting that the signature was not checked', async () => {
    const run = await runCli(['inspect', await issuer.token({ scopes: ['users:read'] }), ...flags({ scopes: ['users:read'] })], { now: clock.now });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(reportLine(run.stdout, 'Result'), 'accepted (if the signature verifies)');
    assert.match(run.stdout, /Signature: NOT checked/);
    assert.match(run.stdout, /Checked against\n {2}issuer: http:\/\/127\.0\.0\.1:\d+\n {2}audience: https:\/\/api\.example\.test/);
    assert.deepEqual(run.fetched, []);
  });

  it('refuses a token that is not a JWT (token_malformed)', async () => {
    await expectRejected('abc.def.ghi', 'token_malformed');
  });

  it('refuses an encrypted token (token_encrypted)', async () => {
    await expectRejected('eyJhbGciOiJSU0EtT0FFUCJ9.aaaa.bbbb.cccc.dddd', 'token_encrypted');
  });

  it('refuses alg none (algorithm_not_allowed)', async () => {
    const run = await expectRejected(await issuer.tokens.algNone(), 'algorithm_not_allowed');
    assert.match(run.stdout, /alg none/);
  });

  it('accepts any asymmetric algorithm by default; --algorithm narrows the set', async () => {
    const token = await issuer.token({ alg: 'PS256' });
    const byDefault = await runCli(['inspect', token, ...flags()], { now: clock.now });
    assert.equal(byDefault.code, 0, byDefault.stdout);
    assert.match(byDefault.stdout, /algorithms: any the signing key fits/);
    const narrowed = await runCli(['inspect', token, ...flags(), '--algorithm', 'RS256'], { now: clock.now });
    assert.equal(narrowed.code, 1, narrowed.stdout);
    assert.equal(reportLine(narrowed.stdout, 'Code'), 'algorithm_not_allowed');
    const listed = await runCli(['inspect', token, ...flags(), '--algorithm', 'RS256', '--algorithm', 'PS256'], { now: clock.now });
    assert.equal(listed.code, 0, listed.stdout);
  });

  it('refuses critical header extensions (crit_unsupported)', async () => {
    await expectRejected(await issuer.token({ header: { crit: ['exp'] } }), 'crit_unsupported');
  });

  it('refuses a token without iss (issuer_missing)', async () => {
    await expectRejected(await issuer.token({ claims: { iss: undefined } }), 'issuer_missing');
  });

  it('refuses an issuer outside the allowlist (issuer_not_allowed)', async () => {
    const run = await expectRejected(await issuer.tokens.otherIssuer(), 'issuer_not_allowed');
    assert.match(run.stdout, /other-issuer\.example\.test/);
  });

  it('names an issuer that differs only by a trailing slash (issuer_trailing_slash)', async () => {
    await expectRejected(await issuer.token(), 'issuer_trailing_slash', { configuredIssuer: `${issuer.issuer}/` });
  });

  it('refuses an expired token (token_expired)', async () => {
    const run = await expectRejected(await issuer.tokens.expired(), 'token_expired');
    assert.match(run.stdout, /expired 1h ago/);
  });

  it('applies --clock-tolerance as the middleware does', async () => {
    const token = await issuer.token({ claims: { exp: clock.now() / 1000 - 90 } });
    await expectRejected(token, 'token_expired');
    const run = await runCli(['inspect', token, ...flags(), '--clock-tolerance', '2m'], { now: clock.now });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /clock tolerance: 2m/);
  });

  it('refuses a token not yet valid (token_not_yet_valid)', async () => {
    await expectRejected(await issuer.tokens.notYetValid(), 'token_not_yet_valid');
  });

  it('refuses an nbf beyond the Date range (token_not_yet_valid) instead of failing with an unexpected error', async () => {
    const run = await expectRejected(await issuer.token({ claims: { nbf: 1e300 } }), 'token_not_yet_valid');
    assert.match(run.stdout, /not valid until out of range/);
  });

  it('refuses a token issued in the future (token_issued_in_future)', async () => {
    await expectRejected(await issuer.tokens.issuedInFuture(), 'token_issued_in_future');
  });

  it('refuses a token without exp (expiry_missing)', async () => {
    await expectRejected(await issuer.tokens.noExpiry(), 'expiry_missing');
  });

  it('refuses another audience (audience_mismatch) and a missing one (audience_missing)', async () => {
    await expectRejected(await issuer.tokens.wrongAudience(), 'audience_mismatch');
    await expectRejected(await issuer.token({ claims: { aud: undefined } }), 'audience_missing');
  });

  it('requires typ at+jwt only in strict mode (typ_mismatch)', async () => {
    const token = await issuer.token({ header: { typ: 'JWT' } });
    assert.equal((await runCli(['inspect', token, ...flags()], { now: clock.now })).code, 0);
    await expectRejected(token, 'typ_mismatch', { strict: true });
  });

  it('refuses an ID token (id_token_presented) and a sender-constrained one (token_sender_constrained)', async () => {
    await expectRejected(await issuer.token({ claims: { nonce: 'n-0S6_WzA2Mj' } }), 'id_token_presented');
    await expectRejected(await issuer.token({ claims: { cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' } } }), 'token_sender_constrained');
  });

  it('refuses a scope claim of the wrong type (claim_invalid)', async () => {
    await expectRejected(await issuer.token({ claims: { scope: 42 } }), 'claim_invalid');
  });

  it('answers 403 with the required scopes when one is missing (scope_missing)', async () => {
    const token = await issuer.token({ scopes: ['users:read'] });
    const run = await expectRejected(token, 'scope_missing', { scopes: ['users:read', 'users:write'] });
    assert.match(reportLine(run.stdout, 'WWW-Authenticate') ?? '', /error="insufficient_scope", error_description="The token lacks the scope users:write", scope="users:read users:write"$/);
  });

  it('treats the scopes as alternatives with --any-scope', async () => {
    const token = await issuer.token({ scopes: ['users:write'] });
    assert.equal((await runCli(['inspect', token, ...flags({ scopes: ['users:read', 'users:write'], anyScope: true })], { now: clock.now })).code, 0);
    await expectRejected(await issuer.token({ scopes: ['other'] }), 'scope_missing', { scopes: ['users:read', 'users:write'], anyScope: true });
  });

  it('uses the configured realm in the challenge', async () => {
    const run = await runCli(['inspect', await issuer.tokens.expired(), ...flags(), '--realm', 'orders'], { now: clock.now });
    assert.equal(run.code, 1);
    assert.match(reportLine(run.stdout, 'WWW-Authenticate') ?? '', /^Bearer realm="orders", error="invalid_token"/);
  });

  it('prints the verdict as the checks member of one JSON object with --json', async () => {
    const run = await runCli(['inspect', await issuer.tokens.expired(), ...flags(), '--json'], { now: clock.now });
    assert.equal(run.code, 1);
    const { checks } = JSON.parse(run.stdout);
    const expected = await middlewareAnswer(await issuer.tokens.expired());
    assert.deepEqual(checks, {
      signatureVerified: false,
      accepted: false,
      status: 401,
      code: 'token_expired',
      wwwAuthenticate: expected.headers['WWW-Authenticate'],
      description: expected.description,
      fix: failureCodes.token_expired.fix,
    });
    const accepted = await runCli(['inspect', await issuer.token(), ...flags(), '--json'], { now: clock.now });
    assert.equal(accepted.code, 0);
    assert.deepEqual(JSON.parse(accepted.stdout).checks, { signatureVerified: false, accepted: true, status: 200 });
  });
});

describe('bearer-guard inspect names Okta authorization server mix-ups', () => {
  it('refuses an org authorization server token for a custom server API (issuer_okta_org_server)', async () => {
    const clock = createTestClock();
    const okta = await createTestIssuer({ shape: 'okta-custom', clock });
    try {
      const token = await okta.orgServer!.token();
      const run = await runCli(['inspect', token, '--issuer', okta.issuer, '--audience', okta.audience], { now: clock.now });
      assert.equal(run.code, 1);
      assert.equal(reportLine(run.stdout, 'Code'), 'issuer_okta_org_server');
      assert.match(reportLine(run.stdout, 'Fix') ?? '', /custom authorization server/);
    } finally {
      await okta.close();
    }
  });
});
