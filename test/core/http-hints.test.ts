import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheLifetimeMs, maxRetryHintMs, retryHintMs } from '../../src/core/keys/http-hints.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const nowSec = now / 1000;
const policy = { minTtlMs: 60_000, maxTtlMs: 86_400_000, defaultTtlMs: 600_000 };

describe('retryHintMs', () => {
  it('reads Retry-After in seconds', () => {
    assert.equal(retryHintMs(new Headers({ 'Retry-After': '17' }), now), 17_000);
  });

  it('reads Retry-After as an HTTP-date relative to now', () => {
    assert.equal(retryHintMs(new Headers({ 'Retry-After': 'Thu, 01 Jan 2026 00:02:00 GMT' }), now), 120_000);
  });

  it('gives 1000 ms for Retry-After: 0 and for an HTTP-date in the past', () => {
    assert.equal(retryHintMs(new Headers({ 'Retry-After': '0' }), now), 1000);
    assert.equal(retryHintMs(new Headers({ 'Retry-After': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now), 1000);
  });

  it("reads Okta's x-rate-limit-reset as absolute epoch seconds (§14.5: now+17 → 17 s)", () => {
    assert.equal(retryHintMs(new Headers({ 'x-rate-limit-reset': String(nowSec + 17) }), now), 17_000);
  });

  it("reads Auth0's x-ratelimit-reset as absolute epoch seconds", () => {
    assert.equal(retryHintMs(new Headers({ 'X-RateLimit-Reset': String(nowSec + 45) }), now), 45_000);
  });

  it('gives 1000 ms for a reset in the past', () => {
    assert.equal(retryHintMs(new Headers({ 'x-rate-limit-reset': String(nowSec - 600) }), now), 1000);
  });

  it('prefers Retry-After to the reset headers', () => {
    assert.equal(retryHintMs(new Headers({ 'Retry-After': '5', 'x-rate-limit-reset': String(nowSec + 60) }), now), 5000);
  });

  it('falls back to the reset header when Retry-After cannot be read', () => {
    assert.equal(retryHintMs(new Headers({ 'Retry-After': 'soon', 'x-rate-limit-reset': String(nowSec + 60) }), now), 60_000);
  });

  it('returns undefined without any hint', () => {
    assert.equal(retryHintMs(new Headers(), now), undefined);
    assert.equal(retryHintMs(new Headers({ 'x-rate-limit-reset': 'tomorrow' }), now), undefined);
  });

  it("measures reset times against the server's Date header when asked, surviving our clock's skew", () => {
    const serverDate = new Date(now - 120_000).toUTCString(); // our clock runs 2 minutes ahead
    const headers = (extra: Record<string, string>) => new Headers({ date: serverDate, ...extra });
    const reset = String(nowSec - 120 + 10);
    assert.equal(retryHintMs(headers({ 'x-rate-limit-reset': reset }), now, { serverDate: true }), 10_000);
    assert.equal(retryHintMs(headers({ 'x-ratelimit-reset': reset }), now, { serverDate: true }), 10_000);
    assert.equal(retryHintMs(headers({ 'retry-after': new Date(now - 110_000).toUTCString() }), now, { serverDate: true }), 10_000);
    assert.equal(retryHintMs(headers({ 'retry-after': '10' }), now, { serverDate: true }), 10_000);
    assert.equal(retryHintMs(headers({ 'x-rate-limit-reset': reset }), now), 1000, 'without the option: our clock');
    assert.equal(retryHintMs(new Headers({ date: 'garbage', 'x-rate-limit-reset': String(nowSec + 10) }), now, { serverDate: true }), 10_000, 'an unreadable Date falls back to our clock');
  });

  it('caps every hint at one hour', () => {
    assert.equal(maxRetryHintMs, 3_600_000);
    assert.equal(retryHintMs(new Headers({ 'Retry-After': '86400' }), now), maxRetryHintMs);
    assert.equal(retryHintMs(new Headers({ 'Retry-After': 'Wed, 21 Oct 2099 07:28:00 GMT' }), now), maxRetryHintMs);
    assert.equal(retryHintMs(new Headers({ 'x-rate-limit-reset': String(nowSec + 7200) }), now), maxRetryHintMs);
  });
});

describe('cacheLifetimeMs', () => {
  it('raises max-age=5 to the lower bound', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'max-age=5' }), policy), 60_000);
  });

  it("lowers Okta's max-age=3832304 to the upper bound (§14.5)", () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'max-age=3832304, must-revalidate' }), policy), 86_400_000);
  });

  it('uses max-age within the bounds as is', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'public, max-age=3600' }), policy), 3_600_000);
  });

  for (const value of ['no-store', 'no-cache', 'private, no-cache, max-age=3600', 'max-age=3600, no-store']) {
    it(`gives the lower bound for "${value}"`, () => {
      assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': value }), policy), 60_000);
    });
  }

  it('gives the default lifetime without a Cache-Control header', () => {
    assert.equal(cacheLifetimeMs(new Headers(), policy), 600_000);
  });

  it('gives the default lifetime for a Cache-Control without max-age', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'public' }), policy), 600_000);
  });

  it('does not read s-maxage as max-age', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 's-maxage=3600' }), policy), 600_000);
  });

  it('subtracts the Age header from max-age', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'max-age=3600', Age: '600' }), policy), 3_000_000);
  });

  it('gives the lower bound when Age exceeds max-age', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'max-age=600', Age: '900' }), policy), 60_000);
  });

  it('ignores an Age header that is not a number', () => {
    assert.equal(cacheLifetimeMs(new Headers({ 'Cache-Control': 'max-age=3600', Age: 'old' }), policy), 3_600_000);
  });
});
