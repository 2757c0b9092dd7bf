import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier } from 'bearer-guard';
import { createRedisStore } from 'bearer-guard/redis';
import { createTestIssuer, type TestIssuer } from 'bearer-guard/testing';
import { connectClients, redisUnavailableReason, type TestRedisClient, startRedisServer, writtenKeys, type RedisServer } from '../helpers/redis-server.js';

const skip = redisUnavailableReason();

describe('ready() with the shared Redis store', { skip }, () => {
  let server: RedisServer;
  let clients: TestRedisClient[];
  let issuer: TestIssuer;

  before(async () => {
    server = await startRedisServer();
    clients = await connectClients(server, 2);
    issuer = await createTestIssuer();
  });
  after(async () => {
    await issuer?.close();
    for (const c of clients) c.destroy();
    await server.stop();
  });

  test('the second instance to start adopts the discovery and keys the first one fetched: one IdP request each in all', async () => {
    const [a, b] = clients.map((client) =>
      createVerifier({ issuers: [issuer.issuer], audience: issuer.audience, keys: { shared: createRedisStore(client, { prefix: 'ready:' }) } }),
    );
    const first = await a!.ready();
    assert.equal(first.ready, true);
    assert.deepEqual([issuer.hits.discovery, issuer.hits.jwks], [1, 1]);
    // The first instance's shared writes are not awaited by ready() (they never hold a request).
    await writtenKeys(clients[0]!, 'ready:jwks:*');
    const second = await b!.ready();
    assert.equal(second.ready, true);
    assert.deepEqual([issuer.hits.discovery, issuer.hits.jwks], [1, 1], 'the second instance asked the IdP nothing');
    assert.equal((await b!.verify(await issuer.token())).issuer, issuer.issuer);
    assert.deepEqual([issuer.hits.discovery, issuer.hits.jwks], [1, 1]);
  });
});
