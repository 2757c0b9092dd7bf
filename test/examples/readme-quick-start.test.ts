import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(new URL('README.md', `file://${root}`), 'utf8');

/** The first code block under "## Quick start", as a user copies it. */
function quickStartSnippet(): string {
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'README.md has a ```js block under "## Quick start"');
  return match[1]!;
}

/**
 * The snippet with only what a user would change: their issuer and audience (here the local test
 * issuer's), and the port (any free one on 127.0.0.1, printed so the test can call it).
 */
function adapted(snippet: string, issuer: TestIssuer): string {
  const replacements: Array<[string, string]> = [
    ["'https://dev-123.okta.com/oauth2/default'", JSON.stringify(issuer.issuer)],
    ["'api://default'", JSON.stringify(issuer.audience)],
    ['app.listen(3000);', "const server = app.listen(0, '127.0.0.1', () => console.log(server.address().port));"],
  ];
  let code = snippet;
  for (const [from, to] of replacements) {
    assert.ok(code.includes(from), `the quick-start snippet no longer contains ${from}; update this test with it`);
    code = code.replace(from, to);
  }
  return code;
}

describe('README quick start: the first snippet runs as pasted', () => {
  let issuer: TestIssuer;
  let child: ChildProcess;
  let baseUrl: string;

  before(async () => {
    issuer = await createTestIssuer();
    // Evaluated from the repository root, so `bearer-guard/express` resolves as the package itself.
    child = spawn(
      process.execPath,
      ['--conditions=bearer-guard-source', '--import', 'tsx', '--input-type=module', '--eval', adapted(quickStartSnippet(), issuer)],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    baseUrl = `http://127.0.0.1:${chunk.toString().trim()}`;
  });
  after(async () => {
    child?.kill();
    await issuer?.close();
  });

  it('answers a token with orders:read with 200 and /me with the verified claims', async () => {
    const token = await issuer.token({ scopes: ['orders:read'], claims: { sub: 'ada' } });
    const orders = await fetch(`${baseUrl}/orders`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(orders.status, 200);
    const me = await fetch(`${baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(((await me.json()) as { subject?: string }).subject, 'ada');
  });

  it('answers what the text under it promises: bare 401, expired 401, scope-less 403', async () => {
    expectChallenge(await fetch(`${baseUrl}/orders`), { status: 401, error: null });
    const expired = await issuer.tokens.expired({ scopes: ['orders:read'] });
    expectChallenge(await fetch(`${baseUrl}/orders`, { headers: { authorization: `Bearer ${expired}` } }), {
      status: 401,
      error: 'invalid_token',
    });
    const noScope = await issuer.token({ scopes: ['profile'] });
    expectChallenge(await fetch(`${baseUrl}/orders`, { headers: { authorization: `Bearer ${noScope}` } }), {
      status: 403,
      error: 'insufficient_scope',
      scope: 'orders:read',
    });
  });
});
