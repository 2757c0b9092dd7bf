import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assembleVerifier,
  isBearerGuardError,
  type AuthResult,
  type AuthSuccessEvent,
  type BearerGuardOptions,
  type RequestCheck,
  type RequestContext,
} from '../../src/core/index.js';
import { createTestClock, createTestIssuer, parseWwwAuthenticate, type TestClock, type TestIssuer } from '../../src/testing/index.js';
import { createTableStrategy, type TableStrategy } from '../helpers/table-strategy.js';

const OPAQUE_ISSUER = 'https://opaque.example';

/** Demands `x-proof: ok` on every request: a stand-in for a DPoP proof or an mTLS binding. */
function proofCheck(seen: RequestContext[]): RequestCheck {
  return {
    name: 'proof',
    async check(_auth, request) {
      seen.push(request);
      await Promise.resolve();
      if (request.headers?.['x-proof'] === 'ok') return undefined;
      return { code: 'token_malformed', description: 'The request carries no valid proof', facts: {} };
    },
  };
}

function requestWith(token: string, proof?: string): RequestContext {
  return {
    rawHeaders: ['Authorization', `Bearer ${token}`],
    method: 'GET',
    url: '/orders?id=7',
    headers: { authorization: `Bearer ${token}`, ...(proof ? { 'x-proof': proof } : {}) },
  };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    assert.ok(isBearerGuardError(error), `expected a BearerGuardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('Pipeline seams: strategies and per-request checks plug in without editing the pipeline', () => {
  let issuer: TestIssuer;
  let clock: TestClock;
  before(async () => {
    clock = createTestClock();
    issuer = await createTestIssuer({ clock });
  });
  after(() => issuer.close());

  function assemble(table: TableStrategy, requestChecks: RequestCheck[] = [], successes: AuthSuccessEvent[] = []) {
    const options: BearerGuardOptions = {
      issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
      audience: issuer.audience,
      realm: 'seams',
      clock: clock.now,
      onAuthSuccess: (event) => successes.push(event),
    };
    return assembleVerifier(options, { strategies: [table], requestChecks }).verifier;
  }

  function opaqueTable(exp = Math.floor(clock.now() / 1000) + 3600) {
    return new Map([['opaque-token-1', { issuer: OPAQUE_ISSUER, subject: 'svc-1', scopes: ['orders:read'], exp }]]);
  }

  it('sends JWTs to the JWT strategy and opaque tokens to the second strategy', async () => {
    const table = createTableStrategy(opaqueTable(), 60_000);
    const verifier = assemble(table);
    const jwt = await verifier.verify(await issuer.token({ scopes: 'users:read' }));
    assert.equal(jwt.issuer, issuer.issuer);
    assert.deepEqual(jwt.scopes, ['users:read']);
    assert.equal(table.calls, 0, 'a JWT never reaches the second strategy');

    const opaque = await verifier.verify('opaque-token-1');
    assert.equal(table.calls, 1);
    assert.equal(opaque.issuer, OPAQUE_ISSUER);
    assert.equal(opaque.subject, 'svc-1');
    assert.deepEqual(opaque.scopes, ['orders:read']);
    assert.ok(Object.isFrozen(opaque) && Object.isFrozen(opaque.claims) && Object.isFrozen(opaque.scopes), 'the pipeline freezes every result');
  });

  it("answers the second strategy's failure like any other: status, challenge with the realm, body", async () => {
    const verifier = assemble(createTableStrategy(opaqueTable(), 60_000));
    const error = await refusal(verifier.authenticate(requestWith('opaque-unknown')));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'token_malformed');
    assert.deepEqual(parseWwwAuthenticate(error.headers['WWW-Authenticate']!), [
      { scheme: 'Bearer', params: { realm: 'seams', error: 'invalid_token', error_description: 'The opaque token is not active' } },
    ]);
    assert.deepEqual(error.body, { code: 'token_malformed', error: 'invalid_token', error_description: 'The opaque token is not active' });
  });

  it('caches a strategy result from its second verification for as long as the strategy allows, and asks again after', async () => {
    const table = createTableStrategy(opaqueTable(), 60_000);
    const successes: AuthSuccessEvent[] = [];
    const verifier = assemble(table, [], successes);
    await verifier.verify('opaque-token-1');
    await verifier.verify('opaque-token-1');
    assert.equal(table.calls, 2, 'a token seen once is not kept: the second sighting is verified, then kept');
    clock.advance(59_000);
    await verifier.verify('opaque-token-1');
    assert.equal(table.calls, 2);
    assert.deepEqual(successes.map((s) => s.cached), [false, false, true]);
    clock.advance(1_000);
    await verifier.verify('opaque-token-1');
    assert.equal(table.calls, 3, 'past cacheUntil the strategy is asked again');
  });

  it('keeps out of the cache a token a request could not carry, so a cache hit never excuses a malformed header', async () => {
    const exp = Math.floor(clock.now() / 1000) + 3600;
    const odd = 'opaque token,1';
    const table = createTableStrategy(new Map([[odd, { issuer: OPAQUE_ISSUER, subject: 'svc-1', scopes: ['orders:read'], exp }]]), 60_000);
    const verifier = assemble(table);
    await verifier.verify(odd);
    await verifier.verify(odd);
    assert.equal(table.calls, 2, 'a token with characters outside b64token is verified afresh every time');
    const error = await refusal(verifier.authenticate({ rawHeaders: ['Authorization', `Bearer ${odd}`] }));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'authorization_malformed');
  });

  it('never caches past the moment the strategy names, even when the token cache would keep it longer', async () => {
    const table = createTableStrategy(opaqueTable(Math.floor(clock.now() / 1000) + 10), 60_000);
    const verifier = assemble(table);
    await verifier.verify('opaque-token-1');
    clock.advance(10_000);
    const error = await refusal(verifier.verify('opaque-token-1'));
    assert.equal(error.code, 'token_malformed');
    assert.equal(table.calls, 2);
  });

  for (const kind of ['JWT', 'opaque'] as const) {
    it(`runs the per-request checks on every request, cache hits included (${kind} token)`, async () => {
      const table = createTableStrategy(opaqueTable(), 60_000);
      const seen: RequestContext[] = [];
      const successes: AuthSuccessEvent[] = [];
      const verifier = assemble(table, [proofCheck(seen)], successes);
      const token = kind === 'JWT' ? await issuer.token() : 'opaque-token-1';
      // A JWT verified while the keys are first fetched is not cached: fetch them beforehand.
      if (kind === 'JWT') await verifier.authenticate(requestWith(await issuer.token({ subject: 'warm-up' }), 'ok'));
      successes.length = 0;
      seen.length = 0;

      // The cache keeps a token from its second verification on (admission).
      await verifier.authenticate(requestWith(token, 'ok'));
      const first = await verifier.authenticate(requestWith(token, 'ok'));
      assert.equal(first.token, token);
      const second: AuthResult = await verifier.authenticate(requestWith(token, 'ok'));
      assert.equal(second, first, 'the third request is answered from the cache');
      const refused = await refusal(verifier.authenticate(requestWith(token)));

      assert.equal(refused.status, 401);
      assert.equal(refused.description, 'The request carries no valid proof');
      assert.deepEqual(successes.map((s) => s.cached), [false, false, true]);
      assert.equal(seen.length, 4, 'the check ran on all four requests');
      assert.equal(seen[3]!.url, '/orders?id=7', 'the check sees the request the adapter described');
      assert.equal(seen[3]!.method, 'GET');
    });
  }

  it('runs the per-request checks for verify(token) too, with an empty request, so a missing proof is refused', async () => {
    const seen: RequestContext[] = [];
    const verifier = assemble(createTableStrategy(opaqueTable(), 60_000), [proofCheck(seen)]);
    const error = await refusal(verifier.verify('opaque-token-1'));
    assert.equal(error.description, 'The request carries no valid proof');
    assert.deepEqual(seen, [{}]);
  });

  it('does not run per-request checks for a token the strategy refused', async () => {
    const seen: RequestContext[] = [];
    const verifier = assemble(createTableStrategy(opaqueTable(), 60_000), [proofCheck(seen)]);
    await refusal(verifier.authenticate(requestWith(await issuer.tokens.expired(), 'ok')));
    assert.equal(seen.length, 0);
  });

  it('refuses by rejecting, never by throwing synchronously, on the cold and the warm path alike', async () => {
    const verifier = assemble(createTableStrategy(opaqueTable(), 60_000));
    const wrongAudience = await issuer.tokens.wrongAudience();
    for (const path of ['cold', 'warm']) {
      let pending: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        pending = verifier.verify(wrongAudience);
      }, `${path}: verify must not throw`);
      const error = await refusal(pending!);
      assert.equal(error.code, 'audience_mismatch', path);
    }
  });
});
