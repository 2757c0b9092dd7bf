import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/bearer-guard.js', import.meta.url));
const built = existsSync(new URL('../../dist/cli/bin.js', import.meta.url));

function runBin(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the bearer-guard bin (needs `npm run build`)', { skip: built ? false : 'dist/cli/bin.js is missing: run npm run build' }, () => {
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
});
