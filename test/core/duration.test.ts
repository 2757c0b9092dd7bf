import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSeconds, parseDurationSeconds } from '../../src/core/lib/duration.js';

describe('parseDurationSeconds', () => {
  for (const [input, seconds] of [
    [60, 60],
    [0, 0],
    [1.5, 1.5],
    ['60', 60],
    ['60s', 60],
    ['45sec', 45],
    ['2m', 120],
    ['2min', 120],
    ['1.5m', 90],
    ['1h', 3600],
    ['1d', 86_400],
    ['500ms', 0.5],
    [' 30 s ', 30],
  ] as const) {
    it(`reads ${JSON.stringify(input)} as ${seconds} seconds`, () => {
      assert.equal(parseDurationSeconds(input, 'clockTolerance'), seconds);
    });
  }

  for (const input of [-1, Number.NaN, Number.POSITIVE_INFINITY, 'abc', '', '-5s', '1w', '2 minutes', '1h30m', '1e3', '2M']) {
    it(`throws a TypeError naming the option for ${typeof input === 'string' ? JSON.stringify(input) : String(input)}`, () => {
      assert.throws(() => parseDurationSeconds(input, 'keys.timeout'), (err: unknown) => {
        assert.ok(err instanceof TypeError);
        assert.match(err.message, /^bearer-guard: keys\.timeout must be a non-negative number of seconds or a string like '60s'/);
        return true;
      });
    });
  }

  it('throws for a value that is neither number nor string', () => {
    assert.throws(() => parseDurationSeconds(null as unknown as string, 'x'), TypeError);
  });
});

describe('formatSeconds', () => {
  for (const [seconds, text] of [
    [0, '0s'],
    [45, '45s'],
    [60, '1m'],
    [61, '1m1s'],
    [192, '3m12s'],
    [3600, '1h'],
    [7500, '2h5m'],
    [3661, '1h1m'],
    [86_400, '1d'],
    [97_200, '1d3h'],
    [59.6, '1m'],
    [0.4, '0s'],
    [-61, '1m1s'],
  ] as const) {
    it(`formats ${seconds} s as ${text}`, () => {
      assert.equal(formatSeconds(seconds), text);
    });
  }
});
