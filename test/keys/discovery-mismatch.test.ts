import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertUnavailable, failureOf, second, startKeysHarness, type KeysHarness } from './fixture.js';

describe('Keys: a discovery document naming another issuer is refused', () => {
  let evil: KeysHarness;
  let good: KeysHarness;
  before(async () => {
    [evil, good] = await Promise.all([startKeysHarness({ discoveryIssuer: 'https://evil.example' }), startKeysHarness()]);
  });
  after(() => Promise.all([evil.close(), good.close()]));

  it('answers 503 discovery_issuer_mismatch naming both issuers, and never fetches the JWKS', async () => {
    const { issuer, verifier, eventsOf } = evil.scenario({ discovery: true });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_issuer_mismatch');
    assert.ok(error.description.includes(`configured issuer ${issuer.issuer}`), error.description);
    assert.ok(error.description.includes("names issuer 'https://evil.example'"), error.description);
    assert.equal(issuer.hits.jwks, 0);
    const [failed] = eventsOf('keys_fetch_failed');
    assert.equal(failed?.issuer, issuer.issuer);
    assert.match(failed?.reason ?? '', /evil\.example/);
    assert.equal(eventsOf('discovery_completed').length, 0);
  });

  it('refuses an issuer that differs only by a trailing slash', async () => {
    const { issuer, verifier } = good.scenario({ discovery: true });
    issuer.fail('discovery', { json: { issuer: `${issuer.issuer}/`, jwks_uri: issuer.jwksUri } });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_issuer_mismatch');
    assert.ok(error.description.includes(`names issuer '${issuer.issuer}/'`), error.description);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('refuses a discovery document whose issuer is nested too deep to describe, with 503 and a backoff', async () => {
    const { issuer, verifier } = good.scenario({ discovery: true });
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    issuer.fail('discovery', { status: 200, body: `{"issuer":${nested},"jwks_uri":"${issuer.jwksUri}"}` });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_issuer_mismatch');
    const hits = issuer.hits.discovery;
    assertUnavailable(await failureOf(verifier.verify(await issuer.token())), 'discovery_issuer_mismatch');
    assert.equal(issuer.hits.discovery, hits, 'no new discovery before the backoff');
    assert.equal(issuer.hits.jwks, 0);
  });

  it('accepts no token from that entry: it looks again only after the backoff, and refuses again', async () => {
    const { issuer, verifier, clock } = evil.scenario({ discovery: true });
    const token = await issuer.token({ expiresIn: '2h' });
    assertUnavailable(await failureOf(verifier.verify(token)), 'discovery_issuer_mismatch');
    const firstHits = issuer.hits.discovery;
    assert.ok(firstHits >= 1);
    clock.advance(9 * second);
    assertUnavailable(await failureOf(verifier.verify(token)), 'discovery_issuer_mismatch');
    assert.equal(issuer.hits.discovery, firstHits);
    clock.advance(second);
    assertUnavailable(await failureOf(verifier.verify(token)), 'discovery_issuer_mismatch');
    assert.equal(issuer.hits.discovery, 2 * firstHits);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('keeps the other issuers of the same verifier working', async () => {
    const { issuer: bad, verifier } = evil.scenario({
      discovery: true,
      options: { issuers: [evil.issuer.issuer, good.issuer.issuer], audience: evil.issuer.audience },
    });
    good.scenario();
    assertUnavailable(await failureOf(verifier.verify(await bad.token())), 'discovery_issuer_mismatch');
    const result = await verifier.verify(await good.issuer.token({ audience: evil.issuer.audience }));
    assert.equal(result.issuer, good.issuer.issuer);
  });

  it('follows a matching discovery document to the JWKS and reports where it found it', async () => {
    const { issuer, verifier, eventsOf } = good.scenario({ discovery: true });
    await verifier.verify(await issuer.token());
    assert.deepEqual(eventsOf('discovery_completed'), [
      { type: 'discovery_completed', issuer: issuer.issuer, url: issuer.discoveryUrls.oidc, jwksUri: issuer.jwksUri },
    ]);
  });

  it('refuses a discovery document whose jwks_uri is not https', async () => {
    const { issuer, verifier } = good.scenario({ discovery: true });
    issuer.fail('discovery', { json: { issuer: issuer.issuer, jwks_uri: 'http://keys.example/jwks' } });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_failed');
    assert.match(error.description, /no usable jwks_uri/);
    assert.equal(issuer.hits.jwks, 0);
  });

  it('answers 503 discovery_failed naming the URLs tried when there is no discovery document', async () => {
    const { issuer, verifier } = good.scenario({ discovery: true });
    issuer.fail('discovery', { status: 404 });
    const error = await failureOf(verifier.verify(await issuer.token()));
    assertUnavailable(error, 'discovery_failed');
    assert.ok(error.description.includes(issuer.discoveryUrls.oidc), error.description);
    assert.ok(error.description.includes(issuer.discoveryUrls.rfc8414), error.description);
  });
});
