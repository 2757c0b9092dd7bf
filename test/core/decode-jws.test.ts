import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJwsDecoder, decodeJws, type DecodedJws, type DecodeFailure } from '../../src/core/jws/decode-jws.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const header = b64('{"alg":"RS256","kid":"k1","typ":"at+jwt"}');
const payload = b64('{"iss":"https://issuer.example","sub":"u1","exp":1767225600}');
const signature = Buffer.from([1, 2, 3, 250, 251, 252]).toString('base64url');

function failure(result: DecodedJws | DecodeFailure): DecodeFailure {
  assert.ok('code' in result, `expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

describe('decodeJws', () => {
  it('decodes a three-part compact JWS into header, payload, signing input and signature bytes', () => {
    const result = decodeJws(`${header}.${payload}.${signature}`);
    assert.ok(!('code' in result));
    assert.deepEqual(result.header, { alg: 'RS256', kid: 'k1', typ: 'at+jwt' });
    assert.deepEqual(result.payload, { iss: 'https://issuer.example', sub: 'u1', exp: 1767225600 });
    assert.equal(result.signingInput, `${header}.${payload}`);
    assert.deepEqual([...result.signature], [1, 2, 3, 250, 251, 252]);
  });

  it('decodes a JWS with an empty signature (left for the algorithm check to refuse)', () => {
    const result = decodeJws(`${header}.${payload}.`);
    assert.ok(!('code' in result));
    assert.equal(result.signature.length, 0);
  });

  it('reports five base64url parts as token_encrypted (§14.1 A12)', () => {
    const result = failure(decodeJws('eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn'));
    assert.equal(result.code, 'token_encrypted');
    assert.match(result.description, /encrypted \(JWE\) or opaque/);
  });

  it('reports a direct-encryption JWE (empty key part) as token_encrypted', () => {
    assert.equal(failure(decodeJws('eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn')).code, 'token_encrypted');
  });

  for (const [name, token, count] of [
    ['two parts', `${header}.${payload}`, 2],
    ['four parts', `${header}.${payload}.${signature}.x`, 4],
    ['one part', 'opaque-token-value', 1],
    ['six parts', 'a.b.c.d.e.f', 6],
  ] as const) {
    it(`reports ${name} as token_malformed and says how many parts it found`, () => {
      const result = failure(decodeJws(token));
      assert.equal(result.code, 'token_malformed');
      assert.match(result.description, new RegExp(`got ${count}$`));
    });
  }

  it('refuses characters outside base64url (JSON serialization, padding, + and /)', () => {
    for (const token of [`${header}=.${payload}.${signature}`, `${header}.${payload}.ab+/`, '{"payload":"x"}', `${header}.${payload}.a b`]) {
      assert.equal(failure(decodeJws(token)).code, 'token_malformed', token);
    }
  });

  it('refuses an empty header or payload part', () => {
    assert.equal(failure(decodeJws(`.${payload}.${signature}`)).code, 'token_malformed');
    assert.equal(failure(decodeJws(`${header}..${signature}`)).code, 'token_malformed');
  });

  it('refuses a header that is not JSON', () => {
    const result = failure(decodeJws(`${b64('not json')}.${payload}.${signature}`));
    assert.equal(result.code, 'token_malformed');
    assert.match(result.description, /header is not base64url-encoded JSON/);
  });

  it('refuses a payload that is not JSON', () => {
    const result = failure(decodeJws(`${header}.${b64('{"a":')}.${signature}`));
    assert.match(result.description, /payload is not base64url-encoded JSON/);
  });

  for (const [name, json] of [
    ['an array', '[{"alg":"RS256"}]'],
    ['a string', '"RS256"'],
    ['a number', '42'],
    ['null', 'null'],
  ] as const) {
    it(`refuses a header that is ${name}`, () => {
      const result = failure(decodeJws(`${b64(json)}.${payload}.${signature}`));
      assert.equal(result.code, 'token_malformed');
      assert.match(result.description, /header is not a JSON object/);
    });
  }

  it('refuses a header with a duplicate alg (§14.2 T24)', () => {
    const result = failure(decodeJws(`${b64('{"alg":"RS256","alg":"none"}')}.${payload}.${signature}`));
    assert.equal(result.code, 'token_malformed');
    assert.match(result.description, /header has the member 'alg' twice/);
  });

  it('refuses a payload with a duplicate claim', () => {
    const result = failure(decodeJws(`${header}.${b64('{"sub":"a","aud":"x","sub":"b"}')}.${signature}`));
    assert.match(result.description, /payload has the member 'sub' twice/);
  });

  it('refuses a duplicate written with a unicode escape', () => {
    const result = failure(decodeJws(`${b64('{"alg":"RS256","\\u0061lg":"none"}')}.${payload}.${signature}`));
    assert.match(result.description, /'alg' twice/);
  });
});

describe('createJwsDecoder: decoded headers are shared within one decoder', () => {
  const decoder = createJwsDecoder();
  const decodedHeader = (headerText: string, decode = decoder) => {
    const result = decode(`${b64(headerText)}.${payload}.${signature}`);
    assert.ok(!('code' in result));
    return result.header;
  };

  it('keeps nothing between decodeJws calls and nothing between two decoders: no state outside a verifier', () => {
    const text = '{"alg":"ES256","kid":"apart","typ":"at+jwt"}';
    const once = decodedHeader(text, decodeJws);
    assert.notEqual(decodedHeader(text, decodeJws), once);
    assert.deepEqual(decodedHeader(text, decodeJws), once);
    assert.ok(Object.isFrozen(once), 'decodeJws freezes the header too');
    const other = createJwsDecoder();
    assert.notEqual(decodedHeader(text, other), decodedHeader(text));
  });

  it('gives tokens with the same header text one frozen header object', () => {
    const text = '{"alg":"ES256","kid":"shared","typ":"at+jwt","x5t":{"a":[1]}}';
    const first = decodedHeader(text);
    assert.equal(decodedHeader(text), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.x5t) && Object.isFrozen((first.x5t as { a: unknown }).a));
    assert.throws(() => {
      (first as Record<string, unknown>).alg = 'none';
    }, TypeError);
  });

  it('freezes a header nested 20 000 deep without recursion', () => {
    const depth = 20_000;
    const deep = decodedHeader(`{"alg":"RS256","x":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    let level = deep.x as unknown[];
    for (let i = 1; i < depth; i++) level = level[0] as unknown[];
    assert.ok(Object.isFrozen(level));
  });

  it('decodes a long header each time, frozen as well', () => {
    const text = JSON.stringify({ alg: 'RS256', kid: 'k'.repeat(400) });
    const first = decodedHeader(text);
    const second = decodedHeader(text);
    assert.notEqual(second, first);
    assert.deepEqual(second, first);
    assert.ok(Object.isFrozen(second));
  });

  it('keeps at most 32 headers, dropping the oldest', () => {
    const text = (i: number) => `{"alg":"RS256","kid":"bound-${i}"}`;
    const oldest = decodedHeader(text(0));
    for (let i = 1; i < 32; i++) decodedHeader(text(i));
    assert.equal(decodedHeader(text(0)), oldest, 'still kept with 31 others');
    decodedHeader(text(32));
    assert.notEqual(decodedHeader(text(0)), oldest, 'dropped after a 33rd');
  });
});
