import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from './authorization-server.js';
import type { FaultInjector } from './faults.js';
import type { EndpointResponse } from './respond.js';
import { send } from './respond.js';
import type { ClientRegistry, RegisteredClient, TestClientAuthMethod } from './test-clients.js';
import type { TokenOptions } from './tokens.js';

/** One request the token endpoint answered without a fault: who asked, for what, and the outcome. */
export interface TokenRequestRecord {
  readonly grantType: string | undefined;
  /** The authenticated client, if authentication succeeded. */
  readonly clientId: string | undefined;
  readonly authMethod: TestClientAuthMethod | undefined;
  /** Scopes asked for (`scope` split on spaces). */
  readonly scopes: readonly string[];
  /** RFC 8707 `resource` values and Auth0's `audience`, in order. */
  readonly resources: readonly string[];
  /** `'issued'`, or the RFC 6749 §5.2 error answered. */
  readonly outcome: 'issued' | string;
}

/** @internal */
export interface TokenEndpointSetup {
  readonly issuer: string;
  readonly faults: FaultInjector;
  readonly clients: ClientRegistry;
  readonly mint: (options: TokenOptions) => Promise<string>;
  readonly record: (entry: TokenRequestRecord) => void;
}

const maxBodyBytes = 64 * 1024;

/**
 * The token endpoint of the test authorization server: the client-credentials grant (RFC 6749 §4.4)
 * with client authentication, `scope` limited to the client's registration, RFC 8707 `resource` (and
 * Auth0's `audience`) becoming `aud`, and the errors of RFC 6749 §5.2. Faults apply after the body is read.
 *
 * @internal
 */
export function createTokenRoute(setup: TokenEndpointSetup): Route {
  return (res: ServerResponse, req: IncomingMessage) => {
    readBody(req).then(
      (body) => setup.faults.handle('token', res, () => answer(setup, req, body)),
      () => send(res, oauthError(400, 'invalid_request', 'request body missing, unreadable or larger than 64 KiB')),
    );
  };
}

async function answer(setup: TokenEndpointSetup, req: IncomingMessage, body: string): Promise<EndpointResponse> {
  const form = new URLSearchParams(body);
  const grantType = form.get('grant_type') ?? undefined;
  const scopes = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
  const resources = [...form.getAll('resource'), ...form.getAll('audience')];
  const refuse = (response: EndpointResponse & { error: string }, clientId?: string, method?: TestClientAuthMethod) => {
    setup.record({ grantType, clientId, authMethod: method, scopes, resources, outcome: response.error });
    return response;
  };

  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    return refuse(oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded'));
  }
  const repeated = [...new Set(form.keys())].find((name) => name !== 'resource' && form.getAll(name).length > 1);
  if (repeated !== undefined) return refuse(oauthError(400, 'invalid_request', `parameter ${repeated} is repeated`));

  const check = await setup.clients.authenticate(req.headers.authorization, form);
  if (!check.ok) {
    const headers = check.basic ? { 'www-authenticate': `Basic realm="${setup.issuer}"` } : undefined;
    return refuse(oauthError(check.status, check.error, check.description, headers));
  }
  const { client, method } = check;
  const fail = (status: number, error: string, description: string) => refuse(oauthError(status, error, description), client.clientId, method);

  if (grantType === undefined) return fail(400, 'invalid_request', 'grant_type is missing');
  if (grantType !== 'client_credentials') return fail(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
  const unknownScopes = scopes.filter((scope) => !client.scopes.includes(scope));
  if (unknownScopes.length > 0) {
    return fail(400, 'invalid_scope', `the client is not allowed scope ${unknownScopes.join(' ')}`);
  }
  const audience = chooseAudience(client, resources);
  if (typeof audience === 'object' && 'problem' in audience) return fail(400, 'invalid_target', audience.problem);

  const granted = scopes.length > 0 ? scopes : [...client.scopes];
  const accessToken = await setup.mint({
    subject: client.clientId,
    clientId: client.clientId,
    audience,
    scopes: granted,
    expiresIn: client.tokenLifetimeSeconds,
  });
  setup.record({ grantType, clientId: client.clientId, authMethod: method, scopes, resources, outcome: 'issued' });
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
    body: JSON.stringify({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: client.tokenLifetimeSeconds,
      ...(granted.length > 0 ? { scope: granted.join(' ') } : {}),
    }),
  };
}

function chooseAudience(client: RegisteredClient, resources: string[]): string | string[] | { problem: string } {
  if (resources.length === 0) return client.audiences[0] ?? '';
  for (const resource of resources) {
    if (!client.audiences.includes(resource)) return { problem: `the client may not obtain tokens for ${resource}` };
  }
  return resources.length === 1 ? (resources[0] as string) : resources;
}

/** An RFC 6749 §5.2 error answer. @internal */
export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): EndpointResponse & { error: string } {
  return {
    error,
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
    body: JSON.stringify({ error, error_description: description }),
  };
}

/** Reads a request body of at most 64 KiB. @internal */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is read to its end and dropped, so the answer can still be sent.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => (size > maxBodyBytes ? reject(new Error('body too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}
