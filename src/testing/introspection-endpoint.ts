import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from './authorization-server.js';
import type { FaultInjector } from './faults.js';
import type { KeyRing } from './keys.js';
import { send, type EndpointResponse } from './respond.js';
import { signJws } from './sign-jws.js';
import type { ClientRegistry } from './test-clients.js';
import { oauthError, readBody } from './token-endpoint.js';
import type { TokenRegistry } from './token-registry.js';

/** @internal */
export interface IntrospectionEndpointSetup {
  readonly issuer: string;
  readonly faults: FaultInjector;
  readonly clients: ClientRegistry;
  readonly tokens: TokenRegistry;
  readonly keys: KeyRing;
  readonly now: () => number;
}

const jwtResponseType = 'application/token-introspection+jwt';

/**
 * The introspection endpoint of the test authorization server (RFC 7662): a registered client
 * authenticates as at the token endpoint, `token` is required, and the answer is the token's
 * members with `active: true` or just `{ active: false }` (revoked, expired, unknown). A request
 * that accepts `application/token-introspection+jwt` gets the RFC 9701 signed JWT instead. Faults
 * apply after the body is read.
 *
 * @internal
 */
export function createIntrospectionRoute(setup: IntrospectionEndpointSetup): Route {
  return (res: ServerResponse, req: IncomingMessage) => {
    readBody(req).then(
      (body) => setup.faults.handle('introspection', res, () => answer(setup, req, body)),
      () => send(res, oauthError(400, 'invalid_request', 'request body missing, unreadable or larger than 64 KiB')),
    );
  };
}

async function answer(setup: IntrospectionEndpointSetup, req: IncomingMessage, body: string): Promise<EndpointResponse> {
  const form = new URLSearchParams(body);
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    return oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const check = await setup.clients.authenticate(req.headers.authorization, form);
  if (!check.ok) {
    const headers = check.basic ? { 'www-authenticate': `Basic realm="${setup.issuer}"` } : undefined;
    return oauthError(check.status, check.error, check.description, headers);
  }
  const token = form.get('token');
  if (!token || form.getAll('token').length > 1) return oauthError(400, 'invalid_request', 'exactly one token parameter is required');
  const members = await setup.tokens.introspect(token);
  const headers = { 'cache-control': 'no-store' };
  if (!(req.headers.accept ?? '').toLowerCase().includes(jwtResponseType)) {
    return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(members) };
  }
  const key = setup.keys.current('RS256');
  const claims = { iss: setup.issuer, aud: check.client.clientId, iat: Math.floor(setup.now() / 1000), token_introspection: members };
  const jwt = signJws({ alg: 'RS256', kid: key.kid, typ: 'token-introspection+jwt' }, claims, { alg: 'RS256', key: key.privateKey });
  return { status: 200, headers: { ...headers, 'content-type': jwtResponseType }, body: jwt };
}
