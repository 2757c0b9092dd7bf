import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDuplicateMember, hasDuplicateMember } from '../../src/core/jws/json-duplicates.js';

/** What a case shows, the JSON text, and the member name it has twice (undefined: none). */
const cases: Array<[string, string, string | undefined]> = [
  ['an object without duplicates', '{"alg":"RS256","kid":"k1","typ":"at+jwt"}', undefined],
  ['a duplicate member at the top level', '{"alg":"RS256","alg":"none"}', 'alg'],
  ['a duplicate with white space around the tokens', '{ "a" : 1 ,\n  "b": 2,\t"a" :3 }', 'a'],
  ['a duplicate inside a nested object', '{"cnf":{"jkt":"x","jkt":"y"},"sub":"u"}', 'jkt'],
  ['a duplicate inside an object within an array', '{"list":[1,{"a":1,"a":2}]}', 'a'],
  ['a duplicate in the outer object after a nested one closes', '{"a":{"x":1,"y":[1,2]},"b":[{"a":1}],"a":2}', 'a'],
  ['the same name in sibling and nested objects', '{"a":{"a":{"a":1}},"b":{"a":2},"c":[{"a":1},{"a":2}]}', undefined],
  ['string values that equal member names', '{"a":"b","b":"a"}', undefined],
  ['repeated strings in an array', '{"a":["a","a"]}', undefined],
  ['braces, brackets, commas and colons inside strings', '{"a":"{\\"b\\":1,\\"b\\":2}","b":"}]},[{","c":"x,\\"a\\":"}', undefined],
  ['a duplicate after a brace inside a string', '{"a":"}","a":1}', 'a'],
  ['escaped quotes and backslashes that make names differ', '{"a\\"":1,"a":2,"a\\\\":3}', undefined],
  ['a duplicate after values ending in escaped backslashes', '{"x":"\\\\","y":"\\\\\\"","x":0}', 'x'],
  ['a duplicate name holding an escaped quote', '{"a\\"b":1,"a\\"b":2}', 'a"b'],
  ['a duplicate name ending in a backslash', '{"a\\\\":1,"b":"x\\\\","a\\\\":2}', 'a\\'],
  ['names that are equal once unescaped', '{"alg":"RS256","\\u0061lg":"none"}', 'alg'],
  ['a string value followed by a colon inside another string', '{"a":"b\\":","c":1}', undefined],
  ['__proto__ once, as an ordinary name', '{"__proto__":1,"a":2}', undefined],
  ['__proto__ twice', '{"__proto__":1,"__proto__":2}', '__proto__'],
  ['an array without objects', '["a","a"]', undefined],
  ['a lone string', '"a"', undefined],
  ['a lone number', '42', undefined],
];

describe('findDuplicateMember', () => {
  for (const [what, json, duplicate] of cases) {
    it(`answers ${duplicate === undefined ? 'nothing' : `'${duplicate}'`} for ${what}`, () => {
      assert.equal(findDuplicateMember(json), duplicate);
    });
  }

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

  for (const [what, json, duplicate] of cases) {
    it(`answers ${duplicate !== undefined} for ${what}`, () => {
      assert.equal(has(json), duplicate !== undefined);
    });
  }

  it('handles nesting thousands deep without recursion', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    assert.equal(has(deep), false);
    const deepDuplicate = `${'{"a":'.repeat(5000)}{"b":1,"b":2}${'}'.repeat(5000)}`;
    assert.equal(has(deepDuplicate), true);
  });
});
