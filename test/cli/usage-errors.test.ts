import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { runCli } from './run-cli.js';

describe('bearer-guard usage errors exit 2 with a message on stderr', () => {
  let clock: TestClock;
  let issuer: TestIssuer;
  let token: string;
  before(async () => {
    clock = createTestClock();
    issuer = await createTestIssuer({ clock });
    token = await issuer.token();
  });
  after(() => issuer.close());

  async function expectUsage(argv: string[], message: RegExp, stdin = '') {
    const run = await runCli(argv, { stdin, now: clock.now });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
    assert.match(run.stderr, /Run bearer-guard --help for usage\./);
    return run;
  }

  it('prints the help on stdout with exit 0', async () => {
    for (const argv of [['--help'], ['inspect', '--help'], ['-h']]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: bearer-guard inspect/);
      assert.match(run.stdout, /--verify/);
      assert.equal(run.stderr, '');
    }
  });

  it('refuses an unknown option', async () => {
    await expectUsage(['inspect', token, '--bogus'], /unknown option --bogus/);
  });

  it('does not echo an argument that is not an option name, such as a token starting with -', async () => {
    const run = await expectUsage(['inspect', `-${token}`], /unknown option/);
    assert.ok(!run.stderr.includes(token.slice(0, 20)));
  });

  it('refuses a missing command, an unknown command and extra arguments', async () => {
    await expectUsage([], /no command/);
    await expectUsage(['decode', token], /unknown command decode/);
    await expectUsage(['inspect', token, token], /one token/);
  });

  it('refuses a missing token', async () => {
    await expectUsage(['inspect'], /no token/);
    await expectUsage(['inspect', '-'], /no token/, '  \n');
  });

  it('refuses an option without its value', async () => {
    await expectUsage(['inspect', token, '--issuer'], /--issuer/);
  });

  it('passes on the core\'s message for an http issuer', async () => {
    await expectUsage(['inspect', token, '--issuer', 'http://idp.example.com', '--audience', 'api'], /must use https \(plain http is allowed only for localhost\)/);
  });

  it('never prints the token when it is given to an option by mistake', async () => {
    const run = await expectUsage(['inspect', '--issuer', token, '--audience', 'api'], /not an absolute URL/);
    assert.match(run.stderr, /<token>/);
  });

  it('passes on the core\'s messages for bad values', async () => {
    const base = ['inspect', token, '--issuer', issuer.issuer, '--audience', issuer.audience];
    await expectUsage([...base, '--clock-tolerance', 'soon'], /clockTolerance must be/);
    await expectUsage([...base, '--clock-tolerance', '10m'], /at most 300s/);
    await expectUsage([...base, '--algorithm', 'none'], /'none' is never accepted/);
    await expectUsage([...base, '--algorithm', 'HS256'], /needs a shared secret/);
    await expectUsage([...base, '--scope', 'a"b'], /not a valid scope/);
  });

  it('needs an audience with --issuer, and an issuer for the other checks', async () => {
    await expectUsage(['inspect', token, '--issuer', issuer.issuer], /--issuer needs --audience/);
    await expectUsage(['inspect', token, '--audience', 'api', '--scope', 'a'], /--audience, --scope need an issuer/);
    await expectUsage(['inspect', token, '--verify'], /--verify needs an issuer/);
    await expectUsage(['inspect', token, '--issuer', issuer.issuer, '--audience', 'x', '--any-scope'], /--any-scope needs at least one --scope/);
  });
});
