import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRedisStore, type RedisStoreEvent } from 'bearer-guard/redis';
import { connectClients, redisUnavailableReason, type TestRedisClient, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const skip = redisUnavailableReason();
const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' }] };
const jwksUrl = 'https://idp.example/keys?api_key=s3cr3t-value';

describe('createRedisStore against a real redis-server', { skip }, () => {
  let server: RedisServer;
  let client: TestRedisClient;
  let other: TestRedisClient;

  before(async () => {
    server = await startRedisServer();
    [client, other] = (await connectClients(server, 2)) as [TestRedisClient, TestRedisClient];
  });
  after(async () => {
    for (const c of [client, other]) c.destroy();
    await server.stop();
  });

  test('a key set written by one instance is read back by another, under a key that hides the URL', async () => {
    const a = createRedisStore(client, { prefix: 'rt1:' });
    const b = createRedisStore(other, { prefix: 'rt1:' });
    const entry = { jwks, fetchedAt: 1_000, expiresAt: 61_000 };
    await a.keyCache.set(jwksUrl, entry, 60_000);
    assert.deepEqual(await b.keyCache.get(jwksUrl), entry);
    const keys = await client.keys('rt1:*');
    assert.equal(keys.length, 1);
    assert.ok(!keys[0]!.includes('s3cr3t') && !keys[0]!.includes('idp.example'), keys[0]);
    const ttl = await client.pTTL(keys[0]!);
    assert.ok(ttl > 50_000 && ttl <= 60_000, `ttl ${ttl}`);
  });

  test('a corrupt, foreign or wrongly shaped entry is a miss and is reported', async () => {
    const events: RedisStoreEvent[] = [];
    const store = createRedisStore(client, { prefix: 'rt2:', onEvent: (e) => events.push(e) });
    await store.keyCache.set(jwksUrl, { jwks, fetchedAt: 1_000, expiresAt: 2_000 }, 60_000);
    const [key] = await client.keys('rt2:jwks:*');
    for (const planted of ['{"jwks":{"keys":[]}}', '-.{not json', `-.${JSON.stringify({ jwks: { keys: ['x'] }, fetchedAt: 1, expiresAt: 2 })}`, `-.${JSON.stringify({ jwks, fetchedAt: 5, expiresAt: 1 })}`]) {
      await client.set(key!, planted);
      assert.equal(await store.keyCache.get(jwksUrl), undefined, planted);
    }
    assert.equal(events.filter((e) => e.type === 'redis_entry_rejected').length, 4);
  });

  test('with an integrity secret, an entry written without it or with another secret is a miss', async () => {
    const secret = 'a'.repeat(32);
    const signed = createRedisStore(client, { prefix: 'rt3:', integritySecret: secret });
    const unsigned = createRedisStore(other, { prefix: 'rt3:' });
    const otherSecret = createRedisStore(other, { prefix: 'rt3:', integritySecret: 'b'.repeat(32) });
    const entry = { jwks, fetchedAt: 1_000, expiresAt: 2_000 };
    await signed.keyCache.set(jwksUrl, entry, 60_000);
    assert.deepEqual(await signed.keyCache.get(jwksUrl), entry);
    assert.equal(await unsigned.keyCache.get(jwksUrl), undefined);
    assert.equal(await otherSecret.keyCache.get(jwksUrl), undefined);
    await unsigned.keyCache.set(jwksUrl, { ...entry, fetchedAt: 1_500 }, 60_000);
    assert.equal(await signed.keyCache.get(jwksUrl), undefined, 'planted entry without the MAC');
  });

  test('one lease per resource: the others get none until it is released, and a late release frees nothing of another', async () => {
    const a = createRedisStore(client, { prefix: 'rt4:' }).fleet;
    const b = createRedisStore(other, { prefix: 'rt4:' }).fleet;
    const lease = await a.tryLease(jwksUrl, 10_000);
    assert.ok(lease);
    assert.equal(await b.tryLease(jwksUrl, 10_000), undefined);
    assert.ok(await b.tryLease('https://idp.example/other', 10_000), 'another resource has its own lease');
    await lease.release();
    const second = await b.tryLease(jwksUrl, 10_000);
    assert.ok(second);
    await lease.release();
    assert.equal(await a.tryLease(jwksUrl, 10_000), undefined, "the first holder's late release must not free the second's lease");
  });

  test('a backoff written by one instance is read by all until its reset; one in the past is not written', async () => {
    const a = createRedisStore(client, { prefix: 'rt5:' }).fleet;
    const b = createRedisStore(other, { prefix: 'rt5:' }).fleet;
    const now = Date.now();
    const backoff = { retryAt: now + 30_000, code: 'idp_rate_limited' as const, description: 'keys answered 429' };
    await a.writeBackoff(jwksUrl, backoff, now);
    assert.deepEqual(await b.readBackoff(jwksUrl), backoff);
    await a.writeBackoff('https://idp.example/past', { ...backoff, retryAt: now - 1 }, now);
    assert.equal(await b.readBackoff('https://idp.example/past'), undefined);
  });

  test('the shared refresh budget allows its burst per period across instances, then refuses', async () => {
    const a = createRedisStore(client, { prefix: 'rt6:' }).fleet;
    const b = createRedisStore(other, { prefix: 'rt6:' }).fleet;
    assert.equal(await a.takeRefresh(jwksUrl, 60_000, 2), true);
    assert.equal(await b.takeRefresh(jwksUrl, 60_000, 2), true);
    assert.equal(await a.takeRefresh(jwksUrl, 60_000, 2), false);
    assert.equal(await b.takeRefresh(jwksUrl, 60_000, 2), false);
  });

  test('discovery shared; a planted jwks_uri that is not https is refused', async () => {
    const a = createRedisStore(client, { prefix: 'rt7:' }).fleet;
    await a.writeDiscovery('https://idp.example', { jwksUri: 'https://idp.example/keys', discoveredAt: 5 }, 60_000);
    assert.deepEqual(await a.readDiscovery('https://idp.example'), { jwksUri: 'https://idp.example/keys', discoveredAt: 5 });
    await a.writeDiscovery('https://idp.example', { jwksUri: 'http://evil.example/keys', discoveredAt: 5 }, 60_000);
    assert.equal(await a.readDiscovery('https://idp.example'), undefined);
  });

  test('a Redis that hangs makes every call fail within the timeout, reported once, then recovery is reported', async () => {
    const events: RedisStoreEvent[] = [];
    const store = createRedisStore(client, { prefix: 'rt8:', timeout: '100ms', onEvent: (e) => events.push(e) });
    server.pause();
    try {
      await assert.rejects(Promise.resolve(store.keyCache.get(jwksUrl)), /within 100 ms/);
      await assert.rejects(store.fleet.tryLease(jwksUrl, 1000), /within 100 ms/);
    } finally {
      server.resume();
    }
    // The commands queued while paused are answered now and a new one succeeds, though on a busy
    // machine not always within 100 ms: ask until one does (a failure while unavailable is not
    // reported again, so the events stay exactly these two).
    for (let attempt = 1; ; attempt++) {
      try {
        await store.fleet.readBackoff(jwksUrl);
        break;
      } catch (error) {
        if (attempt === 20) throw error;
      }
    }
    assert.deepEqual(events.map((e) => e.type), ['redis_unavailable', 'redis_recovered']);
  });

  test('options are checked at construction', () => {
    assert.throws(() => createRedisStore(client, { prefix: 'has space' }), /prefix/);
    assert.throws(() => createRedisStore(client, { integritySecret: 'short' }), /32 bytes/);
    assert.throws(() => createRedisStore(client, { timeout: '0ms' }), /timeout/);
    assert.throws(() => createRedisStore(client, { lease: '1s', waitForLease: '2s' }), /waitForLease/);
    assert.throws(() => createRedisStore({} as never), /node-redis client/);
  });
});
