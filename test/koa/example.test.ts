import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createApp } from '../../examples/koa/server.js';
import { createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';

describe('examples/koa: a Koa API with a guard per route', () => {
  let issuer: TestIssuer;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    issuer = await createTestIssuer({ shape: 'okta-custom' });
    app = createApp({ issuers: [issuer.issuer], audience: issuer.audience });
  });
  after(() => issuer.close());

  it('serves /health without a token', async () => {
    const res = await request(app.callback()).get('/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ok: true });
  });

  it('answers /me with the verified identity, and with a bare challenge without a token', async () => {
    expectChallenge(await request(app.callback()).get('/me'), { status: 401, error: null, code: 'token_missing' });
    const res = await request(app.callback()).get('/me').set('Authorization', `Bearer ${await issuer.token({ scopes: ['profile'] })}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { subject: 'user-123', scopes: ['profile'], issuer: issuer.issuer });
  });

  it('needs users:read for /users', async () => {
    const without = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: ['profile'] })}`);
    expectChallenge(without, { status: 403, error: 'insufficient_scope', scope: 'users:read' });
    const expired = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.tokens.expired({ scopes: ['users:read'] })}`);
    expectChallenge(expired, { status: 401, error: 'invalid_token', code: 'token_expired' });
    const ok = await request(app.callback()).get('/users').set('Authorization', `Bearer ${await issuer.token({ scopes: ['users:read'] })}`);
    assert.equal(ok.status, 200);
  });

  it('deletes only with users:admin and the admins group', async () => {
    const admin = await issuer.token({ scopes: ['users:admin'], claims: { groups: ['admins'] } });
    const notInGroup = await issuer.token({ scopes: ['users:admin'] });
    const ok = await request(app.callback()).delete('/users/7').set('Authorization', `Bearer ${admin}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { deleted: '7', by: 'user-123' });
    const forbidden = await request(app.callback()).delete('/users/7').set('Authorization', `Bearer ${notInGroup}`);
    expectChallenge(forbidden, { status: 403, error: 'insufficient_scope', code: 'claim_mismatch' });
  });

  it('answers 404 for routes it does not have, without asking for a token', async () => {
    assert.equal((await request(app.callback()).get('/nope')).status, 404);
    assert.equal((await request(app.callback()).delete('/users/%E0%A4%A')).status, 404);
  });
});

describe('examples/koa/server.ts run directly', () => {
  let issuer: TestIssuer;
  let child: ChildProcess | undefined;
  before(async () => {
    issuer = await createTestIssuer();
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await issuer.close();
  });

  const start = (env: Record<string, string>) =>
    spawn(process.execPath, ['--conditions=bearer-guard-source', '--import', 'tsx', fileURLToPath(new URL('../../examples/koa/server.ts', import.meta.url))], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('listens with the configuration from the environment', async () => {
    child = start({ BEARER_GUARD_ISSUER: issuer.issuer, BEARER_GUARD_AUDIENCE: issuer.audience });
    let output = '';
    child.stdout!.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: string) => {
        output += chunk;
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (found) resolve(found[0]);
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    assert.equal((await fetch(`${url}/health`)).status, 200);
    const res = await fetch(`${url}/users`, { headers: { authorization: `Bearer ${await issuer.token({ scopes: ['users:read'] })}` } });
    assert.equal(res.status, 200);
    expectChallenge(await fetch(`${url}/users`), { status: 401, error: null });
  });

  it('exits with the missing variables named when the environment has no configuration', async () => {
    const bare = start({});
    let stderr = '';
    bare.stderr!.setEncoding('utf8');
    bare.stderr!.on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(bare, 'exit')) as [number];
    assert.equal(code, 1);
    assert.match(stderr, /BEARER_GUARD_ISSUER.*BEARER_GUARD_AUDIENCE/);
  });
});
