import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveCors } from '../../src/core/index.js';

describe('resolveCors', () => {
  it('is off unless configured', () => {
    assert.equal(resolveCors(undefined, false), undefined);
  });

  it('only exposes the challenge with exposeChallengeHeader', () => {
    assert.deepEqual(resolveCors(undefined, true)!('https://app.ex.com'), { 'Access-Control-Expose-Headers': 'WWW-Authenticate' });
  });

  it("allows any origin with '*' and exposes the challenge", () => {
    assert.deepEqual(resolveCors({ allowOrigins: '*' }, false)!(undefined), {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'WWW-Authenticate',
    });
  });

  it('echoes only a listed origin, and varies on Origin for every answer', () => {
    const policy = resolveCors({ allowOrigins: ['https://app.ex.com', 'http://localhost:5173'] }, false)!;
    assert.deepEqual(policy('http://localhost:5173'), {
      'Access-Control-Allow-Origin': 'http://localhost:5173',
      'Access-Control-Expose-Headers': 'WWW-Authenticate',
      Vary: 'Origin',
    });
    assert.deepEqual(policy('https://evil.ex.com'), { Vary: 'Origin' });
    assert.deepEqual(policy('https://app.ex.com.evil.com'), { Vary: 'Origin' });
    assert.deepEqual(policy(undefined), { Vary: 'Origin' });
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['an origin with a path', { allowOrigins: ['https://app.ex.com/'] }, /write it as "https:\/\/app\.ex\.com"/],
    ['a bare host', { allowOrigins: ['app.ex.com'] }, /is not an origin/],
    ['an empty list', { allowOrigins: [] }, /non-empty array/],
    ['a credentials flag', { allowOrigins: '*', credentials: true }, /unknown option "credentials"/],
  ];
  for (const [what, options, message] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(() => resolveCors(options as never, false), (e: unknown) => e instanceof TypeError && message.test(e.message));
    });
  }
});
