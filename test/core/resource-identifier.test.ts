import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveResource } from '../../src/core/index.js';

describe('resolveResource', () => {
  it('inserts the well-known path between the host and the path (RFC 9728 §3.1)', () => {
    const identity = resolveResource('https://api.ex.com/mcp');
    assert.equal(identity.resource, 'https://api.ex.com/mcp');
    assert.equal(identity.metadataUrl, 'https://api.ex.com/.well-known/oauth-protected-resource/mcp');
    assert.deepEqual(identity.metadataPaths, ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']);
  });

  it('serves a resource without a path at the root well-known URL only', () => {
    for (const resource of ['https://api.ex.com', 'https://api.ex.com/']) {
      const identity = resolveResource(resource);
      assert.equal(identity.resource, resource);
      assert.equal(identity.metadataUrl, 'https://api.ex.com/.well-known/oauth-protected-resource');
      assert.deepEqual(identity.metadataPaths, ['/.well-known/oauth-protected-resource']);
    }
  });

  it('keeps a significant trailing slash and a port in the path-inserted URL', () => {
    const identity = resolveResource('http://127.0.0.1:8080/v1/mcp/');
    assert.equal(identity.metadataUrl, 'http://127.0.0.1:8080/.well-known/oauth-protected-resource/v1/mcp/');
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['plain http to a public host', 'http://api.ex.com/mcp', /must use https/],
    ['a fragment', 'https://api.ex.com/mcp#x', /must not contain a fragment/],
    ['a query', 'https://api.ex.com/mcp?tenant=1', /must not contain a query/],
    ['a relative URI', '/mcp', /not an absolute URL/],
    ['credentials', 'https://user:pw@api.ex.com/mcp', /must not contain credentials/],
    ['an upper-case host', 'https://API.ex.com/mcp', /not in canonical form; write it as "https:\/\/api\.ex\.com\/mcp"/],
    ['the default port', 'https://api.ex.com:443/mcp', /write it as "https:\/\/api\.ex\.com\/mcp"/],
    ['dot segments', 'https://api.ex.com/a/../mcp', /write it as "https:\/\/api\.ex\.com\/mcp"/],
    ['a space', 'https://api.ex.com/m cp', /printable ASCII/],
    ['a non-string', 42, /must be an absolute https URL string/],
  ];
  for (const [what, value, message] of refusals) {
    it(`refuses ${what} with a TypeError`, () => {
      assert.throws(() => resolveResource(value), (error: unknown) => error instanceof TypeError && message.test(error.message));
    });
  }
});
