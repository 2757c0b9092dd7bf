import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TokenClientError } from '../../src/client/index.js';
import { rejectionOf, second, startClientHarness, type ClientHarness, type Scenario, waitFor } from './fixture.js';
import { fetchAbandoningOnly } from '../helpers/busy-machine.js';

const epochIn = (s: Scenario, seconds: number): string => String(Math.floor(s.clock.now() / 1000) + seconds);

describe('getToken: backoff as the IdP asks', () => {
  let h: ClientHarness;
  before(async () => {
    h = await startClientHarness();
  });
  after(() => h.close());

  const resets: [string, (s: Scenario) => string][] = [
    ['Retry-After (seconds)', () => '10'],
    ["Okta's x-rate-limit-reset", (s) => epochIn(s, 10)],
    ["Auth0's x-ratelimit-reset", (s) => epochIn(s, 10)],
  ];
  for (const [name, value] of resets) {
    it(`waits until ${name} 10 s ahead and makes no token request before that moment`, async () => {
      const s = h.scenario();
      const header = name.startsWith('Retry') ? 'retry-after' : name.includes('Okta') ? 'x-rate-limit-reset' : 'x-ratelimit-reset';
      const limitedAt = s.clock.now();
      s.issuer.fail('token', { status: 429, headers: { [header]: value(s) } }, { once: true });
      const token = await s.client.getToken();
      assert.ok(token.length > 0);
      assert.equal(s.issuer.hits.token, 2, 'the 429, then one request after the reset');
      assert.deepEqual(s.waits, [10 * second]);
      assert.equal(s.clock.now(), limitedAt + 10 * second, 'the second request went out exactly at the reset');
      const limited = s.eventsOf('token_rate_limited');
      assert.deepEqual(limited.map((e) => [e.status, e.retryAt, e.source]), [[429, limitedAt + 10 * second, 'token_endpoint']]);
    });
  }

  it('holds back every target of the client while it waits for the reset', async () => {
    const s = h.scenario();
    const pending: (() => void)[] = [];
    const client = s.clientWith({
      sleep: (ms) => {
        s.waits.push(ms);
        return new Promise<void>((resolve) => pending.push(resolve));
      },
    });
    s.issuer.fail('token', { status: 429, headers: { 'x-rate-limit-reset': epochIn(s, 10) } }, { once: true });
    const read = client.getToken({ scope: 'orders:read' });
    await waitFor(() => pending.length === 1);
    const write = client.getToken({ scope: 'orders:write' });
    await waitFor(() => pending.length === 2);
    assert.equal(s.issuer.hits.token, 1, 'the other scope waits too: no request before the reset');
    assert.deepEqual(s.waits, [10 * second, 10 * second]);
    s.clock.advance(10 * second);
    for (const resume of pending) resume();
    await Promise.all([read, write]);
    assert.equal(s.issuer.hits.token, 3);
  });

  it('survives clock skew: the reset is measured against the server Date, not our clock', async () => {
    const s = h.scenario();
    // The issuer shares our clock; our client's clock runs 2 minutes ahead of it.
    const skewed = () => s.clock.now() + 120 * second;
    const client = s.clientWith({ clock: skewed });
    s.issuer.fail('token', { status: 429, headers: { 'x-rate-limit-reset': epochIn(s, 10) } }, { once: true });
    await client.getToken();
    assert.deepEqual(s.waits, [10 * second], 'our clock alone would have said the reset passed 110 s ago');
  });

  it('no further token request before a reset that is beyond the deadline: fails fast, and so do later calls', async () => {
    const s = h.scenario({ deadline: '30s' });
    s.issuer.fail('token', { status: 429, headers: { 'x-rate-limit-reset': epochIn(s, 60) } });
    const error = await rejectionOf(s.client.getToken());
    assert.ok(error instanceof TokenClientError);
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAt, s.clock.now() + 60 * second);
    assert.equal(s.issuer.hits.token, 1);
    s.issuer.restore();
    s.clock.advance(20 * second);
    const again = await rejectionOf(s.client.getToken());
    assert.equal((again as unknown as TokenClientError).code, 'rate_limited');
    assert.equal(s.issuer.hits.token, 1, 'still before the reset: no request');
    s.clock.advance(15 * second); // 25 s left: within the deadline, so the client waits
    await s.client.getToken();
    assert.equal(s.issuer.hits.token, 2);
    assert.deepEqual(s.waits, [25 * second]);
    assert.equal(s.eventsOf('token_gave_up').length, 2);
  });

  it('backs off exponentially with full jitter on 503 without a hint, then succeeds', async () => {
    const s = h.scenario();
    s.issuer.fail('token', { status: 503 });
    const randoms = [0.9, 0.1, 0.5];
    const client = s.clientWith({
      random: () => randoms.shift() ?? 0,
      sleep: async (ms) => {
        s.waits.push(ms);
        s.clock.advance(ms);
        if (s.waits.length === 3) s.issuer.restore();
      },
    });
    await client.getToken();
    assert.deepEqual(s.waits, [450, 100, 1000], 'random × 500 ms, × 1 s, × 2 s');
    assert.equal(s.issuer.hits.token, 4);
  });

  it('gives up after maxAttempts with token_endpoint_unavailable', async () => {
    const s = h.scenario({ maxAttempts: 3 });
    s.issuer.fail('token', { status: 502 });
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'token_endpoint_unavailable');
    assert.equal(error.details.attempts, 3);
    assert.equal(error.status, 502);
    assert.equal(s.issuer.hits.token, 3);
    assert.equal(s.eventsOf('token_request_failed').length, 2);
    assert.equal(s.eventsOf('token_gave_up')[0]?.attempts, 3);
  });

  it('stops at the overall deadline even with attempts left', async () => {
    const s = h.scenario({ deadline: '3s', maxAttempts: 10, random: () => 0.99 });
    s.issuer.fail('token', 'reset');
    const error = (await rejectionOf(s.client.getToken())) as unknown as TokenClientError;
    assert.equal(error.code, 'token_endpoint_unavailable');
    assert.match(error.message, /could not be reached/);
    // 495 + 990 + 1980 > 3000: the third wait would pass the deadline.
    assert.deepEqual(s.waits, [495, 990]);
    assert.equal(s.issuer.hits.token, 3, 'three requests, each connection reset');
  });

  it('retries garbage (an HTML page with 200) and then takes the real answer', async () => {
    const s = h.scenario();
    s.issuer.fail('token', 'garbage', { once: true });
    await s.client.getToken();
    assert.equal(s.issuer.hits.token, 2);
    assert.equal(s.eventsOf('token_request_failed')[0]?.code, 'token_response_invalid');
  });

  it('abandons a hanging token request after the timeout and retries', async () => {
    // Only a token request made before the issuer has parked one may be abandoned, so the retry does
    // not race the 200 ms timer (and a request a busy machine abandons before the issuer reads it
    // leaves the fault for the next one).
    const s = h.scenario({ timeout: '200ms', fetch: fetchAbandoningOnly((_input, init) => init?.method === 'POST' && s.issuer.hits.token === 0) });
    s.issuer.fail('token', 'hang', { once: true });
    await s.client.getToken();
    assert.equal(s.issuer.hits.token, 2);
    assert.match(String(s.eventsOf('token_request_failed')[0]?.code), /token_endpoint_unavailable/);
  });

  it('waits as a 429 on discovery asks, then finds the endpoint', async () => {
    const s = h.scenario();
    s.issuer.fail('discovery', { status: 429, headers: { 'retry-after': '7' } }, { once: true });
    await s.client.getToken();
    assert.deepEqual(s.waits, [7 * second]);
    assert.equal(s.eventsOf('token_rate_limited')[0]?.source, 'discovery');
  });
});

