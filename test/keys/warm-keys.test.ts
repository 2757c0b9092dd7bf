import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failureOf, minute, startKeysHarness, type KeysHarness } from './fixture.js';

// Warm requests take keys looked up before without a promise; these show that such a shortcut
// answers exactly what a fresh lookup would once the published keys change.
describe('Keys: keys looked up before serve warm requests only while their key set does', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  /** The issuer's current RS256 public key, published under `kid`. */
  const publishedAs = (kid: string) => ({ ...h.issuer.publicJwks().keys.find((k) => k.alg === 'RS256')!, kid });

  it('forgets a kid when another key set is adopted, even one that reuses the kid for a new key', async () => {
    const { issuer, verifier } = h.scenario();
    issuer.fail('jwks', { json: { keys: [publishedAs('same')] } });
    const signedByOld = await issuer.token({ kid: 'same' });
    await verifier.verify(signedByOld);
    await verifier.verify(signedByOld);

    await issuer.rotateKeys();
    issuer.fail('jwks', { json: { keys: [publishedAs('same'), publishedAs('other')] } });
    // An unknown kid makes the verifier adopt the new set while the old one is still fresh.
    await verifier.verify(await issuer.token({ kid: 'other' }));
    assert.equal(issuer.hits.jwks, 2);

    const result = await verifier.verify(await issuer.token({ kid: 'same' }));
    assert.equal(result.header.kid, 'same');
    const error = await failureOf(verifier.verify(signedByOld));
    assert.equal(error.code, 'signature_invalid');
  });

  it('stops serving a remembered key when its key set expires, and fetches again', async () => {
    const { issuer, verifier, clock } = h.scenario();
    const token = await issuer.token({ expiresIn: '2h' });
    await verifier.verify(token);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 1);
    clock.advance(10 * minute + 1);
    await verifier.verify(token);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('remembers nothing for a kid the key set does not have', async () => {
    const { issuer, verifier } = h.scenario();
    await verifier.verify(await issuer.token());
    const forged = await issuer.token({ kid: 'not-published' });
    for (let i = 0; i < 3; i++) assert.equal((await failureOf(verifier.verify(forged))).code, 'kid_unknown');
  });
});
