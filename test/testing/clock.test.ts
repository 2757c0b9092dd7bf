import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestClock } from '../../src/testing/index.js';

describe('createTestClock', () => {
  it('starts at the given time and only moves when told', () => {
    const clock = createTestClock(Date.UTC(2026, 0, 1));
    assert.equal(clock.now(), 1_767_225_600_000);
    assert.equal(clock.now(), 1_767_225_600_000);
    clock.advance(61_000);
    assert.equal(clock.now(), 1_767_225_661_000);
    clock.advance(-1_000);
    assert.equal(clock.now(), 1_767_225_660_000);
    clock.set(5);
    assert.equal(clock.now(), 5);
  });

  it('defaults to the current time rounded down to the second', () => {
    const before = Date.now();
    const clock = createTestClock();
    assert.equal(clock.now() % 1000, 0);
    assert.ok(clock.now() <= before + 1000 && clock.now() > before - 1000, `${clock.now()} vs ${before}`);
  });

  it('keeps separate clocks independent', () => {
    const a = createTestClock(0);
    const b = createTestClock(0);
    a.advance(10);
    assert.equal(a.now(), 10);
    assert.equal(b.now(), 0);
  });

  it('rejects times that are not finite numbers', () => {
    assert.throws(() => createTestClock(Number.NaN), TypeError);
    const clock = createTestClock(0);
    assert.throws(() => clock.advance(Number.POSITIVE_INFINITY), /advance\(ms\) must be a finite number/);
    assert.throws(() => clock.set('1' as unknown as number), TypeError);
    assert.equal(clock.now(), 0);
  });
});
