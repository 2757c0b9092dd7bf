import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { createMemoryReplayStore, type DpopReplayStore } from '../../src/core/index.js';
import { bearerAuth } from '../../src/express/index.js';
import { createDpopKey, createTestClock, createTestIssuer, expectChallenge, type TestDpopKey, type TestIssuer } from '../../src/testing/index.js';
import { busyMachineTimeout, fetchNeverAbandoned } from '../helpers/busy-machine.js';

const publicUrl = 'https://api.example.test';

describe('the DPoP replay store as the middleware uses it', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  let key: TestDpopKey;
  before(async () => {
    issuer = await createTestIssuer({ clock });
    key = await createDpopKey({ clock });
  });
  after(() => issuer.close());

  /**
   * `keys.timeout` also bounds the replay store. A short one is given only to time out a store that
   * never answers; the key fetch beside it then must not race that timer on a busy machine.
   */
  function app(replayStore: DpopReplayStore, keysTimeout = busyMachineTimeout) {
    const auth = bearerAuth({
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      clock: clock.now,
      keys: { timeout: keysTimeout },
      fetch: fetchNeverAbandoned,
      dpop: { mode: 'required', publicUrl, replayStore },
    });
    return express().get('/r', auth, (_req, res) => {
      res.send('ok');
    });
  }
  async function send(a: express.Express, proof?: string) {
    const token = await issuer.token({ dpopKey: key });
    return request(a)
      .get('/r')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof ?? key.proof({ url: `${publicUrl}/r`, accessToken: token }));
  }

  it('records each proof until it would be too old anyway, then forgets it', async () => {
    const seen: Array<{ expiresAt: number; now: number }> = [];
    const store = createMemoryReplayStore();
    const a = app({ markUsed: (id, expiresAt, now) => (seen.push({ expiresAt, now }), store.markUsed(id, expiresAt, now)) });
    assert.equal((await send(a)).status, 200);
    assert.equal(seen[0]!.expiresAt - seen[0]!.now, 61_000);
  });

  it('works with an async store', async () => {
    const store = createMemoryReplayStore();
    const a = app({ markUsed: async (id, expiresAt, now) => store.markUsed(id, expiresAt, now) });
    const token = await issuer.token({ dpopKey: key });
    const proof = key.proof({ url: `${publicUrl}/r`, accessToken: token });
    const first = await request(a).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
    assert.equal(first.status, 200);
    const again = await request(a).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', proof);
    expectChallenge(again, { status: 401, scheme: 'DPoP', error: 'invalid_dpop_proof', code: 'dpop_proof_replayed' });
  });

  it('answers 503 with Retry-After when the memory store is full of live proofs, never forgetting one', async () => {
    const a = app(createMemoryReplayStore({ maxEntries: 2 }));
    assert.equal((await send(a)).status, 200);
    assert.equal((await send(a)).status, 200);
    const full = await send(a);
    expectChallenge(full, { status: 503, scheme: null, code: 'dpop_replay_store_unavailable' });
    assert.equal(full.headers['retry-after'], '61');
    clock.advance(61_000);
    assert.equal((await send(a)).status, 200);
  });

  it('answers 503 when a shared store rejects, or does not answer within the key timeout', async () => {
    const rejecting = app({ markUsed: () => Promise.reject(new Error('connection reset')) });
    expectChallenge(await send(rejecting), { status: 503, scheme: null, code: 'dpop_replay_store_unavailable' });
    const hanging = app({ markUsed: () => new Promise<boolean>(() => undefined) }, '100ms');
    expectChallenge(await send(hanging), { status: 503, scheme: null, code: 'dpop_replay_store_unavailable' });
  });

  it('never lets a failed proof take room in the store', async () => {
    const ids: string[] = [];
    const a = app({ markUsed: (id) => (ids.push(id), true) });
    const token = await issuer.token({ dpopKey: key });
    await request(a).get('/r').set('Authorization', `DPoP ${token}`).set('DPoP', key.proof({ url: `${publicUrl}/other`, accessToken: token }));
    const expired = await issuer.tokens.expired({ dpopKey: key });
    await request(a).get('/r').set('Authorization', `DPoP ${expired}`).set('DPoP', key.proof({ url: `${publicUrl}/r`, accessToken: expired }));
    assert.deepEqual(ids, []);
  });
});
