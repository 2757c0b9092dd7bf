import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractToken, type Extraction, type RequestCredentials } from '../../src/core/request/extract-token.js';

// A syntactically valid compact JWS (the extractor never decodes it).
const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

function withHeader(value: string): RequestCredentials {
  return { rawHeaders: ['Host', 'api.example.com', 'Authorization', value] };
}

function failureCode(result: Extraction): string {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return result.ok ? '' : result.code;
}

const formPost = {
  method: 'POST',
  contentType: 'application/x-www-form-urlencoded',
  body: { access_token: token },
} satisfies RequestCredentials;

describe('extractToken', () => {
  describe('with no credentials (§14.1 A1)', () => {
    it('reports token_missing when there is no Authorization header', () => {
      const result = extractToken({ rawHeaders: ['Host', 'api.example.com'] });
      assert.deepEqual(result, { ok: false, code: 'token_missing', description: 'No bearer token in the Authorization header' });
    });

    it('reports token_missing when nothing at all is given', () => {
      assert.equal(failureCode(extractToken({})), 'token_missing');
    });

    it('treats an empty Authorization value like no header', () => {
      assert.equal(failureCode(extractToken(withHeader('   '))), 'token_missing');
    });
  });

  describe('the Authorization header (§14.1 A2–A4)', () => {
    it('returns the token of "Bearer <token>"', () => {
      assert.deepEqual(extractToken(withHeader(`Bearer ${token}`)), { ok: true, token });
    });

    for (const scheme of ['bEaReR', 'BEARER', 'bearer']) {
      it(`matches the scheme case-insensitively: ${scheme}`, () => {
        assert.deepEqual(extractToken(withHeader(`${scheme} ${token}`)), { ok: true, token });
      });
    }

    it('accepts several spaces between the scheme and the token', () => {
      assert.deepEqual(extractToken(withHeader(`Bearer   ${token}`)), { ok: true, token });
    });

    it('tolerates leading and trailing white space around the header value', () => {
      assert.deepEqual(extractToken(withHeader(` \tBearer ${token} \t`)), { ok: true, token });
    });

    it('reads the header from `authorization` when no raw headers are given', () => {
      assert.deepEqual(extractToken({ authorization: `Bearer ${token}` }), { ok: true, token });
    });

    it('accepts b64token padding and every b64token character', () => {
      const odd = 'AZaz09-._~+/==';
      assert.deepEqual(extractToken(withHeader(`Bearer ${odd}`)), { ok: true, token: odd });
    });

    it('finds the Authorization line whatever the case of its name in rawHeaders', () => {
      assert.deepEqual(extractToken({ rawHeaders: ['AUTHORIZATION', `Bearer ${token}`] }), { ok: true, token });
    });
  });

  describe('tokens known to be well-formed (the verified-token cache keeps only such tokens)', () => {
    it('asks whether the token is known, and does not scan a known one again', () => {
      const asked: string[] = [];
      const found = extractToken(withHeader(`Bearer ${token}`), { knownWellFormed: (t) => (asked.push(t), true) });
      assert.deepEqual(found, { ok: true, token });
      assert.deepEqual(asked, [token]);
      // Characters outside b64token pass only because they were not looked at: a scan would refuse them.
      assert.deepEqual(extractToken(withHeader('Bearer a,b'), { knownWellFormed: () => true }), { ok: true, token: 'a,b' });
    });

    it('scans every token that is not known, and still judges the length of a known one', () => {
      const unknown = extractToken(withHeader('Bearer a,b'), { knownWellFormed: () => false });
      assert.equal(failureCode(unknown), 'authorization_malformed');
      assert.equal(failureCode(extractToken(withHeader(`Bearer ${token}`), { knownWellFormed: () => true, maxLength: 10 })), 'token_too_large');
    });

    it('still refuses a second Authorization line, another scheme and a tab before a known token', () => {
      const known = { knownWellFormed: () => true };
      assert.equal(failureCode(extractToken({ rawHeaders: ['Authorization', `Bearer ${token}`, 'authorization', `Bearer ${token}`] }, known)), 'authorization_duplicated');
      assert.equal(failureCode(extractToken(withHeader(`Basic ${token}`), known)), 'scheme_not_bearer');
      assert.equal(failureCode(extractToken(withHeader(`Bearer\t${token}`), known)), 'authorization_malformed');
    });
  });

  describe('a malformed Bearer header (§14.1 A5, A6, A11)', () => {
    it('refuses "Bearer" with no token as authorization_malformed', () => {
      assert.equal(failureCode(extractToken(withHeader('Bearer'))), 'authorization_malformed');
    });

    it('refuses "Bearer " with only a trailing space as authorization_malformed', () => {
      assert.equal(failureCode(extractToken(withHeader('Bearer '))), 'authorization_malformed');
    });

    for (const [name, bad] of [
      ['braces', 'abc{def}'],
      ['a quote', `${token}"}`],
      ['a space inside', 'abc def'],
      ['a comma', 'abc,def'],
      ['padding in the middle', 'ab=cd'],
      ['only padding', '=='],
      ['a tab inside', 'abc\tdef'],
    ] as const) {
      it(`refuses a token containing ${name} as authorization_malformed`, () => {
        const result = extractToken(withHeader(`Bearer ${bad}`));
        assert.equal(failureCode(result), 'authorization_malformed');
        assert.ok(!result.ok && !result.description.includes(bad), 'the description must not echo the token');
      });
    }

    it(
      'refuses a tab between "Bearer" and the token as a malformed Bearer header, not as another scheme',
      () => {
        assert.equal(failureCode(extractToken(withHeader(`Bearer\t${token}`))), 'authorization_malformed');
      },
    );
  });

  describe('another scheme (§14.1 A7)', () => {
    it('reports scheme_not_bearer with a hint for Basic credentials', () => {
      const result = extractToken(withHeader('Basic dXNlcjpwYXNz'));
      assert.equal(failureCode(result), 'scheme_not_bearer');
      assert.ok(!result.ok && result.hint?.includes('Authorization: Bearer'));
    });

    it('does not take "Bearerx" for the Bearer scheme', () => {
      assert.equal(failureCode(extractToken(withHeader(`Bearerx ${token}`))), 'scheme_not_bearer');
    });
  });

  describe('two Authorization lines (§14.1 A8)', () => {
    it('reports authorization_duplicated for two lines in rawHeaders', () => {
      const result = extractToken({ rawHeaders: ['Authorization', `Bearer ${token}`, 'Authorization', `Bearer ${token}`] });
      assert.equal(failureCode(result), 'authorization_duplicated');
    });

    it('detects the duplicate whatever the case of the header names', () => {
      const result = extractToken({ rawHeaders: ['authorization', `Bearer ${token}`, 'X-Other', 'x', 'AuThOrIzAtIoN', 'Basic abc'] });
      assert.equal(failureCode(result), 'authorization_duplicated');
    });

    it('reports authorization_duplicated for an array of two values', () => {
      assert.equal(failureCode(extractToken({ authorization: [`Bearer ${token}`, `Bearer ${token}`] })), 'authorization_duplicated');
    });

    it('refuses one comma-joined value with two tokens as malformed', () => {
      assert.equal(failureCode(extractToken(withHeader(`Bearer ${token}, Bearer ${token}`))), 'authorization_malformed');
    });

    it('does not count headers whose name merely contains "authorization"', () => {
      const result = extractToken({ rawHeaders: ['Proxy-Authorization', 'Basic abc', 'Authorization', `Bearer ${token}`] });
      assert.deepEqual(result, { ok: true, token });
    });
  });

  describe('a token in the query string (§14.1 A10)', () => {
    it('reports token_in_query with a hint and never returns the query token', () => {
      const result = extractToken({ rawHeaders: [], hasQueryToken: true });
      assert.equal(failureCode(result), 'token_in_query');
      assert.ok(!result.ok && /query parameter is ignored/.test(result.hint ?? ''));
    });

    it('judges the header alone when a query token is also present', () => {
      assert.deepEqual(extractToken({ ...withHeader(`Bearer ${token}`), hasQueryToken: true }), { ok: true, token });
    });
  });

  describe('the token length limit', () => {
    it('refuses a token longer than maxLength as token_too_large', () => {
      const result = extractToken(withHeader(`Bearer ${'a'.repeat(101)}`), { maxLength: 100 });
      assert.equal(failureCode(result), 'token_too_large');
      assert.ok(!result.ok && result.description.includes('101') && result.description.includes('100'));
    });

    it('accepts a token exactly maxLength long', () => {
      const exact = 'a'.repeat(100);
      assert.deepEqual(extractToken(withHeader(`Bearer ${exact}`), { maxLength: 100 }), { ok: true, token: exact });
    });

    it('answers a malformed over-long value 400 authorization_malformed, not token_too_large: malformed is 400 whatever its length', () => {
      for (const value of [`,${'A'.repeat(200)}`, `${'A'.repeat(200)} x`, `${'A'.repeat(200)}"`, `${'A'.repeat(150)}=A${'A'.repeat(50)}`]) {
        assert.equal(failureCode(extractToken(withHeader(`Bearer ${value}`), { maxLength: 100 })), 'authorization_malformed', value);
      }
      assert.equal(failureCode(extractToken({ ...formPost, body: { access_token: `,${'a'.repeat(70)}` } }, { acceptBody: true, maxLength: 64 })), 'authorization_malformed');
    });

    it('applies a default limit of 16384 characters', () => {
      assert.equal(failureCode(extractToken(withHeader(`Bearer ${'a'.repeat(16_385)}`))), 'token_too_large');
      assert.equal(extractToken(withHeader(`Bearer ${'a'.repeat(16_384)}`)).ok, true);
    });
  });

  describe('attacker-sized header values', () => {
    // A whitespace run that does not end the value made the old trimming regex backtrack
    // quadratically: 16 KB of spaces (Node's header limit) cost ~170 ms of event loop per request.
    // Linear work takes about a millisecond here; the bound only catches the quadratic blow-up. It is
    // CPU time, which a busy machine does not stretch as it stretches the wall clock.
    it('reads a header with a long run of spaces before the token in linear time', () => {
      const value = `Bearer${' '.repeat(100_000)}x`;
      const started = process.cpuUsage();
      const result = extractToken(withHeader(value));
      const { user, system } = process.cpuUsage(started);
      const cpuMs = (user + system) / 1000;
      assert.deepEqual(result, { ok: true, token: 'x' });
      assert.ok(cpuMs < 1000, `extractToken took ${Math.round(cpuMs)} ms of CPU for a 100 000-space run`);
    });
  });

  describe('the form-body method (§14.1 A9)', () => {
    it('ignores a body token unless acceptBody is on', () => {
      assert.equal(failureCode(extractToken(formPost)), 'token_missing');
    });

    it('takes the body token of a form POST when acceptBody is on', () => {
      assert.deepEqual(extractToken(formPost, { acceptBody: true }), { ok: true, token });
    });

    it('accepts the form content type with parameters and in any case', () => {
      const result = extractToken({ ...formPost, contentType: 'Application/X-WWW-Form-Urlencoded; charset=utf-8' }, { acceptBody: true });
      assert.deepEqual(result, { ok: true, token });
    });

    it('ignores a body token on GET', () => {
      assert.equal(failureCode(extractToken({ ...formPost, method: 'GET' }, { acceptBody: true })), 'token_missing');
    });

    it('ignores a body token with a JSON content type', () => {
      assert.equal(failureCode(extractToken({ ...formPost, contentType: 'application/json' }, { acceptBody: true })), 'token_missing');
    });

    it('ignores a body token with no content type', () => {
      const { contentType: _, ...noType } = formPost;
      assert.equal(failureCode(extractToken(noType, { acceptBody: true })), 'token_missing');
    });

    it('checks the body token against the b64token syntax', () => {
      const result = extractToken({ ...formPost, body: { access_token: 'a b' } }, { acceptBody: true });
      assert.equal(failureCode(result), 'authorization_malformed');
    });

    it('checks the body token against maxLength', () => {
      const result = extractToken({ ...formPost, body: { access_token: 'a'.repeat(70) } }, { acceptBody: true, maxLength: 64 });
      assert.equal(failureCode(result), 'token_too_large');
    });

    it('refuses a Bearer header plus a body token as token_multiple_methods', () => {
      const result = extractToken({ ...formPost, ...withHeader(`Bearer ${token}`) }, { acceptBody: true });
      assert.equal(failureCode(result), 'token_multiple_methods');
    });

    it('does not report multiple methods when the body method is off', () => {
      const result = extractToken({ ...formPost, ...withHeader(`Bearer ${token}`) });
      assert.deepEqual(result, { ok: true, token });
    });
  });
});
