import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDuplicateMember, hasDuplicateMember } from '../../src/core/json-duplicates.js';

describe('findDuplicateMember', () => {
  it('finds nothing in an object without duplicates', () => {
    assert.equal(findDuplicateMember('{"alg":"RS256","kid":"k1","typ":"at+jwt"}'), undefined);
  });

  it('finds a duplicate member at the top level', () => {
    assert.equal(findDuplicateMember('{"alg":"RS256","alg":"none"}'), 'alg');
  });

  it('finds a duplicate with white space around the tokens', () => {
    assert.equal(findDuplicateMember('{ "a" : 1 ,\n  "b": 2,\t"a" :3 }'), 'a');
  });

  it('finds a duplicate inside a nested object', () => {
    assert.equal(findDuplicateMember('{"cnf":{"jkt":"x","jkt":"y"},"sub":"u"}'), 'jkt');
  });

  it('finds a duplicate inside an object within an array', () => {
    assert.equal(findDuplicateMember('{"list":[1,{"a":1,"a":2}]}'), 'a');
  });

  it('finds a duplicate in the outer object after a nested one closes', () => {
    assert.equal(findDuplicateMember('{"a":{"x":1,"y":[1,2]},"b":[{"a":1}],"a":2}'), 'a');
  });

  it('allows the same name in sibling and nested objects', () => {
    assert.equal(findDuplicateMember('{"a":{"a":{"a":1}},"b":{"a":2},"c":[{"a":1},{"a":2}]}'), undefined);
  });

  it('does not take string values for member names', () => {
    assert.equal(findDuplicateMember('{"a":"b","b":"a"}'), undefined);
    assert.equal(findDuplicateMember('{"a":["a","a"]}'), undefined);
  });

  it('is not confused by braces, brackets, commas and colons inside strings', () => {
    assert.equal(findDuplicateMember('{"a":"{\\"b\\":1,\\"b\\":2}","b":"}]},[{","c":"x,\\"a\\":"}'), undefined);
    assert.equal(findDuplicateMember('{"a":"}","a":1}'), 'a');
  });

  it('is not confused by escaped quotes and backslashes in names and values', () => {
    assert.equal(findDuplicateMember('{"a\\"":1,"a":2,"a\\\\":3}'), undefined);
    assert.equal(findDuplicateMember('{"x":"\\\\","y":"\\\\\\"","x":0}'), 'x');
    assert.equal(findDuplicateMember('{"a\\"b":1,"a\\"b":2}'), 'a"b');
  });

  it('compares names after unescaping', () => {
    assert.equal(findDuplicateMember('{"alg":"RS256","\\u0061lg":"none"}'), 'alg');
  });

  it('finds nothing in JSON that has no objects', () => {
    assert.equal(findDuplicateMember('["a","a"]'), undefined);
    assert.equal(findDuplicateMember('"a"'), undefined);
    assert.equal(findDuplicateMember('42'), undefined);
  });

  it('reports a duplicate exactly when one was planted, over a generated corpus of nested objects', () => {
    // Build objects as text with a known set of names per object, some with a planted duplicate.
    let seed = 7; // mulberry32: a small deterministic generator
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n | 0;
    };
    const names = ['a', 'b', 'c', '{', '"', '\\', ',', ':', 'a"'];
    function object(depth: number, plant: boolean): { text: string; dup: boolean } {
      const count = 1 + rand(4);
      const used: string[] = [];
      const members: string[] = [];
      let dup = false;
      for (let i = 0; i < count; i++) {
        const name = names[rand(names.length)]!;
        if (used.includes(name)) {
          if (!plant) continue;
          dup = true;
        }
        used.push(name);
        let value: string;
        if (depth > 0 && rand(2) === 0) {
          const inner = object(depth - 1, plant && rand(3) === 0);
          dup ||= inner.dup;
          value = rand(2) === 0 ? inner.text : `[${inner.text},"}"]`;
        } else {
          value = JSON.stringify(names[rand(names.length)]);
        }
        members.push(`${JSON.stringify(name)}:${value}`);
      }
      return { text: `{${members.join(',')}}`, dup };
    }
    let planted = 0;
    for (let i = 0; i < 300; i++) {
      const { text, dup } = object(3, i % 2 === 0);
      JSON.parse(text);
      assert.equal(findDuplicateMember(text) !== undefined, dup, text);
      assert.equal(hasDuplicateMember(text, JSON.parse(text)), dup, text);
      if (dup) planted++;
    }
    assert.ok(planted > 30 && planted < 270, `the corpus should mix both kinds (${planted} with duplicates)`);
  });
});

describe('hasDuplicateMember', () => {
  const has = (json: string) => hasDuplicateMember(json, JSON.parse(json));

  it('agrees with findDuplicateMember on the cases above', () => {
    for (const json of [
      '{"alg":"RS256","kid":"k1","typ":"at+jwt"}',
      '{"alg":"RS256","alg":"none"}',
      '{ "a" : 1 ,\n  "b": 2,\t"a" :3 }',
      '{"cnf":{"jkt":"x","jkt":"y"},"sub":"u"}',
      '{"list":[1,{"a":1,"a":2}]}',
      '{"a":{"x":1,"y":[1,2]},"b":[{"a":1}],"a":2}',
      '{"a":{"a":{"a":1}},"b":{"a":2},"c":[{"a":1},{"a":2}]}',
      '{"a":"b","b":"a"}',
      '{"a":"{\\"b\\":1,\\"b\\":2}","b":"}]},[{","c":"x,\\"a\\":"}',
      '{"a":"}","a":1}',
      '{"a\\"":1,"a":2,"a\\\\":3}',
      '{"x":"\\\\","y":"\\\\\\"","x":0}',
      '{"alg":"RS256","\\u0061lg":"none"}',
      '["a","a"]',
      '{"a\\\\":1,"b":"x\\\\","a\\\\":2}',
    ]) {
      assert.equal(has(json), findDuplicateMember(json) !== undefined, json);
    }
  });

  it('does not count a string value followed by a colon inside another string', () => {
    assert.equal(has('{"a":"b\\":","c":1}'), false);
  });

  it('counts __proto__ as an ordinary member name', () => {
    assert.equal(has('{"__proto__":1,"a":2}'), false);
    assert.equal(has('{"__proto__":1,"__proto__":2}'), true);
  });

  it('handles nesting thousands deep without recursion', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    assert.equal(has(deep), false);
    const deepDuplicate = `${'{"a":'.repeat(5000)}{"b":1,"b":2}${'}'.repeat(5000)}`;
    assert.equal(has(deepDuplicate), true);
  });
});
