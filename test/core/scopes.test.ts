import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingScopes, parseRequiredScopes, readTokenScopes } from '../../src/core/claims/scopes.js';

describe('parseRequiredScopes', () => {
  it('splits a space-separated string into scopes', () => {
    assert.deepEqual(parseRequiredScopes(['a b'], 'requireScopes'), ['a', 'b']);
  });

  it('reads several arguments and arrays of scopes', () => {
    assert.deepEqual(parseRequiredScopes(['a', ['b', 'c d'], 'e'], 'requireScopes'), ['a', 'b', 'c', 'd', 'e']);
  });

  it('removes duplicates and keeps the first order', () => {
    assert.deepEqual(parseRequiredScopes(['b a', ['a', 'b'], 'c b'], 'requireScopes'), ['b', 'a', 'c']);
  });

  it('ignores repeated and surrounding spaces', () => {
    assert.deepEqual(parseRequiredScopes(['  a   b '], 'requireScopes'), ['a', 'b']);
  });

  it('accepts every printable character RFC 6750 allows in a scope', () => {
    assert.deepEqual(parseRequiredScopes(["files:read api://x/y.z !#$%&'()*+,-./[]^_`{|}~"], 'requireScopes'), [
      'files:read',
      'api://x/y.z',
      "!#$%&'()*+,-./[]^_`{|}~",
    ]);
  });

  for (const [name, input] of [
    ['a quote', 'a"b'],
    ['a backslash', 'a\\b'],
    ['a tab', 'a\tb'],
    ['a newline', 'a\nb'],
    ['non-ASCII', 'café'],
  ] as const) {
    it(`throws a TypeError naming the scope for ${name}`, () => {
      assert.throws(() => parseRequiredScopes([input], 'requireScopes'), (err: unknown) => {
        assert.ok(err instanceof TypeError);
        assert.match(err.message, /^bearer-guard: requireScopes: .* is not a valid scope/);
        return true;
      });
    });
  }

  it('throws a TypeError for an empty list', () => {
    assert.throws(() => parseRequiredScopes([], 'requireScopes'), { name: 'TypeError', message: /requireScopes needs at least one scope/ });
  });

  it('throws a TypeError for only empty strings', () => {
    assert.throws(() => parseRequiredScopes(['', '  ', []], 'requireAnyScope'), { name: 'TypeError', message: /requireAnyScope needs at least one scope/ });
  });

  it('throws a TypeError for a value that is not a string', () => {
    const bad = [42] as unknown as string[];
    assert.throws(() => parseRequiredScopes(bad, 'requireScopes'), { name: 'TypeError', message: /takes scope strings; got 42/ });
  });
});

describe('readTokenScopes', () => {
  it('reads an scp array (Okta) (§14.2 T18)', () => {
    assert.deepEqual(readTokenScopes({ scp: ['a', 'b'] }, false), ['a', 'b']);
  });

  it('reads an scp string split on spaces (Entra)', () => {
    assert.deepEqual(readTokenScopes({ scp: 'User.Read Files.ReadWrite' }, false), ['User.Read', 'Files.ReadWrite']);
  });

  it('reads a space-separated scope string (RFC 9068, Auth0)', () => {
    assert.deepEqual(readTokenScopes({ scope: 'openid  read:users ' }, false), ['openid', 'read:users']);
  });

  it('merges scp and scope without duplicates', () => {
    assert.deepEqual(readTokenScopes({ scp: ['a', 'b'], scope: 'b c' }, false), ['a', 'b', 'c']);
  });

  it('keeps first occurrences in order for a few scopes and for many', () => {
    for (const count of [3, 40]) {
      const names = Array.from({ length: count }, (_, i) => `s${i}`);
      const repeated = [...names, ...names.slice().reverse()];
      assert.deepEqual(readTokenScopes({ scp: repeated, scope: repeated.join(' '), permissions: names }, true), names);
    }
  });

  it('never splits an array element: ["a b"] is one scope', () => {
    assert.deepEqual(readTokenScopes({ scp: ['a b'] }, false), ['a b']);
  });

  it('never treats a scope string as one scope', () => {
    const scopes = readTokenScopes({ scope: 'a b' }, false);
    assert.ok(scopes && !scopes.includes('a b'));
  });

  it('reads permissions only when enabled', () => {
    const claims = { scope: 'a', permissions: ['read:users', 'write:users'] };
    assert.deepEqual(readTokenScopes(claims, false), ['a']);
    assert.deepEqual(readTokenScopes(claims, true), ['a', 'read:users', 'write:users']);
  });

  it('ignores a malformed permissions claim when permissions are off', () => {
    assert.deepEqual(readTokenScopes({ scope: 'a', permissions: 7 }, false), ['a']);
  });

  it('returns an empty list when the token has no scope claims', () => {
    assert.deepEqual(readTokenScopes({ sub: 'u' }, true), []);
  });

  for (const [name, claims, permissions] of [
    ['scp as a number', { scp: 1 }, false],
    ['scope as an array of numbers', { scope: [1, 2] }, false],
    ['scp as an object', { scp: { a: true } }, false],
    ['scope as null', { scope: null }, false],
    ['an array mixing strings and numbers', { scp: ['a', 2] }, false],
    ['permissions as a string-less array when enabled', { permissions: [true] }, true],
  ] as const) {
    it(`returns undefined for ${name}`, () => {
      assert.equal(readTokenScopes(claims as Record<string, unknown>, permissions), undefined);
    });
  }
});

describe('missingScopes', () => {
  it('returns nothing when every required scope is granted', () => {
    assert.deepEqual(missingScopes(['a', 'b', 'c'], ['c', 'a']), []);
  });

  it('returns exactly the required scopes that are not granted, in required order', () => {
    assert.deepEqual(missingScopes(['a'], ['c', 'a', 'b']), ['c', 'b']);
  });

  it('compares case-sensitively (§14.2 T20)', () => {
    assert.deepEqual(missingScopes(['Read'], ['read']), ['read']);
  });

  it('does not match a scope by prefix or substring', () => {
    assert.deepEqual(missingScopes(['files:read:all', 'files'], ['files:read']), ['files:read']);
  });
});
