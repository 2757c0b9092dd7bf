import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTestIssuer, parseWwwAuthenticate, type TestIssuer } from 'bearer-guard/testing';
import { createOrdersMcpApp } from './orders-mcp.js';

// The MCP SDK's real client (client-credentials provider, Streamable HTTP) against the example
// server, with the testing kit's issuer as the authorization server. The client is given only the
// MCP server's URL and its credentials: it finds the rest from the server's answers.

/** What the MCP server received, recorded before the app sees it. */
interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  status?: number;
  challenge?: string;
}

/** What the client sent, to any server. */
interface Sent {
  url: string;
  authorization: string | null;
  body: string;
}

const secrets = { agent: 'agent-secret-7f3a', reader: 'reader-secret-91c2' };

let issuer: TestIssuer;
let server: Server;
let resource: string;
let received: Received[] = [];

before(async () => {
  issuer = await createTestIssuer();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  resource = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  issuer.registerClient({ clientId: 'agent', clientSecret: secrets.agent, scopes: ['orders:read', 'orders:write'], audiences: [resource] });
  issuer.registerClient({ clientId: 'reader', clientSecret: secrets.reader, scopes: ['orders:read'], audiences: [resource] });
  const app = createOrdersMcpApp({ issuer: issuer.issuer, resource });
  server.on('request', (req, res) => {
    const entry: Received = { method: req.method!, path: req.url!, authorization: req.headers.authorization };
    received.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.challenge = res.getHeader('www-authenticate') as string | undefined;
    });
    app(req, res);
  });
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await issuer.close();
});

beforeEach(() => {
  received = [];
  issuer.resetHits();
});

/** The SDK's client, configured as its README says, sending through a recording fetch. */
async function connect(clientId: keyof typeof secrets, scope: string, sent: Sent[] = []) {
  const transport = new StreamableHTTPClientTransport(new URL(resource), {
    authProvider: new ClientCredentialsProvider({ clientId, clientSecret: secrets[clientId], scope, expectedIssuer: issuer.issuer }),
    fetch: async (url, init) => {
      sent.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization'), body: String(init?.body ?? '') });
      return fetch(url, init);
    },
  });
  const client = new Client({ name: 'orders-agent', version: '1.0.0' });
  await client.connect(transport);
  return { client, sent };
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as Array<{ type: string; text?: string }>;
  return first?.text ?? '';
}

describe("the MCP SDK's client against an MCP server guarded by bearer-guard", () => {
  it('starts from a bare 401, finds the authorization server through the metadata, gets a token for the resource and calls tools', async () => {
    const { client } = await connect('agent', 'orders:read orders:write');
    try {
      assert.match(textOf(await client.callTool({ name: 'list-orders', arguments: {} })), /"o-1"/);
      assert.equal(textOf(await client.callTool({ name: 'cancel-order', arguments: { id: 'o-1' } })), 'order o-1 cancelled by agent');
    } finally {
      await client.close();
    }

    const [first, second, third] = received;
    assert.deepEqual([first?.method, first?.path, first?.authorization, first?.status], ['POST', '/mcp', undefined, 401]);
    const [challenge] = parseWwwAuthenticate(first!.challenge!);
    assert.equal(challenge?.params.resource_metadata, new URL('/.well-known/oauth-protected-resource/mcp', resource).href);
    assert.equal(challenge?.params.scope, 'orders:read');
    assert.equal(challenge?.params.error, undefined, 'no credentials: a bare challenge');
    assert.deepEqual([second?.method, second?.path, second?.status], ['GET', '/.well-known/oauth-protected-resource/mcp', 200]);
    assert.equal(third?.status, 200);
    assert.match(third?.authorization ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);

    const tokenRequests = issuer.tokenRequests();
    assert.equal(tokenRequests.length, 1, 'one token for the whole session');
    assert.deepEqual(
      { ...tokenRequests[0] },
      { grantType: 'client_credentials', clientId: 'agent', authMethod: 'client_secret_basic', scopes: ['orders:read', 'orders:write'], resources: [resource], outcome: 'issued' },
    );
  });

  it('answers a tool call needing a scope the token lacks 403 insufficient_scope with scope="orders:write"', async () => {
    const { client } = await connect('reader', 'orders:read');
    try {
      assert.match(textOf(await client.callTool({ name: 'list-orders', arguments: {} })), /"o-1"/);
      await assert.rejects(client.callTool({ name: 'cancel-order', arguments: { id: 'o-1' } }), /403/);
    } finally {
      await client.close();
    }
    const refusals = received.filter((entry) => entry.status === 403);
    assert.ok(refusals.length >= 1);
    for (const refusal of refusals) {
      const [challenge] = parseWwwAuthenticate(refusal.challenge!);
      assert.equal(challenge?.params.error, 'insufficient_scope');
      assert.equal(challenge?.params.scope, 'orders:write');
      assert.equal(challenge?.params.resource_metadata, new URL('/.well-known/oauth-protected-resource/mcp', resource).href);
    }
    // The SDK's client-credentials provider asks for its configured scope, not the challenge's (README).
    for (const tokenRequest of issuer.tokenRequests()) assert.deepEqual(tokenRequest.scopes, ['orders:read']);
  });

  it('never sends its client credentials to the MCP server', async () => {
    const sent: Sent[] = [];
    const problems: unknown[] = [];
    for (const [clientId, scope] of [['agent', 'orders:read orders:write'], ['reader', 'orders:read']] as const) {
      try {
        const { client } = await connect(clientId, scope, sent);
        await client.callTool({ name: 'cancel-order', arguments: { id: 'o-2' } }).catch((error: unknown) => clientId === 'reader' || problems.push(error));
        await client.close();
      } catch (error) {
        problems.push(error); // looked at after the traffic: what was sent matters most
      }
    }

    // On the wire to the MCP server: only the MCP endpoint and the metadata, only bearer tokens.
    assert.ok(received.length > 0);
    for (const entry of received) {
      assert.ok(['/mcp', '/.well-known/oauth-protected-resource/mcp'].includes(entry.path), `${entry.method} ${entry.path}`);
      assert.ok(entry.authorization === undefined || /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(entry.authorization), entry.authorization);
    }
    // Everything the clients sent: the secrets went to the token endpoint and nowhere else.
    const carriesSecret = (s: Sent) =>
      Object.values(secrets).some(
        (secret) => s.body.includes(secret) || s.url.includes(secret) || (/^Basic /.test(s.authorization ?? '') && decodeURIComponent(Buffer.from(s.authorization!.slice(6), 'base64').toString()).includes(secret)),
      );
    const withSecret = sent.filter(carriesSecret);
    assert.ok(withSecret.length >= 2, 'both clients authenticated at the token endpoint');
    for (const s of withSecret) assert.equal(s.url, issuer.tokenEndpoint);
    for (const s of sent.filter((s) => s.url.startsWith(new URL(resource).origin))) assert.ok(!carriesSecret(s), s.url);
    assert.deepEqual(problems, []);
  });
});
