import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { resolveOptions } from '../../src/core/index.js';
import { issuerExpectations } from '../../src/core/claims/accept-claims.js';
import { createIntrospector, type IntrospectionOutcome } from '../../src/core/introspection/introspector.js';
import type { IntrospectionEvent } from '../../src/core/introspection/introspection-events.js';
import type { IntrospectionOptions } from '../../src/core/introspection/introspection-options.js';
import { resolveIntrospection } from '../../src/core/introspection/resolve-introspection.js';
import { createTestClock, type TestClock } from '../../src/testing/index.js';
import { startCountingEndpoint, type CountingEndpoint } from '../helpers/counting-endpoint.js';
import { busyMachineTimeout } from '../helpers/busy-machine.js';

const issuer = 'https://idp.example.test';
const audience = 'https://api.example.test';
const client = { clientId: 'orders-api', clientSecret: 'orders-api-secret' };

describe('introspector: one issuer\'s introspection calls, cache and limits', () => {
  let endpoint: CountingEndpoint;
  let clock: TestClock;
  let events: IntrospectionEvent[];
  before(async () => {
    endpoint = await startCountingEndpoint();
  });
  after(() => endpoint.close());
  beforeEach(() => {
    endpoint.calls.length = 0;
    clock = createTestClock();
    events = [];
  });

  const nowSec = () => Math.floor(clock.now() / 1000);
  const activeBody = (members: Record<string, unknown> = {}) =>
    JSON.stringify({ active: true, iss: issuer, aud: audience, sub: 'user-1', client_id: 'app-1', scope: 'orders:read orders:write', exp: nowSec() + 3600, ...members });

  function introspector(options: Partial<IntrospectionOptions> = {}, extra: { clockTolerance?: number } = {}) {
    const resolved = resolveOptions({ issuers: issuer, audience, clock: clock.now, clockTolerance: extra.clockTolerance ?? 60, keys: { errorBackoff: '10s', timeout: busyMachineTimeout } });
    const config = resolveIntrospection({ endpoint: endpoint.url, client, ...options }, 'introspection', { keys: resolved.keys, clock: clock.now });
    return createIntrospector({
      issuer,
      config,
      expectations: issuerExpectations(resolved.issuers.get(issuer)!, resolved),
      jwtExpectations: { issuer, audiences: [audience], algorithms: new Set(['RS256']), keysFor: () => Promise.reject(new Error('no keys in this test')) },
      fetch: globalThis.fetch,
      clock: clock.now,
      emit: (event) => events.push(event),
    });
  }
  const run = async (outcome: IntrospectionOutcome | Promise<IntrospectionOutcome>) => outcome;

  it('sends the token as a form POST with the hint and the client\'s Basic credentials, and reads scopes, sub and client_id', async () => {
    endpoint.answer = () => ({ body: activeBody() });
    const outcome = await run(introspector().introspect('opaque-token-1'));
    assert.equal(outcome.failure, undefined);
    assert.deepEqual(outcome.accepted!.scopes, ['orders:read', 'orders:write']);
    assert.equal(outcome.accepted!.subject, 'user-1');
    assert.equal(outcome.accepted!.clientId, 'app-1');
    assert.equal(outcome.accepted!.issuer, issuer);
    assert.equal(endpoint.calls.length, 1);
    const call = endpoint.calls[0]!;
    assert.equal(call.form.get('token'), 'opaque-token-1');
    assert.equal(call.form.get('token_type_hint'), 'access_token');
    assert.equal(call.headers.authorization, `Basic ${Buffer.from('orders-api:orders-api-secret').toString('base64')}`);
    assert.equal(call.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(call.headers.accept, 'application/json');
  });

  it('client_secret_post puts the credentials in the form instead, and tokenTypeHint: false sends no hint', async () => {
    endpoint.answer = () => ({ body: activeBody() });
    await run(introspector({ client: { ...client, authMethod: 'client_secret_post' }, tokenTypeHint: false }).introspect('t'));
    const call = endpoint.calls[0]!;
    assert.equal(call.headers.authorization, undefined);
    assert.equal(call.form.get('client_id'), 'orders-api');
    assert.equal(call.form.get('client_secret'), 'orders-api-secret');
    assert.equal(call.form.has('token_type_hint'), false);
  });

  it('200 concurrent requests with the same new token cause one call, and all are accepted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    endpoint.answer = async () => {
      await gate;
      return { body: activeBody() };
    };
    const i = introspector();
    const pending = Array.from({ length: 200 }, () => run(i.introspect('same-new-token')));
    // Let every request reach the introspector before the endpoint answers.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const outcomes = await Promise.all(pending);
    assert.equal(endpoint.calls.length, 1);
    assert.ok(outcomes.every((o) => o.accepted?.subject === 'user-1'));
  });

  it('a flood of distinct unknown tokens is bounded by maxCallsPerSecond: the rest get 503 at once, not a queue', async () => {
    endpoint.answer = () => ({ body: '{"active":false}' });
    const i = introspector({ maxCallsPerSecond: 5 });
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, n) => run(i.introspect(`forged-${n}`))));
    assert.equal(endpoint.calls.length, 5);
    const refused = outcomes.filter((o) => o.failure?.code === 'introspection_budget_exceeded');
    assert.equal(refused.length, 95);
    assert.ok(refused.every((o) => o.failure!.retryAt! > clock.now() && o.failure!.retryAt! <= clock.now() + 1000));
    assert.equal(outcomes.filter((o) => o.failure?.code === 'token_inactive').length, 5);
    assert.equal(events.filter((e) => e.type === 'introspection_budget_exhausted').length, 1);
    clock.advance(1000);
    await Promise.all(Array.from({ length: 20 }, (_, n) => run(i.introspect(`later-${n}`))));
    assert.equal(endpoint.calls.length, 10, 'a second later, the budget allows another 5 calls');
  });

  it('an active result is cached for cache.maxAge, then asked again', async () => {
    endpoint.answer = () => ({ body: activeBody() });
    const i = introspector({ cache: { maxAge: '30s' } });
    await run(i.introspect('t'));
    clock.advance(29_000);
    const cached = await run(i.introspect('t'));
    assert.equal(cached.cached, true);
    assert.equal(endpoint.calls.length, 1);
    clock.advance(1_000);
    const fresh = await run(i.introspect('t'));
    assert.equal(fresh.cached, false);
    assert.equal(endpoint.calls.length, 2);
    assert.deepEqual(events.filter((e) => e.type === 'introspection_cache_hit'), [{ type: 'introspection_cache_hit', issuer, accepted: true }]);
  });

  it('an active result is never cached past exp plus the clock tolerance', async () => {
    endpoint.answer = () => ({ body: activeBody({ exp: nowSec() + 5 }) });
    const i = introspector({ cache: { maxAge: '10m' } }, { clockTolerance: 10 });
    await run(i.introspect('t'));
    clock.advance(14_000);
    assert.equal((await run(i.introspect('t'))).cached, true);
    clock.advance(1_000);
    await run(i.introspect('t'));
    assert.equal(endpoint.calls.length, 2);
  });

  it('an inactive answer is a 401 token_inactive, cached for inactiveMaxAge only', async () => {
    endpoint.answer = () => ({ body: '{"active":false}' });
    const i = introspector({ cache: { maxAge: '5m', inactiveMaxAge: '10s' } });
    const first = await run(i.introspect('revoked'));
    assert.equal(first.failure?.code, 'token_inactive');
    assert.match(first.failure!.description, /not active \(revoked, expired, or unknown to it\)/);
    clock.advance(9_000);
    assert.equal((await run(i.introspect('revoked'))).failure?.code, 'token_inactive');
    assert.equal(endpoint.calls.length, 1);
    clock.advance(1_000);
    await run(i.introspect('revoked'));
    assert.equal(endpoint.calls.length, 2);
  });

  it('an answer whose heap cost passes a sixteenth of the cache (16 000 nested empty arrays in 48 KB) is not kept', async () => {
    // About 80 heap bytes per 3 JSON bytes: priced by its shape, not its length, it costs over 1 MiB.
    const members = { nested: Array.from({ length: 16_000 }, () => []) };
    endpoint.answer = () => ({ body: activeBody(members) });
    const i = introspector();
    assert.ok((await run(i.introspect('huge'))).accepted);
    assert.ok((await run(i.introspect('huge'))).accepted);
    assert.equal(endpoint.calls.length, 2, 'the huge answer was not cached');
    endpoint.answer = () => ({ body: activeBody({ nested: [[], []] }) });
    await run(i.introspect('small'));
    await run(i.introspect('small'));
    assert.equal(endpoint.calls.length, 3, 'an ordinary answer is cached');
  });

  it('cache: false asks the endpoint for every request', async () => {
    endpoint.answer = () => ({ body: activeBody() });
    const i = introspector({ cache: false });
    await run(i.introspect('t'));
    await run(i.introspect('t'));
    assert.equal(endpoint.calls.length, 2);
  });

  for (const [name, headers, waitSeconds] of [
    ['Retry-After', { 'retry-after': '17' }, 17],
    ['x-rate-limit-reset (Okta)', 'okta', 40],
    ['x-ratelimit-reset (Auth0)', 'auth0', 25],
  ] as const) {
    it(`429 with ${name}: 503 introspection_rate_limited, no call before the reset, then asked again`, async () => {
      const reset = (s: number) => String(Math.floor(clock.now() / 1000) + s);
      const hint: Record<string, string> = headers === 'okta' ? { 'x-rate-limit-reset': reset(40) } : headers === 'auth0' ? { 'x-ratelimit-reset': reset(25) } : headers;
      endpoint.answer = () => ({ status: 429, headers: hint, body: '{"error":"too_many_requests"}' });
      const i = introspector();
      const first = await run(i.introspect('a'));
      assert.equal(first.failure?.code, 'introspection_rate_limited');
      assert.equal(first.failure!.retryAt, clock.now() + waitSeconds * 1000);
      clock.advance(waitSeconds * 1000 - 1);
      assert.equal((await run(i.introspect('b'))).failure?.code, 'introspection_rate_limited');
      assert.equal(endpoint.calls.length, 1);
      clock.advance(1);
      endpoint.answer = () => ({ body: activeBody() });
      assert.ok((await run(i.introspect('b'))).accepted);
      assert.equal(endpoint.calls.length, 2);
      const failed = events.find((e) => e.type === 'introspection_failed');
      assert.deepEqual(failed && { ...failed }, {
        type: 'introspection_failed', issuer, endpoint: endpoint.url, code: 'introspection_rate_limited', status: 429, reason: 'HTTP 429', retryAfterSeconds: waitSeconds, configurationError: false,
      });
    });
  }

  it('a cached active token keeps being accepted while the endpoint rate-limits', async () => {
    endpoint.answer = () => ({ body: activeBody() });
    const i = introspector();
    await run(i.introspect('known'));
    endpoint.answer = () => ({ status: 503, headers: { 'retry-after': '60' }, body: '' });
    assert.equal((await run(i.introspect('unknown'))).failure?.code, 'introspection_rate_limited');
    assert.ok((await run(i.introspect('known'))).accepted);
  });

  it('401 from the endpoint is our configuration error: 503 introspection_client_rejected, said so in the event', async () => {
    endpoint.answer = () => ({ status: 401, headers: { 'www-authenticate': 'Basic' }, body: '{"error":"invalid_client"}' });
    const outcome = await run(introspector().introspect('opaque-value-xyz'));
    assert.equal(outcome.failure?.code, 'introspection_client_rejected');
    assert.equal(outcome.failure!.retryAt, clock.now() + 10_000);
    const failed = events.find((e) => e.type === 'introspection_failed');
    assert.equal(failed?.type === 'introspection_failed' && failed.configurationError, true);
    assert.doesNotMatch(JSON.stringify(events) + outcome.failure!.description, /orders-api-secret|opaque-value-xyz/);
  });

  for (const [what, body, reason] of [
    ['not JSON', '<html>busy</html>', /not JSON/],
    ['without active', '{"scope":"a"}', /no "active" member/],
    ['with a string active', '{"active":"true"}', /not a boolean/],
    ['with active twice', '{"active":false,"active":true}', /repeats a member/],
  ] as const) {
    it(`a response ${what} is the IdP's failure: 503 introspection_response_invalid`, async () => {
      endpoint.answer = () => ({ body });
      const outcome = await run(introspector().introspect('t'));
      assert.equal(outcome.failure?.code, 'introspection_response_invalid');
      assert.match(outcome.failure!.description, reason);
    });
  }

  it('a 500 or a connection reset is 503 introspection_unavailable', async () => {
    endpoint.answer = () => ({ status: 500, body: 'oops' });
    assert.equal((await run(introspector().introspect('t'))).failure?.code, 'introspection_unavailable');
  });

  it('an endpoint that does not answer within the timeout is 503 introspection_unavailable', async () => {
    endpoint.answer = () => 'hang';
    const outcome = await run(introspector({ timeout: '200ms' }).introspect('t'));
    assert.equal(outcome.failure?.code, 'introspection_unavailable');
    assert.match(outcome.failure!.description, /no answer within 200 ms/);
  });

  for (const [what, members, code] of [
    ['iss names another issuer', { iss: 'https://other.example' }, 'introspection_issuer_mismatch'],
    ['token_type is a refresh token', { token_type: 'refresh_token' }, 'refresh_token_presented'],
    ['aud is another API', { aud: 'https://other-api.example' }, 'audience_mismatch'],
    ['aud is missing', { aud: undefined }, 'audience_missing'],
    ['exp has passed beyond the tolerance', { exp: 1000 }, 'token_expired'],
    ['nbf lies ahead beyond the tolerance', { nbf: 4_000_000_000 }, 'token_not_yet_valid'],
    ['cnf binds it to a key', { cnf: { jkt: 'abc' } }, 'token_sender_constrained'],
    ['scope is not a string', { scope: 7 }, 'claim_invalid'],
  ] as const) {
    it(`an active response is still refused when ${what} (${code})`, async () => {
      endpoint.answer = () => ({ body: activeBody(members) });
      const outcome = await run(introspector().introspect('t'));
      assert.equal(outcome.failure?.code, code);
    });
  }

  it('an active response without exp or iss is accepted; iss is the issuer asked', async () => {
    endpoint.answer = () => ({ body: activeBody({ exp: undefined, iss: undefined }) });
    const outcome = await run(introspector().introspect('t'));
    assert.equal(outcome.accepted?.claims.iss, issuer);
    assert.equal(outcome.accepted?.claims.active, undefined);
  });

  it('events never carry the token', async () => {
    const token = 'secret-opaque-token-value';
    endpoint.answer = () => ({ body: activeBody() });
    const i = introspector();
    await run(i.introspect(token));
    await run(i.introspect(token));
    endpoint.answer = () => ({ status: 500, body: token });
    await run(i.introspect(`${token}-2`));
    assert.ok(events.length >= 3);
    assert.doesNotMatch(JSON.stringify(events), /secret-opaque-token-value/);
  });
});
