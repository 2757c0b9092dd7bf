import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createVerifier, type IntrospectionEvent, type IntrospectionOptions } from 'bearer-guard';
import { createRedisStore, type RedisStoreEvent } from 'bearer-guard/redis';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer } from 'bearer-guard/testing';
import { connectClients, redisUnavailableReason, writtenKeys, type TestRedisClient, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const skip = redisUnavailableReason();
const client = { clientId: 'orders-api', clientSecret: 'orders-api-secret' };
const integritySecret = 'an integrity secret of at least 32 bytes!';

/** Resolves once `condition` holds; polls real time, bounded. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('introspection results shared by the instances of a fleet through one Redis', { skip }, () => {
  let server: RedisServer;
  let clients: TestRedisClient[];
  let idp: TestIssuer;
  let clock: TestClock;
  let prefix = 0;
  let events: { introspection: IntrospectionEvent[]; redis: RedisStoreEvent[] };

  before(async () => {
    server = await startRedisServer();
    clients = await connectClients(server, 3);
  });
  after(async () => {
    await idp?.close();
    for (const c of clients) c.destroy();
    await server.stop();
  });
  beforeEach(async () => {
    await idp?.close();
    clock = createTestClock();
    idp = await createTestIssuer({ clock });
    idp.registerClient(client);
    prefix++;
    events = { introspection: [], redis: [] };
  });

  interface InstanceOptions {
    introspection?: Partial<IntrospectionOptions>;
    audience?: string;
    store?: Parameters<typeof createRedisStore>[1];
    redis?: TestRedisClient;
  }

  /** One API instance: its own verifier and Redis connection, the fleet's prefix, the test clock. */
  function instance(index: number, options: InstanceOptions = {}) {
    const shared = createRedisStore(options.redis ?? clients[index]!, {
      prefix: `si${prefix}:`,
      integritySecret,
      onEvent: (event) => events.redis.push(event),
      ...options.store,
    });
    return createVerifier({
      issuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, introspection: { client, shared, ...options.introspection } }],
      audience: options.audience ?? idp.audience,
      clock: clock.now,
      onIntrospectionEvent: (event) => events.introspection.push(event),
    });
  }

  const sharedHits = () => events.introspection.filter((e) => e.type === 'introspection_cache_hit' && e.shared);

  test('instance A introspects a token, instance B finds the answer in Redis: one call for the fleet', async () => {
    const [a, b, c] = [instance(0), instance(1), instance(2)];
    const token = idp.opaqueToken({ scopes: 'orders:read', subject: 'user-7' });
    const first = await a.verify(token);
    assert.deepEqual(first.scopes, ['orders:read']);
    assert.equal(idp.hits.introspection, 1);
    for (const other of [b, c]) {
      const result = await other.verify(token);
      assert.deepEqual(result.scopes, ['orders:read']);
      assert.equal(result.subject, 'user-7');
    }
    assert.equal(idp.hits.introspection, 1, 'the other instances took the answer from Redis');
    assert.equal(sharedHits().length, 2);
    // Once adopted, the answer is in B's own cache: no more Redis reads for it.
    await b.verify(token);
    assert.equal(sharedHits().length, 2);
  });

  test('requests for one new token arriving at every instance at once cause one introspection call', async () => {
    const fleet = [instance(0), instance(1), instance(2)];
    const token = idp.opaqueToken({ scopes: 'orders:read' });
    idp.fail('introspection', 'hang');
    const pending = fleet.flatMap((verifier) => Array.from({ length: 20 }, () => codeOf(verifier.verify(token))));
    await until(() => idp.hits.introspection >= 1, 'the lease holder\'s call');
    // Give the other instances time to find the lease taken and start waiting for its answer.
    await new Promise((resolve) => setTimeout(resolve, 100));
    idp.restore('introspection');
    const outcomes = await Promise.all(pending);
    assert.deepEqual(new Set(outcomes), new Set(['accepted']));
    assert.equal(idp.hits.introspection, 1);
  });

  test('the reader checks a shared answer itself: an instance of another audience refuses the token', async () => {
    const a = instance(0);
    const other = instance(1, { audience: 'https://other-api.example.test' });
    const token = idp.opaqueToken({ scopes: 'orders:read' });
    await a.verify(token);
    assert.equal(await codeOf(other.verify(token)), 'audience_mismatch');
    assert.equal(idp.hits.introspection, 1, 'the refusal came from the shared answer, checked locally');
  });

  test('an inactive answer is shared briefly (inactiveMaxAge), then asked again', async () => {
    const [a, b] = [instance(0, { introspection: { cache: { inactiveMaxAge: '10s' } } }), instance(1, { introspection: { cache: { inactiveMaxAge: '10s' } } })];
    const token = idp.opaqueToken();
    idp.revoke(token);
    assert.equal(await codeOf(a.verify(token)), 'token_inactive');
    clock.advance(9_000);
    assert.equal(await codeOf(b.verify(token)), 'token_inactive');
    assert.equal(idp.hits.introspection, 1);
    clock.advance(1_000);
    assert.equal(await codeOf(b.verify(token)), 'token_inactive');
    assert.equal(idp.hits.introspection, 2, 'ten seconds after A asked, the shared refusal is gone');
  });

  test('revocation latency across the fleet is cache.maxAge, counted from the call that another instance made', async () => {
    const [a, b] = [instance(0, { introspection: { cache: { maxAge: '30s' } } }), instance(1, { introspection: { cache: { maxAge: '30s' } } })];
    const token = idp.opaqueToken({ scopes: 'orders:read', expiresIn: '1h' });
    await a.verify(token);
    idp.revoke(token);
    clock.advance(29_000);
    assert.equal(await codeOf(b.verify(token)), 'accepted', 'within 30 s of A\'s call, the revocation is not seen yet (the documented latency)');
    assert.equal(idp.hits.introspection, 1);
    clock.advance(1_000);
    assert.equal(await codeOf(b.verify(token)), 'token_inactive', '30 s after A\'s call, B asks and sees the revocation');
    assert.equal(idp.hits.introspection, 2);
  });

  test('each reader applies its own maxAge to a shared answer: an instance with 5 s asks again after 5 s', async () => {
    const a = instance(0, { introspection: { cache: { maxAge: '60s' } } });
    const strict = instance(1, { introspection: { cache: { maxAge: '5s' } } });
    const token = idp.opaqueToken({ scopes: 'orders:read', expiresIn: '1h' });
    await a.verify(token);
    clock.advance(4_000);
    assert.equal(await codeOf(strict.verify(token)), 'accepted');
    assert.equal(idp.hits.introspection, 1);
    idp.revoke(token);
    clock.advance(1_000);
    assert.equal(await codeOf(strict.verify(token)), 'token_inactive', 'a 5 s old answer is too old for this instance');
    assert.equal(idp.hits.introspection, 2);
  });

  test('a shared answer is not used past the token\'s exp plus the clock tolerance', async () => {
    const [a, b] = [instance(0, { introspection: { cache: { maxAge: '10m' } } }), instance(1, { introspection: { cache: { maxAge: '10m' } } })];
    const token = idp.opaqueToken({ expiresIn: '90s' });
    await a.verify(token);
    // The default clock tolerance is 60 s.
    clock.advance(149_000);
    assert.equal(await codeOf(b.verify(token)), 'accepted');
    assert.equal(idp.hits.introspection, 1);
    clock.advance(1_000);
    assert.equal(await codeOf(b.verify(token)), 'token_inactive');
    assert.equal(idp.hits.introspection, 2);
  });

  test('a corrupted or tampered entry is a miss: the instance introspects itself', async () => {
    const [a, b] = [instance(0), instance(1)];
    const token = idp.opaqueToken({ scopes: 'orders:read' });
    await a.verify(token);
    const [key] = await writtenKeys(clients[2]!, `si${prefix}:introspection:*`);
    assert.ok(key, 'the answer is in Redis');
    const stored = (await clients[2]!.get(key))!;
    assert.equal(stored.includes(token), false, 'Redis never holds the token');
    // Widen the scopes, keeping the MAC: the entry no longer matches it.
    await clients[2]!.set(key, stored.replace('"orders:read"', '"orders:read orders:admin"'), { PX: 60_000 });
    assert.deepEqual((await b.verify(token)).scopes, ['orders:read']);
    assert.equal(idp.hits.introspection, 2);
    assert.ok(events.redis.some((e) => e.type === 'redis_entry_rejected' && e.kind === 'introspection'));

    const second = idp.opaqueToken({ scopes: 'orders:read' });
    await a.verify(second);
    const keys = await writtenKeys(clients[2]!, `si${prefix}:introspection:*`, 2);
    for (const k of keys) await clients[2]!.set(k, 'not a sealed entry', { PX: 60_000 });
    await instance(1).verify(second);
    assert.equal(idp.hits.introspection, 4);
  });

  test('a lease holder that never answers delays the others by at most waitForLease; then they ask themselves', async () => {
    const store = { waitForLease: '300ms' };
    const a = instance(0, { store, introspection: { timeout: '20s' } });
    const b = instance(1, { store });
    const token = idp.opaqueToken({ scopes: 'orders:read' });
    idp.fail('introspection', 'hang', { once: true });
    const stuck = codeOf(a.verify(token));
    await until(() => idp.hits.introspection === 1, 'the lease holder\'s call');
    assert.equal(await codeOf(b.verify(token)), 'accepted');
    assert.equal(idp.hits.introspection, 2);
    idp.restore('introspection');
    assert.equal(await stuck, 'accepted');
  });

  test('a slow (paused) Redis: each instance introspects on its own, answers stay correct, an event says so', async () => {
    const store = { timeout: '100ms' };
    const [a, b] = [instance(0, { store }), instance(1, { store })];
    const token = idp.opaqueToken({ scopes: 'orders:read' });
    server.pause();
    try {
      assert.deepEqual((await a.verify(token)).scopes, ['orders:read']);
      assert.deepEqual((await b.verify(token)).scopes, ['orders:read']);
      const revoked = idp.opaqueToken();
      idp.revoke(revoked);
      assert.equal(await codeOf(b.verify(revoked)), 'token_inactive');
    } finally {
      server.resume();
    }
    assert.equal(idp.hits.introspection, 3, 'each instance asked for itself');
    assert.ok(events.redis.some((e) => e.type === 'redis_unavailable'));
  });

  test('a stopped Redis: each instance introspects on its own and answers correctly', async () => {
    const gone = await startRedisServer();
    const own = await connectClients(gone, 2);
    try {
      const [a, b] = own.map((redis) => instance(0, { redis, store: { timeout: '100ms' } }));
      const token = idp.opaqueToken({ scopes: 'orders:read' });
      await a!.verify(token);
      await gone.stop();
      assert.deepEqual((await b!.verify(token)).scopes, ['orders:read']);
      assert.equal(idp.hits.introspection, 2);
      assert.equal(await codeOf(b!.verify('not-a-token-the-idp-knows')), 'token_inactive');
      assert.ok(events.redis.some((e) => e.type === 'redis_unavailable'));
    } finally {
      for (const c of own) c.destroy();
      await gone.stop();
    }
  });
});

describe('introspection.shared is checked at construction', () => {
  test('a store without an introspection cache, or shared with cache: false, is a TypeError', () => {
    const base = { issuer: 'https://idp.example.test', jwksUri: 'https://idp.example.test/jwks' };
    const make = (introspection: Partial<IntrospectionOptions>) => () =>
      createVerifier({ issuers: [{ ...base, introspection: { client, ...introspection } as IntrospectionOptions }], audience: 'api' });
    assert.throws(make({ shared: {} as never }), /introspection\.shared must be a shared store such as createRedisStore/);
    const store = createRedisStore({ send: () => Promise.resolve(null) });
    assert.throws(make({ shared: store, cache: false }), /introspection\.shared needs the result cache/);
    assert.doesNotThrow(make({ shared: store }));
  });
});
