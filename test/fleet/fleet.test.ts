import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createClient } from 'redis';
import { createTestIssuer, type TestIssuer } from 'bearer-guard/testing';
import { connectClients, redisUnavailableReason, startRedisServer, writtenKeys, type RedisServer } from '../helpers/redis-server.js';
import { configureFleet, startFleet, startInstance, stopFleet, type FleetInstance, type InstanceConfig } from './fleet-processes.js';

const skip = redisUnavailableReason();
const fleetSize = 8;

async function statuses(instances: readonly FleetInstance[], token: string) {
  return Promise.all(instances.map((instance) => instance.get(token)));
}

describe(`a fleet of ${fleetSize} API processes sharing one Redis`, { skip }, () => {
  let redis: RedisServer;
  let fleet: FleetInstance[];
  let issuer: TestIssuer;
  let shared: InstanceConfig;

  before(async () => {
    [redis, fleet] = await Promise.all([startRedisServer(), startFleet(fleetSize)]);
  });
  after(async () => {
    await stopFleet(fleet);
    await redis.stop();
  });
  beforeEach(async () => {
    issuer = await createTestIssuer();
    shared = { issuer: issuer.issuer, audience: issuer.audience, redisUrl: redis.url };
  });
  afterEach(async () => {
    redis.resume();
    await issuer.close();
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.flushAll();
    client.destroy();
  });

  test('cold instances cost the IdP one discovery and one JWKS fetch in total', async () => {
    await configureFleet(fleet, shared);
    const answers = await statuses(fleet, await issuer.token());
    assert.deepEqual(answers.map((a) => a.status), Array(fleetSize).fill(200));
    assert.equal(issuer.hits.jwks, 1, 'JWKS requests');
    assert.equal(issuer.hits.discovery, 1, 'discovery requests');
  });

  test('without the shared store the same fleet costs one discovery and one JWKS fetch per instance', async () => {
    const { redisUrl: _, ...alone } = shared;
    await configureFleet(fleet, alone);
    const answers = await statuses(fleet, await issuer.token());
    assert.deepEqual(answers.map((a) => a.status), Array(fleetSize).fill(200));
    assert.equal(issuer.hits.jwks, fleetSize);
    assert.equal(issuer.hits.discovery, fleetSize);
  });

  test('a 429 heard by one instance stops the whole fleet until the reset, all answering 503 with the same Retry-After', async () => {
    await configureFleet(fleet, shared);
    const reset = Math.ceil(Date.now() / 1000) + 30;
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': String(reset) } });
    const token = await issuer.token();
    const first = await fleet[0]!.get(token);
    assert.equal(first.status, 503);
    // The first instance answered before its backoff reached Redis (a shared write never holds a request).
    const [client] = await connectClients(redis, 1);
    await writtenKeys(client!, 'bearer-guard:backoff:*');
    client!.destroy();
    const rest = await statuses(fleet.slice(1), token);
    assert.deepEqual(rest.map((a) => a.status), Array(fleetSize - 1).fill(503));
    assert.equal(issuer.hits.jwks, 1, 'only the first instance asked the IdP');
    const retryAfters = [first, ...rest].map((a) => Number(a.retryAfter));
    const expected = reset - Date.now() / 1000;
    // Each instance counts down to the same reset; they answered within moments of each other.
    assert.ok(Math.max(...retryAfters) - Math.min(...retryAfters) <= 2, `Retry-After values ${retryAfters}`);
    assert.ok(retryAfters.every((s) => s >= expected - 2 && s <= expected + 2), `Retry-After values ${retryAfters}, reset in ${expected}s`);
  });

  test('one opaque token sent to every instance at once costs one introspection call with the shared store, one per instance without', async () => {
    const introspectionClient = { clientId: 'fleet-api', clientSecret: 'fleet-api-secret' };
    issuer.registerClient(introspectionClient);
    // A long wait for the lease holder: on a busy machine its first call (discovery included) is slow.
    await configureFleet(fleet, { ...shared, introspectionClient, lease: '60s', waitForLease: '30s' });
    const answers = await statuses(fleet, issuer.opaqueToken({ subject: 'opaque-user' }));
    assert.deepEqual(answers.map((a) => a.status), Array(fleetSize).fill(200));
    assert.ok(answers.every((a) => JSON.parse(a.body).sub === 'opaque-user'));
    assert.equal(issuer.hits.introspection, 1, 'introspection calls with the shared store');

    const { redisUrl: _, ...alone } = shared;
    await configureFleet(fleet, { ...alone, introspectionClient });
    const lone = await statuses(fleet, issuer.opaqueToken({ subject: 'opaque-user' }));
    assert.deepEqual(lone.map((a) => a.status), Array(fleetSize).fill(200));
    assert.equal(issuer.hits.introspection, 1 + fleetSize, 'introspection calls of lone instances');
  });

  test('a corrupted shared entry is a miss: the instance fetches the keys itself', async () => {
    await configureFleet(fleet.slice(0, 2), shared);
    const token = await issuer.token();
    assert.equal((await fleet[0]!.get(token)).status, 200);
    const client = createClient({ url: redis.url });
    await client.connect();
    // The first instance answered before its write reached Redis (a shared write never holds a request).
    for (const key of await writtenKeys(client, 'bearer-guard:jwks:*')) await client.set(key, '-.{"jwks":{"keys":[{"kty":"oct","k":"AAAA"}]},"fetchedAt":9e12,"expiresAt":9.1e12}');
    client.destroy();
    assert.equal((await fleet[1]!.get(token)).status, 200);
    assert.equal(issuer.hits.jwks, 2, 'the second instance fetched for itself');
  });

  test('a hanging Redis: every instance keeps answering correctly, alone, within its timeouts', async () => {
    await configureFleet(fleet.slice(0, 3), shared);
    const token = await issuer.token();
    assert.deepEqual((await statuses(fleet.slice(0, 3), token)).map((a) => a.status), [200, 200, 200]);
    redis.pause();
    await issuer.rotateKeys();
    const rotated = await issuer.token();
    const answers = await statuses(fleet.slice(0, 3), rotated);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200], answers.map((a) => a.body).join('\n'));
    // A cold instance while Redis hangs: discovery and keys fetched alone.
    await fleet[3]!.configure(shared);
    assert.equal((await fleet[3]!.get(rotated)).status, 200);
    assert.equal((await fleet[3]!.get('not-a-jwt')).status, 401);
  });

  test('an instance killed while holding the fetch lease delays the others by at most the lease', async () => {
    const leased = { ...shared, lease: '3s', waitForLease: '3s', keyTimeout: '30s' };
    const holder = await startInstance();
    try {
      await holder.configure(leased);
      await configureFleet(fleet.slice(0, 3), leased);
      issuer.fail('jwks', 'hang');
      const token = await issuer.token();
      const pending = holder.get(token).catch(() => undefined);
      for (let i = 0; i < 1200 && issuer.hits.jwks === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(issuer.hits.jwks, 1, 'the holder is fetching');
      await holder.kill();
      await pending;
      issuer.restore('jwks');
      const started = Date.now();
      const answers = await statuses(fleet.slice(0, 3), token);
      const waited = Date.now() - started;
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
      // The design bound is the lease (3 s); the rest is slack for a busy machine.
      assert.ok(waited < 3_000 + 15_000, `waited ${waited} ms`);
    } finally {
      await holder.kill();
    }
  });
});

describe('a fleet whose Redis is stopped mid-run', { skip }, () => {
  test('instances answer as lone instances: no 500, no hang', async () => {
    const [redis, instances] = await Promise.all([startRedisServer(), startFleet(2)]);
    const issuer = await createTestIssuer();
    try {
      const config = { issuer: issuer.issuer, audience: issuer.audience, redisUrl: redis.url };
      await configureFleet(instances, config);
      assert.deepEqual((await statuses(instances, await issuer.token())).map((a) => a.status), [200, 200]);
      await redis.stop();
      await issuer.rotateKeys();
      const rotated = await issuer.token();
      assert.deepEqual((await statuses(instances, rotated)).map((a) => a.status), [200, 200]);
      await instances[0]!.configure(config);
      assert.equal((await instances[0]!.get(rotated)).status, 200, 'a cold instance with Redis gone');
    } finally {
      await stopFleet(instances);
      await issuer.close();
      await redis.stop();
    }
  });
});
