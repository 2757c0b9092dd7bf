import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BearerGuardOptions } from '../../src/core/options/options.js';
import { resolveOptions } from '../../src/core/options/resolve-options.js';

const issuer = 'https://dev-123.okta.com/oauth2/default';
const base: BearerGuardOptions = { issuers: [issuer], audience: 'api://default' };
const secret32 = 'a-shared-secret-of-32-characters';

/** Asserts that the options are refused with a TypeError whose message matches. */
function refuses(options: unknown, message: RegExp): void {
  assert.throws(() => resolveOptions(options as BearerGuardOptions), (err: unknown) => {
    assert.ok(err instanceof TypeError, `expected a TypeError, got ${String(err)}`);
    assert.match(err.message, /^bearer-guard: /);
    assert.match(err.message, message);
    return true;
  });
}

describe('resolveOptions', () => {
  describe('defaults', () => {
    it('resolves the minimal options with the documented defaults', () => {
      const resolved = resolveOptions(base);
      assert.deepEqual([...resolved.issuers.keys()], [issuer]);
      const entry = resolved.issuers.get(issuer)!;
      assert.deepEqual(entry.audiences, ['api://default']);
      assert.equal(entry.algorithmsFromKeys, true, 'without an algorithms option the key decides');
      assert.deepEqual([...entry.algorithms], ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);
      assert.equal(entry.kind, 'generic');
      assert.equal(resolved.clockToleranceSec, 60);
      assert.deepEqual(resolved.challenge, { realm: 'api', resourceMetadata: undefined });
      assert.equal(resolved.resource, null);
      assert.equal(resolved.scopeInChallenge, false);
      assert.equal(resolved.strict, false);
      assert.equal(resolved.acceptTokenInBody, false);
      assert.equal(resolved.maxTokenLength, 16_384);
      assert.equal(resolved.keys.timeoutMs, 5000);
      assert.equal(resolved.keys.minTtlMs, 60_000);
      assert.equal(resolved.keys.maxTtlMs, 86_400_000);
      assert.equal(resolved.keys.defaultTtlMs, 600_000);
      assert.equal(resolved.keys.unknownKidRefreshIntervalMs, 4000);
      assert.equal(resolved.keys.unknownKidRefreshBurst, 2);
      assert.equal(resolved.keys.absentKidMemoryMs, 30_000);
      assert.deepEqual(resolved.tokenCache, { maxEntries: 10_000, maxAgeMs: 300_000, maxBytes: 64 * 1024 * 1024 });
    });

    it('accepts a single issuer string instead of a list', () => {
      assert.deepEqual([...resolveOptions({ ...base, issuers: issuer }).issuers.keys()], [issuer]);
    });

    it('turns tokenCache: false into no cache', () => {
      assert.equal(resolveOptions({ ...base, tokenCache: false }).tokenCache, null);
    });
  });

  describe('issuers', () => {
    it('refuses options without issuers', () => {
      refuses({ audience: 'api://default' }, /`issuers` is required/);
      refuses({ issuers: [], audience: 'api://default' }, /`issuers` is required/);
    });

    it('refuses options that are not an object', () => {
      refuses(undefined, /options must be an object/);
      refuses(null, /options must be an object/);
    });

    it('refuses an issuer that is not a URL', () => {
      refuses({ ...base, issuers: ['dev-123.okta.com'] }, /issuers\[0\]\.issuer "dev-123\.okta\.com" is not an absolute URL/);
    });

    it('refuses an issuer entry that is neither a string nor an object', () => {
      refuses({ ...base, issuers: [42] }, /issuers\[0\]/);
      refuses({ ...base, issuers: [null] }, /issuers\[0\]/);
    });

    it('refuses plain http for a host other than localhost', () => {
      refuses({ ...base, issuers: ['http://dev-123.okta.com/oauth2/default'] }, /must use https \(plain http is allowed only for localhost\)/);
    });

    for (const local of ['http://localhost:8080', 'http://127.0.0.1:4000/issuer', 'http://[::1]:3000']) {
      it(`allows plain http for the loopback issuer ${local}`, () => {
        assert.ok(resolveOptions({ ...base, issuers: [local] }).issuers.has(local));
      });
    }

    it('refuses an issuer with a query string', () => {
      refuses({ ...base, issuers: [`${issuer}?tenant=a`] }, /issuers\[0\]\.issuer .* must not contain a query string/);
    });

    it('refuses an issuer with a fragment', () => {
      refuses({ ...base, issuers: [`${issuer}#x`] }, /issuers\[0\]\.issuer must not contain a fragment/);
    });

    it('refuses an issuer with credentials', () => {
      refuses({ ...base, issuers: ['https://user:pw@dev-123.okta.com'] }, /must not contain credentials/);
    });

    it('refuses a jwksUri over plain http but allows a query in it', () => {
      refuses({ ...base, issuers: [{ issuer, jwksUri: 'http://keys.example/jwks' }] }, /issuers\[0\]\.jwksUri .* must use https/);
      const resolved = resolveOptions({ ...base, issuers: [{ issuer, jwksUri: 'https://keys.example/jwks?v=2' }] });
      assert.equal(resolved.issuers.get(issuer)?.jwksUri, 'https://keys.example/jwks?v=2');
    });

    it('refuses the same issuer listed twice', () => {
      refuses({ ...base, issuers: [issuer, { issuer }] }, /issuer https:\/\/dev-123\.okta\.com\/oauth2\/default is listed twice/);
    });

    it('keeps two issuers that differ only by a trailing slash apart', () => {
      assert.equal(resolveOptions({ ...base, issuers: [issuer, `${issuer}/`] }).issuers.size, 2);
    });
  });

  describe('audience', () => {
    it('refuses options without an audience and says how to set it', () => {
      refuses({ issuers: [issuer] }, /no audience for issuer https:\/\/dev-123\.okta\.com\/oauth2\/default: set `audience`.*audience: false/);
    });

    it('accepts audience: false as a deliberate skip', () => {
      assert.equal(resolveOptions({ issuers: [issuer], audience: false }).issuers.get(issuer)?.audiences, null);
    });

    it('accepts a per-issuer audience instead of a global one', () => {
      const resolved = resolveOptions({ issuers: [{ issuer, audience: 'a' }] });
      assert.deepEqual(resolved.issuers.get(issuer)?.audiences, ['a']);
    });

    it('prefers a per-issuer audience list to the global audience', () => {
      const resolved = resolveOptions({ issuers: [{ issuer, audience: ['a', 'b'] }, 'https://other.example'], audience: 'g' });
      assert.deepEqual(resolved.issuers.get(issuer)?.audiences, ['a', 'b']);
      assert.deepEqual(resolved.issuers.get('https://other.example')?.audiences, ['g']);
    });

    it(
      'lets a per-issuer audience: false turn the check off for that issuer',
      () => {
        const alone = resolveOptions({ issuers: [{ issuer, audience: false }] });
        assert.equal(alone.issuers.get(issuer)?.audiences, null);
        const withGlobal = resolveOptions({ issuers: [{ issuer, audience: false }], audience: 'g' });
        assert.equal(withGlobal.issuers.get(issuer)?.audiences, null);
      },
    );

    it('keeps its own copy of an audience list, so changing the array later changes nothing', () => {
      const audience = ['a'];
      const resolved = resolveOptions({ issuers: [issuer], audience });
      audience.push('b');
      audience[0] = 'z';
      assert.deepEqual(resolved.issuers.get(issuer)?.audiences, ['a']);
    });

    it('refuses an empty audience list or an empty string', () => {
      refuses({ ...base, audience: [] }, /audience must be a non-empty string or array of strings/);
      refuses({ ...base, audience: '' }, /audience must be a non-empty string/);
      refuses({ ...base, audience: [42] }, /audience must be a non-empty string/);
    });
  });

  describe('algorithms', () => {
    it('accepts an allowlist of asymmetric algorithms', () => {
      const resolved = resolveOptions({ ...base, algorithms: ['RS256', 'ES256', 'EdDSA'] });
      assert.deepEqual([...resolved.issuers.get(issuer)!.algorithms], ['RS256', 'ES256', 'EdDSA']);
      assert.equal(resolved.issuers.get(issuer)!.algorithmsFromKeys, false);
    });

    it("lets an issuer entry's list narrow the set for that issuer only", () => {
      const other = 'https://other.example.test/';
      const resolved = resolveOptions({ ...base, issuers: [{ issuer, algorithms: ['ES256'] }, other] });
      assert.deepEqual([...resolved.issuers.get(issuer)!.algorithms], ['ES256']);
      assert.equal(resolved.issuers.get(issuer)!.algorithmsFromKeys, false);
      assert.equal(resolved.issuers.get(other)!.algorithmsFromKeys, true);
    });

    it('never lets the key decide on a shared-secret algorithm', () => {
      const resolved = resolveOptions({ ...base, issuers: [{ issuer, secret: secret32 }] });
      const entry = resolved.issuers.get(issuer)!;
      assert.equal(entry.algorithmsFromKeys, true);
      for (const alg of ['HS256', 'HS384', 'HS512', 'none']) assert.equal(entry.algorithms.has(alg), false, alg);
    });

    it('refuses an unknown algorithm and lists the known ones', () => {
      refuses({ ...base, algorithms: ['RS999'] }, /unknown algorithm "RS999"; use RS256/);
      refuses({ ...base, algorithms: ['rs256'] }, /unknown algorithm "rs256"/);
    });

    for (const none of ['none', 'NoNe']) {
      it(`refuses ${none} as never accepted`, () => {
        refuses({ ...base, algorithms: ['RS256', none] }, /'none' is never accepted/);
      });
    }

    it('refuses an empty algorithm list', () => {
      refuses({ ...base, algorithms: [] }, /algorithms must be a non-empty array/);
    });

    it('refuses HS256 without a shared secret', () => {
      refuses({ ...base, algorithms: ['HS256'] }, /HS256 needs a shared secret on the issuer entry/);
    });

    it('accepts HS256 with a secret of 32 bytes, as bytes', () => {
      const resolved = resolveOptions({ ...base, issuers: [{ issuer, secret: secret32, algorithms: ['HS256'] }] });
      const entry = resolved.issuers.get(issuer)!;
      assert.deepEqual([...entry.algorithms], ['HS256']);
      assert.deepEqual(entry.secret, new TextEncoder().encode(secret32));
    });

    it('refuses a secret shorter than 32 bytes', () => {
      refuses({ ...base, issuers: [{ issuer, secret: secret32.slice(1), algorithms: ['HS256'] }] }, /issuers\[0\]\.secret must be at least 32 bytes/);
      refuses({ ...base, issuers: [{ issuer, secret: new Uint8Array(31), algorithms: ['HS256'] }] }, /at least 32 bytes/);
    });
  });

  describe('clockTolerance', () => {
    it("reads '2m' as 120 seconds", () => {
      assert.equal(resolveOptions({ ...base, clockTolerance: '2m' }).clockToleranceSec, 120);
    });

    it('allows the cap of 300 seconds', () => {
      assert.equal(resolveOptions({ ...base, clockTolerance: '5m' }).clockToleranceSec, 300);
    });

    it("refuses 'abc'", () => {
      refuses({ ...base, clockTolerance: 'abc' }, /clockTolerance must be a non-negative number of seconds/);
    });

    it('refuses 600 seconds, above the 300 s cap', () => {
      refuses({ ...base, clockTolerance: 600 }, /clockTolerance is 600s; at most 300s/);
    });
  });

  describe('other options', () => {
    it('refuses an unknown option key, naming it', () => {
      refuses({ ...base, audiance: 'x' }, /unknown option "audiance"/);
    });

    it('accepts a printable realm', () => {
      assert.equal(resolveOptions({ ...base, realm: 'my api' }).challenge.realm, 'my api');
    });

    it('refuses a realm with a newline', () => {
      refuses({ ...base, realm: 'api\r\nSet-Cookie: a=b' }, /realm must be a string of printable ASCII/);
    });

    it('refuses a non-ASCII realm', () => {
      refuses({ ...base, realm: 'café' }, /realm must be a string of printable ASCII/);
    });

    it('refuses a resourceMetadata URL string, saying that `resource` now names the document', () => {
      refuses({ ...base, resourceMetadata: 'https://api.example.com/.well-known/oauth-protected-resource/mcp' as never }, /resourceMetadata is now the content .*set resource/);
    });

    it('refuses resourceMetadata without resource', () => {
      refuses({ ...base, resourceMetadata: { resourceName: 'Orders' } }, /resourceMetadata needs `resource`/);
    });

    it('puts the metadata URL derived from resource into every challenge', () => {
      const resolved = resolveOptions({ ...base, resource: 'https://api.example.com/mcp' });
      assert.equal(resolved.challenge.resourceMetadata, 'https://api.example.com/.well-known/oauth-protected-resource/mcp');
    });

    it('takes resource as the audience unless audience is given', () => {
      const { audience: _, ...noAudience } = base;
      const resolved = resolveOptions({ ...noAudience, resource: 'https://api.example.com/mcp' });
      assert.deepEqual(resolved.issuers.get(issuer)!.audiences, ['https://api.example.com/mcp']);
      const explicit = resolveOptions({ ...base, resource: 'https://api.example.com/mcp' });
      assert.deepEqual(explicit.issuers.get(issuer)!.audiences, ['api://default']);
    });

    it('names scopes_supported in 401 challenges only with scopeInChallenge', () => {
      const options = { ...base, resource: 'https://api.example.com/mcp', resourceMetadata: { scopesSupported: ['a', 'b'] } };
      assert.equal(resolveOptions(options).challenge.scope, undefined);
      assert.equal(resolveOptions({ ...options, scopeInChallenge: true }).challenge.scope, 'a b');
      refuses({ ...options, scopeInChallenge: 'yes' as never }, /scopeInChallenge must be true or false/);
    });

    it('refuses a maxTokenLength below 64 or not an integer', () => {
      refuses({ ...base, maxTokenLength: 10 }, /maxTokenLength must be an integer of at least 64/);
      refuses({ ...base, maxTokenLength: 100.5 }, /maxTokenLength/);
    });

    it('refuses a key cache lower bound above the upper bound', () => {
      refuses({ ...base, keys: { minCacheTtl: '2h', maxCacheTtl: '1h' } }, /keys\.minCacheTtl must not exceed keys\.maxCacheTtl/);
    });

    it('refuses a zero key fetch timeout', () => {
      refuses({ ...base, keys: { timeout: 0 } }, /keys\.timeout must be more than 0/);
    });

    it('refuses a hook that is not a function', () => {
      refuses({ ...base, onAuthFailure: 'log' }, /onAuthFailure must be a function/);
      refuses({ ...base, clock: 5 }, /clock must be a function/);
    });

    it('uses the injected clock and fetch', () => {
      const clock = () => 42;
      const fetchImpl = (async () => new Response('{}')) as typeof fetch;
      const resolved = resolveOptions({ ...base, clock, fetch: fetchImpl });
      assert.equal(resolved.clock(), 42);
      assert.equal(resolved.fetch, fetchImpl);
    });
  });
});
