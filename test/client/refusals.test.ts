import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TokenClientError, type TokenClientErrorCode } from '../../src/client/index.js';
import { clientSecret, rejectionOf, startClientHarness, type ClientHarness } from './fixture.js';

describe('getToken: refusals that retrying cannot fix', () => {
  let h: ClientHarness;
  before(async () => {
    h = await startClientHarness();
  });
  after(() => h.close());

  const cases: [string, Parameters<ClientHarness['scenario']>[0], TokenClientErrorCode, number, RegExp][] = [
    ['a wrong client secret', { clientSecret: 'wrong-secret-value' }, 'invalid_client', 401, /mistyped secret is the usual cause/],
    ['an unknown client id', { clientId: 'nobody' }, 'invalid_client', 401, /client 'nobody'/],
    ['a scope the client was not granted', { scope: 'orders:read admin' }, 'invalid_scope', 400, /scope 'admin orders:read'.*not been granted/],
    ['an API the client may not ask for', { resource: 'https://payroll.example.test' }, 'invalid_target', 400, /'https:\/\/payroll.example.test' is not an API/],
  ];
  for (const [name, options, code, status, description] of cases) {
    it(`fails at once on ${name} (${code}), with the cause and the fix`, async () => {
      const s = h.scenario(options);
      const error = await rejectionOf(s.client.getToken());
      assert.ok(error instanceof TokenClientError);
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(error.details.attempts, 1);
      assert.equal(error.details.serverError, code);
      assert.match(error.message, description);
      assert.match(error.message, /Not retried/);
      assert.equal(s.issuer.hits.token, 1, 'not retried');
      assert.deepEqual(s.waits, []);
      assert.ok(!error.message.includes(clientSecret) && !error.message.includes('wrong-secret-value'));
      assert.ok(!JSON.stringify(s.events).includes('wrong-secret-value'));
      assert.equal(s.eventsOf('token_gave_up')[0]?.code, code);
    });
  }

  it('shares one refusal among concurrent callers: one request, every caller rejected', async () => {
    const s = h.scenario({ clientSecret: 'wrong' });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => s.client.getToken()));
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.equal(s.issuer.hits.token, 1);
  });

  it('does not retry another 4xx and says so', async () => {
    const s = h.scenario();
    s.issuer.fail('token', { status: 403, body: '{"error":"access_denied","error_description":"Policy denies\\r\\nX-Forged: log line"}' });
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'access_denied');
    assert.match(error.message, /The server said: "Policy denies  X-Forged: log line"/, 'one line: no forged log lines');
    assert.equal(s.issuer.hits.token, 1);
  });

  it('does not follow a redirect with the credentials', async () => {
    const s = h.scenario();
    s.issuer.fail('token', { status: 307, headers: { location: 'https://evil.example.test/token' } });
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'token_request_refused');
    assert.match(error.message, /redirect/);
  });

  it('refuses a DPoP token type, not retried', async () => {
    const s = h.scenario();
    s.issuer.fail('token', { json: { access_token: 'abc', token_type: 'DPoP', expires_in: 60 } });
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'token_response_invalid');
    assert.equal(s.issuer.hits.token, 1);
  });

  it('refuses an access token that could inject header content', async () => {
    const s = h.scenario({ maxAttempts: 1 });
    s.issuer.fail('token', { json: { access_token: 'abc\r\nX-Evil: 1', token_type: 'Bearer', expires_in: 60 } });
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'token_response_invalid');
    assert.ok(!error.message.includes('X-Evil'));
  });

  it('names the missing discovery and suggests tokenEndpoint', async () => {
    const s = h.scenario({ issuer: `${h.issuer.origin}/nowhere` });
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'discovery_failed');
    assert.match(error.message, /Give tokenEndpoint to skip discovery/);
  });
});
