import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuthSuccessEvent } from '../../src/core/index.js';
import { failureOf, minute, second, startKeysHarness, type KeysHarness } from './fixture.js';

/**
 * The verified-token cache may only answer what a fresh verification would answer now. These
 * tests run one verifier with the cache and compare it with what the keys and the clock say.
 */
describe('Keys: the verified-token cache never outlives the key set that verified the token', () => {
  let h: KeysHarness;
  before(async () => {
    // JWKS lifetime 5 minutes (max-age=300); the token cache may keep entries for an hour.
    h = await startKeysHarness();
  });
  after(() => h.close());

  function cachedScenario(extra: Record<string, unknown> = {}) {
    const successes: AuthSuccessEvent[] = [];
    const s = h.scenario({
      options: { tokenCache: { maxAge: '1h' }, onAuthSuccess: (event) => successes.push(event), ...extra },
    });
    return { ...s, successes };
  }

  /** Verifies until the cache answers (a result verified during the cold fetch is not kept). */
  async function warm(verify: () => Promise<unknown>, successes: AuthSuccessEvent[]) {
    for (let i = 0; i < 3 && !successes.at(-1)?.cached; i++) await verify();
    assert.equal(successes.at(-1)?.cached, true, 'the cache answers a repeated token');
  }

  it('serves a repeated token from the cache while the key set is fresh', async () => {
    const { issuer, verifier, clock, successes } = cachedScenario();
    const token = await issuer.token({ expiresIn: '2h' });
    await warm(() => verifier.verify(token), successes);
    clock.advance(4 * minute);
    await verifier.verify(token);
    assert.equal(successes.at(-1)?.cached, true);
    assert.equal(issuer.hits.jwks, 1);
  });

  it('keeps a token from its second verification on: a token used once never enters the cache', async () => {
    const { issuer, verifier, successes } = cachedScenario();
    await verifier.verify(await issuer.token({ subject: 'warm-up' })); // keys fetched first
    const oneUse = await Promise.all(Array.from({ length: 20 }, (_, i) => issuer.token({ subject: `one-use-${i}`, expiresIn: '2h' })));
    for (const token of oneUse) await verifier.verify(token);
    successes.length = 0;
    // Seen once before, each is verified again (not answered from the cache), and kept from now on.
    for (const token of oneUse) await verifier.verify(token);
    assert.deepEqual(successes.map((s) => s.cached), oneUse.map(() => false));
    successes.length = 0;
    for (const token of oneUse) await verifier.verify(token);
    assert.deepEqual(successes.map((s) => s.cached), oneUse.map(() => true));
  });

  it('refuses a cached token once its key left the JWKS and the key set expired, as a fresh verification does', async () => {
    const scenario = cachedScenario();
    const { issuer, verifier, clock, successes } = scenario;
    const token = await issuer.token({ expiresIn: '2h' });
    await warm(() => verifier.verify(token), successes);

    await issuer.rotateKeys(); // the signing key is withdrawn (e.g. compromised)
    clock.advance(5 * minute + second); // past the JWKS max-age: a fresh verification refetches

    const fresh = await failureOf(h.verifierFor(scenario, { options: { tokenCache: false } }).verify(token));
    assert.equal(fresh.code, 'kid_unknown');
    const cached = await failureOf(verifier.verify(token));
    assert.equal(cached.code, 'kid_unknown', 'the cache must not answer 200 for a key the IdP no longer publishes');
  });

  it('still ends an entry when the token expires (exp plus the clock tolerance)', async () => {
    const { issuer, verifier, clock, successes } = cachedScenario();
    const token = await issuer.token({ expiresIn: '3m' });
    await warm(() => verifier.verify(token), successes);
    clock.advance(3 * minute + 59 * second);
    await verifier.verify(token);
    assert.equal(successes.at(-1)?.cached, true, 'inside the tolerance');
    clock.advance(second);
    assert.equal((await failureOf(verifier.verify(token))).code, 'token_expired');
  });

  it('keeps caching tokens verified with a shared secret, which no key set expires', async () => {
    const secret = 'a-shared-secret-of-32-characters';
    const { issuer, verifier, clock, successes } = cachedScenario({
      issuers: [{ issuer: h.issuer.issuer, jwksUri: h.issuer.jwksUri, secret, algorithms: ['HS256'] }],
    });
    const token = await issuer.token({ alg: 'HS256', secret, expiresIn: '2h' });
    await warm(() => verifier.verify(token), successes);
    clock.advance(30 * minute);
    await verifier.verify(token);
    assert.equal(successes.at(-1)?.cached, true);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('never answers from the cache after the clock steps back: nbf and iat judged as a fresh verification does', async () => {
    const scenario = cachedScenario();
    const { issuer, verifier, clock, successes } = scenario;
    const token = await issuer.token({ expiresIn: '2h', notBefore: 0 });
    await warm(() => verifier.verify(token), successes);
    clock.advance(-2 * minute); // NTP correction or VM migration: nbf and iat are now 2 min ahead
    const fresh = await failureOf(h.verifierFor(scenario, { options: { tokenCache: false } }).verify(token));
    assert.equal(fresh.status, 401);
    const cached = await failureOf(verifier.verify(token));
    assert.equal(cached.code, fresh.code, 'the cache must not answer 200 where a fresh verification answers 401');
    clock.advance(2 * minute);
    await verifier.verify(token);
    await verifier.verify(token);
    assert.equal(successes.at(-1)?.cached, true, 'cached again once the clock is back');
  });

  it('keeps answering from the cache after a step back that a fresh verification tolerates', async () => {
    const { issuer, verifier, clock, successes } = cachedScenario();
    const token = await issuer.token({ expiresIn: '2h' });
    await warm(() => verifier.verify(token), successes);
    clock.advance(2 * minute);
    await verifier.verify(token);
    assert.equal(successes.at(-1)?.cached, true);
    clock.advance(-30 * second); // after the moment it was stored: nothing it passed can fail now
    await verifier.verify(token);
    assert.equal(successes.at(-1)?.cached, true);
  });
});
