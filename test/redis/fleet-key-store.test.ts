import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createVerifier } from 'bearer-guard';
import { createRedisStore } from 'bearer-guard/redis';
import { createTestIssuer, type TestIssuer } from 'bearer-guard/testing';
import { connectClients, keysGone, redisUnavailableReason, type TestRedisClient, startRedisServer, writtenKeys, type RedisServer } from '../helpers/redis-server.js';

const skip = redisUnavailableReason();

describe('key stores of two instances sharing one Redis', { skip }, () => {
  let server: RedisServer;
  let clients: TestRedisClient[];
  let issuer: TestIssuer;
  let prefix = 0;

  before(async () => {
    server = await startRedisServer();
    clients = await connectClients(server, 2);
  });
  after(async () => {
    await issuer?.close();
    for (const c of clients) c.destroy();
    await server.stop();
  });
  beforeEach(async () => {
    await issuer?.close();
    issuer = await createTestIssuer();
    prefix++;
  });

  /** Two verifiers as two instances would build them; `shared` false gives two lone instances. */
  function instances(shared: boolean) {
    return clients.map((client) =>
      createVerifier({
        issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
        audience: issuer.audience,
        // A long budget interval, so that the test counts the burst and not the refill.
        keys: { unknownKidRefreshInterval: '60s', ...(shared ? { shared: createRedisStore(client, { prefix: `fk${prefix}:` }) } : {}) },
      }),
    );
  }

  /** Forged kids to the first instance until its budget is spent, then to the second. */
  async function flood(verifiers: ReturnType<typeof instances>, count: number) {
    for (let i = 0; i < count; i++) {
      const forged = await issuer.token({ kid: randomUUID() });
      await assert.rejects(verifiers[i < count / 2 ? 0 : 1]!.verify(forged), (error: { code?: string }) => error.code === 'kid_unknown');
    }
  }

  test('a flood of forged kids across the fleet costs the IdP no more than it costs one instance', async () => {
    const shared = instances(true);
    for (const v of shared) await v.verify(await issuer.token());
    assert.equal(issuer.hits.jwks, 1, 'the second instance adopted the first one\'s key set');
    await flood(shared, 40);
    const sharedFetches = issuer.hits.jwks - 1;
    assert.ok(sharedFetches <= 2, `forged kids cost ${sharedFetches} fetches with the shared budget (burst 2)`);

    issuer.resetHits();
    const alone = instances(false);
    for (const v of alone) await v.verify(await issuer.token());
    await flood(alone, 40);
    assert.equal(issuer.hits.jwks - 2, 4, 'two lone instances spend a burst of 2 each');
  });

  test('an instance that takes the lease just after another heard a 429 obeys that backoff instead of asking the IdP', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 30;
    issuer.fail('jwks', { status: 429, headers: { 'x-rate-limit-reset': String(reset) } });
    const options = { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience };
    // A lease that outlives the test's waits: only letting go of it frees it.
    const [storeA, storeB] = clients.map((client) => createRedisStore(client, { prefix: `fk${prefix}:`, lease: '60s' }));
    const a = createVerifier({ ...options, keys: { shared: storeA! } });
    // B looks for a backoff, finds none, and before it asks for the lease A asks the IdP, hears the
    // 429, shares the backoff and lets go of the lease: B then gets the lease.
    let beforeLease: (() => Promise<void>) | undefined = async () => {
      beforeLease = undefined;
      await assert.rejects(a.verify(token), (error: { code?: string }) => error.code === 'idp_rate_limited');
      await writtenKeys(clients[1]!, `fk${prefix}:backoff:*`);
      await keysGone(clients[1]!, `fk${prefix}:lease:*`);
    };
    const fleetB = storeB!.fleet;
    const b = createVerifier({
      ...options,
      keys: {
        shared: {
          ...storeB!,
          fleet: { ...fleetB, tryLease: async (resource, ms) => (await beforeLease?.(), fleetB.tryLease(resource, ms)) },
        },
      },
    });
    const token = await issuer.token();
    await assert.rejects(b.verify(token), (error: { code?: string }) => error.code === 'idp_rate_limited');
    assert.equal(beforeLease, undefined, 'B asked for the lease');
    assert.equal(issuer.hits.jwks, 1, 'only A asked the IdP');
    // B let go of the lease it took when it found the backoff.
    await keysGone(clients[1]!, `fk${prefix}:lease:*`);
  });

  test('a rotation seen by one instance reaches the other from the shared copy, without another fetch', async () => {
    const [a, b] = instances(true);
    await a!.verify(await issuer.token());
    await b!.verify(await issuer.token());
    assert.equal(issuer.hits.jwks, 1);
    await issuer.rotateKeys();
    const rotated = await issuer.token();
    await a!.verify(rotated);
    assert.equal(issuer.hits.jwks, 2, 'the first instance fetched the new keys');
    const result = await b!.verify(rotated);
    assert.equal(result.issuer, issuer.issuer);
    assert.equal(issuer.hits.jwks, 2, 'the second instance took them from Redis');
  });
});
