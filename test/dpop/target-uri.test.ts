import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publicRequestUrl, type RequestTarget } from '../../src/core/dpop/public-url.js';
import { normalizeTargetUri } from '../../src/core/dpop/target-uri.js';

describe('htu normalization (RFC 3986 §6.2.2, §6.2.3)', () => {
  const same: Array<[string, string]> = [
    ['https://api.example.com/a/b', 'HTTPS://API.Example.COM/a/b'],
    ['https://api.example.com/a/b', 'https://api.example.com:443/a/b'],
    ['http://api.example.com/', 'http://api.example.com:80'],
    ['https://api.example.com/a/b', 'https://api.example.com/a/./c/../b'],
    ['https://api.example.com/%7Euser', 'https://api.example.com/~user'],
    ['https://api.example.com/a%2Fb', 'https://api.example.com/a%2fb'],
    ['https://api.example.com/a', 'https://api.example.com/a?q=1#frag'],
  ];
  for (const [a, b] of same) {
    it(`${b} names ${a}`, () => assert.equal(normalizeTargetUri(b), normalizeTargetUri(a)));
  }
  const different: Array<[string, string]> = [
    ['https://api.example.com/a', 'https://api.example.com/A'],
    ['https://api.example.com/a', 'https://api.example.com/a/'],
    ['https://api.example.com/a', 'https://api.example.com:8443/a'],
    ['https://api.example.com/a', 'http://api.example.com/a'],
    ['https://api.example.com/a%2Fb', 'https://api.example.com/a/b'],
  ];
  for (const [a, b] of different) {
    it(`${b} does not name ${a}`, () => assert.notEqual(normalizeTargetUri(b), normalizeTargetUri(a)));
  }
  it('has no form for relative, non-http or unparsable URIs', () => {
    for (const uri of ['/a', 'ftp://example.com/a', 'https://', 'not a uri']) assert.equal(normalizeTargetUri(uri), undefined, uri);
  });
});

describe('the public URL of a request', () => {
  const target = (url: string, headers: Record<string, string | string[]>, encrypted = false): RequestTarget => ({
    url,
    encrypted,
    header: (name) => headers[name],
  });

  it('by default is the request as received: TLS or not, Host, path without query', () => {
    assert.equal(publicRequestUrl(target('/a?x=1', { host: 'api.test:3000' }), { kind: 'request' }), 'http://api.test:3000/a');
    assert.equal(publicRequestUrl(target('/a', { host: 'api.test' }, true), { kind: 'request' }), 'https://api.test/a');
  });

  it('by default ignores X-Forwarded-* and Forwarded', () => {
    const headers = { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com', forwarded: 'proto=https;host=api.example.com' };
    assert.equal(publicRequestUrl(target('/a', headers), { kind: 'request' }), 'http://internal:3000/a');
  });

  it('reads the headers the options name, and only those', () => {
    const headers = { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com, evil.example', forwarded: 'for=1.2.3.4;proto=https;host="other.example.com"' };
    assert.equal(publicRequestUrl(target('/a', headers), { kind: 'x-forwarded' }), 'https://api.example.com/a');
    assert.equal(publicRequestUrl(target('/a', headers), { kind: 'forwarded' }), 'https://other.example.com/a');
  });

  it('with a fixed base URL, appends the request path to it whatever the headers say', () => {
    const headers = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    assert.equal(publicRequestUrl(target('/a?q', headers), { kind: 'fixed', base: 'https://api.example.com/v1' }), 'https://api.example.com/v1/a');
  });

  it('has none when the Host is missing, sent twice or not an authority', () => {
    assert.equal(publicRequestUrl(target('/a', {}), { kind: 'request' }), undefined);
    assert.equal(publicRequestUrl(target('/a', { host: ['a', 'b'] }), { kind: 'request' }), undefined);
    assert.equal(publicRequestUrl(target('/a', { host: 'user@evil.example' }), { kind: 'request' }), undefined);
    assert.equal(publicRequestUrl(target('/a', { host: 'a.test', 'x-forwarded-proto': 'gopher' }), { kind: 'x-forwarded' }), undefined);
  });
});
