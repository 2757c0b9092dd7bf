import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMetadataDocument, createMetadataResponder, resolveResource } from '../../src/core/index.js';

const base = { resource: 'https://api.ex.com/mcp', issuers: ['https://auth.ex.com'], acceptTokenInBody: false, options: undefined };

describe('buildMetadataDocument', () => {
  it('lists the issuers as authorization servers and the header transport, nothing empty', () => {
    assert.deepEqual(buildMetadataDocument(base), {
      resource: 'https://api.ex.com/mcp',
      authorization_servers: ['https://auth.ex.com'],
      bearer_methods_supported: ['header'],
    });
  });

  it('carries every member it is given, in RFC 9728 order', () => {
    const document = buildMetadataDocument({
      ...base,
      issuers: ['https://dev-1.okta.com/oauth2/default', 'https://dev-1.okta.com'],
      acceptTokenInBody: true,
      options: {
        scopesSupported: ['tools:read', 'tools:call tools:read'],
        resourceName: 'Orders MCP',
        resourceDocumentation: 'https://docs.ex.com/mcp',
        resourcePolicyUri: 'https://ex.com/policy',
        resourceTosUri: 'https://ex.com/tos',
      },
    });
    assert.equal(
      JSON.stringify(document),
      JSON.stringify({
        resource: 'https://api.ex.com/mcp',
        authorization_servers: ['https://dev-1.okta.com/oauth2/default', 'https://dev-1.okta.com'],
        scopes_supported: ['tools:read', 'tools:call'],
        bearer_methods_supported: ['header', 'body'],
        resource_name: 'Orders MCP',
        resource_documentation: 'https://docs.ex.com/mcp',
        resource_policy_uri: 'https://ex.com/policy',
        resource_tos_uri: 'https://ex.com/tos',
      }),
    );
  });

  it('leaves out empty scopes and issuer templates a client cannot discover', () => {
    const document = buildMetadataDocument({
      ...base,
      issuers: ['https://login.microsoftonline.com/{tenantid}/v2.0'],
      options: { scopesSupported: [] },
    });
    assert.deepEqual(Object.keys(document), ['resource', 'bearer_methods_supported']);
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['a URL string (the old meaning)', 'https://api.ex.com/.well-known/oauth-protected-resource', /resourceMetadata must be an object/],
    ['an unknown member', { jwksUri: 'https://x' }, /unknown member "jwksUri"/],
    ['a scope a challenge cannot carry', { scopesSupported: ['a"b'] }, /not a valid scope/],
    ['an empty name', { resourceName: ' ' }, /resourceName must be a non-empty string/],
    ['a documentation URL over http', { resourceDocumentation: 'http://docs.ex.com' }, /resourceDocumentation .* must use https/],
  ];
  for (const [what, options, message] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(() => buildMetadataDocument({ ...base, options: options as never }), (e: unknown) => e instanceof TypeError && message.test(e.message));
    });
  }
});

describe('createMetadataResponder', () => {
  const respond = createMetadataResponder(resolveResource(base.resource), buildMetadataDocument(base));

  it('answers GET and HEAD at both well-known paths with the JSON document for any origin', () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      for (const method of ['GET', 'HEAD']) {
        const answer = respond(method, path)!;
        assert.equal(answer.status, 200);
        assert.equal(answer.headers['Access-Control-Allow-Origin'], '*');
        assert.equal(answer.headers['Content-Type'], 'application/json; charset=utf-8');
        assert.equal(JSON.parse(answer.body!).resource, base.resource);
      }
    }
  });

  it('answers a preflight allowing the MCP protocol header', () => {
    const answer = respond('OPTIONS', '/.well-known/oauth-protected-resource/mcp')!;
    assert.equal(answer.status, 204);
    assert.equal(answer.body, undefined);
    assert.match(answer.headers['Access-Control-Allow-Headers']!, /MCP-Protocol-Version/);
    assert.equal(answer.headers['Access-Control-Allow-Methods'], 'GET, HEAD, OPTIONS');
  });

  it('refuses other methods with 405 and leaves other paths alone', () => {
    assert.equal(respond('POST', '/.well-known/oauth-protected-resource/mcp')!.status, 405);
    assert.equal(respond('GET', '/mcp'), undefined);
    assert.equal(respond('GET', '/.well-known/oauth-protected-resource/mcp/'), undefined);
    assert.equal(respond('GET', '/.well-known/oauth-protected-resource/other'), undefined);
  });
});
