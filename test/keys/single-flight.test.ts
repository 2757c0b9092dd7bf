import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertUnavailable, failureOf, minute, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: one fetch in flight per issuer', () => {
  let h: KeysHarness;
  before(async () => {
    h = await startKeysHarness();
  });
  after(() => h.close());

  it('makes 200 concurrent requests on a cold cache share one discovery and one JWKS fetch', async () => {
    const { issuer, verifier, eventsOf } = h.scenario({ discovery: true });
    const token = await issuer.token();
    const results = await Promise.all(Array.from({ length: 200 }, () => verifier.verify(token)));
    assert.equal(results.length, 200);
    for (const result of results) assert.equal(result.issuer, issuer.issuer);
    assert.equal(issuer.hits.discovery, 1);
    assert.equal(issuer.hits.jwks, 1);
    assert.equal(eventsOf('discovery_completed').length, 1);
    assert.equal(eventsOf('keys_fetched').length, 1);
  });

  it('makes 200 concurrent requests with a configured jwksUri cause exactly one JWKS fetch and no discovery', async () => {
    const { issuer, verifier } = h.scenario();
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => issuer.token({ subject: `user-${i}` })));
    const results = await Promise.all(tokens.map((token) => verifier.verify(token)));
    assert.deepEqual(new Set(results.map((r) => r.subject)).size, 200);
    assert.equal(issuer.hits.jwks, 1);
    assert.equal(issuer.hits.discovery, 0);
  });

  it('makes 200 concurrent requests share one failing fetch, and all get 503', async () => {
    const { issuer, verifier } = h.scenario();
    issuer.fail('jwks', { status: 500 });
    const token = await issuer.token();
    const errors = await Promise.all(Array.from({ length: 200 }, () => failureOf(verifier.verify(token))));
    for (const error of errors) assertUnavailable(error, 'jwks_unavailable');
    assert.equal(issuer.hits.jwks, 1);
  });

  it('refreshes an expired key set once for all the requests that arrive while the refresh runs', async () => {
    const { issuer, verifier, clock, eventsOf } = h.scenario();
    const token = await issuer.token({ expiresIn: '1h' });
    await verifier.verify(token);
    clock.advance(5 * minute); // the test issuer says max-age=300
    const results = await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token)));
    assert.equal(results.length, 100);
    assert.equal(issuer.hits.jwks, 2);
    assert.deepEqual(
      eventsOf('keys_fetched').map((e) => e.reason),
      ['cold', 'expired'],
    );
  });

  it('makes 100 concurrent requests with a newly published kid cause exactly one fetch, and all succeed', async () => {
    const { issuer, verifier } = h.scenario();
    await verifier.verify(await issuer.token());
    const kid = await issuer.addKey('RS256');
    const token = await issuer.token({ kid });
    const results = await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token)));
    for (const result of results) assert.equal(result.header.kid, kid);
    assert.equal(issuer.hits.jwks, 2);
  });

  it('keeps the fetches of two issuers apart: each has its own single flight', async () => {
    const other = await startKeysHarness();
    try {
      const { issuer, verifier } = h.scenario({
        options: {
          issuers: [
            { issuer: h.issuer.issuer, jwksUri: h.issuer.jwksUri },
            { issuer: other.issuer.issuer, jwksUri: other.issuer.jwksUri },
          ],
          audience: h.issuer.audience,
        },
      });
      // The other issuer mints on its own clock, which is within a second of this one.
      other.scenario();
      const tokens = [await issuer.token(), await other.issuer.token({ audience: h.issuer.audience })];
      await Promise.all(Array.from({ length: 50 }, (_, i) => verifier.verify(tokens[i % 2]!)));
      assert.equal(issuer.hits.jwks, 1);
      assert.equal(other.issuer.hits.jwks, 1);
    } finally {
      await other.close();
    }
  });
});
