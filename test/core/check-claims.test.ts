import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAudience, checkClaims, checkTimes, type ClaimExpectations } from '../../src/core/claims/check-claims.js';

const now = 1_767_225_600; // 2026-01-01T00:00:00Z
const audience = 'api://default';
const expectations: ClaimExpectations = { audiences: [audience], toleranceSec: 60, strict: false };

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: 'https://x.okta.com/oauth2/default', sub: 'u1', aud: audience, iat: now - 10, exp: now + 3600, ...extra };
}

describe('checkTimes', () => {
  it('accepts a token well within its lifetime', () => {
    assert.equal(checkTimes(claims(), now, 60), undefined);
  });

  it('accepts a token expired 30 s ago with a 60 s tolerance (§14.2 T11)', () => {
    assert.equal(checkTimes({ exp: now - 30 }, now, 60), undefined);
  });

  it('refuses a token expired 61 s ago with a 60 s tolerance, saying how long ago and the tolerance (§14.2 T12)', () => {
    const failure = checkTimes({ exp: now - 61 }, now, 60);
    assert.equal(failure?.code, 'token_expired');
    assert.match(failure?.description ?? '', /expired 1m1s ago/);
    assert.match(failure?.description ?? '', /clock tolerance 1m\b/);
    assert.match(failure?.description ?? '', /2025-12-31T23:58:59Z/);
    assert.match(failure?.description ?? '', /now 2026-01-01T00:00:00Z/);
  });

  it('accepts a token one second inside the tolerance', () => {
    assert.equal(checkTimes({ exp: now - 59 }, now, 60), undefined);
  });

  it('refuses a token whose exp is exactly now minus the tolerance', () => {
    assert.equal(checkTimes({ exp: now - 60 }, now, 60)?.code, 'token_expired');
  });

  it('refuses a token whose exp is now when there is no tolerance', () => {
    assert.equal(checkTimes({ exp: now }, now, 0)?.code, 'token_expired');
    assert.equal(checkTimes({ exp: now + 1 }, now, 0), undefined);
  });

  it('refuses a token with nbf 120 s in the future (§14.2 T13)', () => {
    const failure = checkTimes({ exp: now + 600, nbf: now + 120 }, now, 60);
    assert.equal(failure?.code, 'token_not_yet_valid');
    assert.match(failure?.description ?? '', /2m from now/);
    assert.match(failure?.description ?? '', /clock tolerance 1m/);
  });

  it('accepts nbf exactly at now plus the tolerance', () => {
    assert.equal(checkTimes({ exp: now + 600, nbf: now + 60 }, now, 60), undefined);
    assert.equal(checkTimes({ exp: now + 600, nbf: now + 61 }, now, 60)?.code, 'token_not_yet_valid');
  });

  it('refuses a token issued in the future beyond the tolerance', () => {
    const failure = checkTimes({ exp: now + 600, iat: now + 300 }, now, 60);
    assert.equal(failure?.code, 'token_issued_in_future');
    assert.match(failure?.description ?? '', /5m in the future/);
  });

  it('accepts iat in the future within the tolerance', () => {
    assert.equal(checkTimes({ exp: now + 600, iat: now + 60 }, now, 60), undefined);
  });

  it('refuses a token with no exp as expiry_missing', () => {
    assert.equal(checkTimes({ iat: now }, now, 60)?.code, 'expiry_missing');
  });

  for (const [name, payload] of [
    ['exp as a string', { exp: String(now + 600) }],
    ['exp as null', { exp: null }],
    ['exp as NaN', { exp: Number.NaN }],
    ['exp as Infinity', { exp: Number.POSITIVE_INFINITY }],
    ['nbf as a string', { exp: now + 600, nbf: 'soon' }],
    ['iat as a boolean', { exp: now + 600, iat: true }],
  ] as const) {
    it(`refuses ${name} as claim_invalid`, () => {
      assert.equal(checkTimes(payload, now, 60)?.code, 'claim_invalid');
    });
  }

  // Finite numbers, so valid NumericDates, but beyond what a Date can show (±8.64e15 ms).
  for (const [code, payload] of [
    ['token_expired', { exp: -1e300 }],
    ['token_not_yet_valid', { exp: now + 600, nbf: 1e300 }],
    ['token_issued_in_future', { exp: now + 600, iat: 1e300 }],
  ] as const) {
    it(`refuses a time claim far outside the Date range as ${code}, without throwing`, () => {
      const failure = checkTimes(payload, now, 60);
      assert.equal(failure?.code, code);
      assert.match(failure?.description ?? '', /out of range/);
    });
  }
});

describe('checkAudience', () => {
  it('accepts an aud string equal to an accepted audience', () => {
    assert.equal(checkAudience({ aud: audience }, [audience]), undefined);
  });

  it('accepts an aud array containing an accepted audience (§14.2 T9)', () => {
    assert.equal(checkAudience({ aud: ['x', audience] }, ['other', audience]), undefined);
  });

  it('refuses a token with no aud as audience_missing', () => {
    const failure = checkAudience({}, [audience]);
    assert.equal(failure?.code, 'audience_missing');
    assert.match(failure?.description ?? '', /'api:\/\/default'/);
  });

  it('refuses a mismatch and names both the token audience and the accepted one', () => {
    const failure = checkAudience({ aud: 'api://other' }, [audience]);
    assert.equal(failure?.code, 'audience_mismatch');
    assert.match(failure?.description ?? '', /'api:\/\/other'/);
    assert.match(failure?.description ?? '', /'api:\/\/default'/);
  });

  it('compares exactly: a trailing slash is a mismatch (§14.2 T10)', () => {
    const failure = checkAudience({ aud: 'https://api.ex.com/mcp/' }, ['https://api.ex.com/mcp']);
    assert.equal(failure?.code, 'audience_mismatch');
  });

  it('compares case-sensitively', () => {
    assert.equal(checkAudience({ aud: 'API://default' }, [audience])?.code, 'audience_mismatch');
  });

  it('refuses an aud of the wrong type as claim_invalid', () => {
    assert.equal(checkAudience({ aud: 42 }, [audience])?.code, 'claim_invalid');
    assert.equal(checkAudience({ aud: [audience, 42] }, [audience])?.code, 'claim_invalid');
    assert.equal(checkAudience({ aud: null }, [audience])?.code, 'claim_invalid');
  });

  it('skips the check when audiences is null', () => {
    assert.equal(checkAudience({}, null), undefined);
    assert.equal(checkAudience({ aud: 'anything' }, null), undefined);
  });
});

describe('checkClaims', () => {
  it('accepts a plain access token outside strict mode', () => {
    assert.equal(checkClaims({ alg: 'RS256' }, claims(), expectations, now), undefined);
  });

  describe('strict RFC 9068 mode', () => {
    const strict = { ...expectations, strict: true };

    it('refuses typ JWT as typ_mismatch (§14.2 T14)', () => {
      const failure = checkClaims({ alg: 'RS256', typ: 'JWT' }, claims(), strict, now);
      assert.equal(failure?.code, 'typ_mismatch');
      assert.match(failure?.description ?? '', /'JWT'/);
    });

    it('refuses a missing typ and says it is missing', () => {
      const failure = checkClaims({ alg: 'RS256' }, claims(), strict, now);
      assert.equal(failure?.code, 'typ_mismatch');
      assert.match(failure?.description ?? '', /typ is missing/);
    });

    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT', 'application/AT+JWT']) {
      it(`accepts typ ${typ}`, () => {
        assert.equal(checkClaims({ alg: 'RS256', typ }, claims(), strict, now), undefined);
      });
    }

    it('refuses look-alike types', () => {
      for (const typ of ['jwt+at', 'text/at+jwt', 'at+jwt ', 'application/jwt']) {
        assert.equal(checkClaims({ alg: 'RS256', typ }, claims(), strict, now)?.code, 'typ_mismatch', typ);
      }
    });

    it('does not look at typ outside strict mode', () => {
      assert.equal(checkClaims({ alg: 'RS256', typ: 'JWT' }, claims(), expectations, now), undefined);
    });
  });

  it('reports time failures', () => {
    assert.equal(checkClaims({}, claims({ exp: now - 61 }), expectations, now)?.code, 'token_expired');
  });

  it('reports audience failures', () => {
    assert.equal(checkClaims({}, claims({ aud: 'api://other' }), expectations, now)?.code, 'audience_mismatch');
  });

  it('refuses a token with a nonce as id_token_presented', () => {
    const failure = checkClaims({}, claims({ nonce: 'n-0S6_WzA2Mj' }), expectations, now);
    assert.equal(failure?.code, 'id_token_presented');
    assert.match(failure?.description ?? '', /nonce/);
  });

  it('refuses a Cognito ID token (token_use=id) as id_token_presented', () => {
    const failure = checkClaims({}, claims({ token_use: 'id' }), expectations, now);
    assert.equal(failure?.code, 'id_token_presented');
    assert.match(failure?.description ?? '', /token_use=id/);
  });

  it('accepts a Cognito access token (token_use=access)', () => {
    assert.equal(checkClaims({}, claims({ token_use: 'access' }), expectations, now), undefined);
  });

  it(
    'names an Okta ID token whose aud is the client id as an ID token, not as a wrong audience (§14.2 T16)',
    () => {
      const idToken = claims({ aud: '0oa1b2c3d4ClientId', nonce: 'n-0S6_WzA2Mj' });
      assert.equal(checkClaims({ alg: 'RS256' }, idToken, expectations, now)?.code, 'id_token_presented');
    },
  );

  it('refuses a token with cnf as token_sender_constrained (§14.1 A14)', () => {
    const failure = checkClaims({}, claims({ cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' } }), expectations, now);
    assert.equal(failure?.code, 'token_sender_constrained');
  });
});
