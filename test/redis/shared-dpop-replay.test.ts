import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { bearerAuth } from 'bearer-guard/express';
import { createRedisStore, type RedisStore } from 'bearer-guard/redis';
import { createDpopKey, createTestClock, createTestIssuer, expectChallenge, type TestDpopKey, type TestIssuer } from 'bearer-guard/testing';
import { connectClients, redisUnavailableReason, type TestRedisClient, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const skip = redisUnavailableReason();
const publicUrl = 'https://api.example.test';

describe('DPoP replay protection shared by two instances through Redis', { skip }, () => {
  const clock = createTestClock();
  let server: RedisServer;
  let clients: TestRedisClient[];
  let issuer: TestIssuer;
  let key: TestDpopKey;

  before(async () => {
    [server, issuer, key] = await Promise.all([startRedisServer(), createTestIssuer({ clock }), createDpopKey({ clock })]);
    clients = await connectClients(server, 2);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await issuer.close();
    await server.stop();
  });

  function instance(store: RedisStore) {
    const auth = bearerAuth({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      clock: clock.now,
      dpop: { mode: 'required', publicUrl, replayStore: store.dpopReplayStore },
    });
    return express().get('/r', auth, (_req, res) => {
      res.send('ok');
    });
  }

  test('a proof accepted by one instance is refused by the other', async () => {
    const [a, b] = clients.map((c) => instance(createRedisStore(c, { prefix: 'dpop1:' })));
    const token = await issuer.token({ dpopKey: key });
    const proof = key.proof({ url: `${publicUrl}/r`, accessToken: token });
    assert.equal((await request(a!).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof)).status, 200);
    const replay = await request(b!).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
    expectChallenge(replay, { status: 401, scheme: 'DPoP', error: 'invalid_dpop_proof', code: 'dpop_proof_replayed' });
    const fresh = key.proof({ url: `${publicUrl}/r`, accessToken: token });
    assert.equal((await request(b!).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', fresh)).status, 200);
  });

  test("while Redis hangs: 503 by default (fail closed); with replayWhenRedisFails 'local', each instance protects itself", async () => {
    const closed = instance(createRedisStore(clients[0]!, { prefix: 'dpop2:', timeout: '100ms' }));
    const local = instance(createRedisStore(clients[1]!, { prefix: 'dpop2:', timeout: '100ms', replayWhenRedisFails: 'local' }));
    const token = await issuer.token({ dpopKey: key });
    server.pause();
    try {
      const refused = await request(closed).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', key.proof({ url: `${publicUrl}/r`, accessToken: token }));
      assert.equal(refused.status, 503);
      assert.equal(refused.body.code, 'dpop_replay_store_unavailable');
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      const proof = key.proof({ url: `${publicUrl}/r`, accessToken: token });
      assert.equal((await request(local).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof)).status, 200);
      const again = await request(local).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
      expectChallenge(again, { status: 401, scheme: 'DPoP', error: 'invalid_dpop_proof', code: 'dpop_proof_replayed' });
    } finally {
      server.resume();
    }
  });
});
