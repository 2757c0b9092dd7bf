import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/bearer-guard.js', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function runBin(args: string[], stdin = '', executable = bin): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [executable, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the bearer-guard bin (the build when there is one, else the sources through tsx)', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createTestIssuer();
  });
  after(() => issuer.close());

  it('inspects a token given as an argument and exits 0 without printing it', async () => {
    const token = await issuer.token({ subject: 'bin-user' });
    const run = await runBin(['inspect', token]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"sub": "bin-user"/);
    assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token));
  });

  it('reads the token from stdin, verifies it and exits 1 when it is rejected', async () => {
    const token = await issuer.tokens.wrongKey();
    const run = await runBin(['inspect', '--issuer', issuer.issuer, '--audience', issuer.audience, '--verify', '--json'], token);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(JSON.parse(run.stdout).checks.code, 'signature_invalid');
  });

  it('exits 2 on a usage error', async () => {
    const run = await runBin(['inspect', '--nope']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option --nope/);
  });

  it('prints the package version', async () => {
    const run = await runBin(['--version']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${version}\n`);
  });

  it('runs in a fresh clone before any build: the sources through tsx', async () => {
    // A clone without dist/: the bin and src/ as the repository has them, tsx found in node_modules.
    const clone = fileURLToPath(new URL(`../../node_modules/.cache/bin-test-${process.pid}/`, import.meta.url));
    rmSync(clone, { recursive: true, force: true });
    mkdirSync(`${clone}bin`, { recursive: true });
    copyFileSync(bin, `${clone}bin/bearer-guard.js`);
    symlinkSync(fileURLToPath(new URL('../../src', import.meta.url)), `${clone}src`);
    copyFileSync(new URL('../../package.json', import.meta.url), `${clone}package.json`);
    try {
      const token = await issuer.token({ subject: 'clone-user' });
      const run = await runBin(['inspect', token], '', `${clone}bin/bearer-guard.js`);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /"sub": "clone-user"/);
      assert.equal((await runBin(['--version'], '', `${clone}bin/bearer-guard.js`)).stdout, `${version}\n`);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
