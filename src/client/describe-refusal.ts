import type { TokenClientErrorCode } from './token-client-error.js';
import type { Provider } from './provider.js';

/** What was asked for, to name it in a description. */
export interface RefusalContext {
  readonly provider: Provider;
  readonly clientId: string;
  readonly authMethod: string;
  readonly tokenEndpoint: string;
  readonly scope: readonly string[];
  readonly audience: string | undefined;
  readonly resource: readonly string[];
}

const refusalCodes: ReadonlySet<string> = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'invalid_target',
  'access_denied',
  'invalid_request',
  'unsupported_grant_type',
]);

/** The error code for a refusal by the token endpoint: its own `error` when it is a known one. */
export function refusalCode(serverError: unknown): TokenClientErrorCode {
  return typeof serverError === 'string' && refusalCodes.has(serverError) ? (serverError as TokenClientErrorCode) : 'token_request_refused';
}

/**
 * Says, in the spirit of the Okta and Auth0 troubleshooting guides, what a refusal from the token
 * endpoint most likely means and what to change. Never includes the secret or the assertion.
 */
export function describeRefusal(code: TokenClientErrorCode, status: number, context: RefusalContext): string {
  const at = `The token endpoint ${context.tokenEndpoint} answered ${status} ${code}`;
  const asked = context.scope.length > 0 ? `scope '${context.scope.join(' ')}'` : 'no scope';
  switch (code) {
    case 'invalid_client':
      return `${at}: it did not accept client '${context.clientId}' with ${context.authMethod}. Check the client id and secret (a rotated or mistyped secret is the usual cause), that the app is registered for ${context.authMethod}${
        context.authMethod === 'private_key_jwt'
          ? ', that the authorization server holds the public key that matches privateKey (and its kid), and that the assertion audience is what it expects (Okta: the token endpoint URL; Auth0: https://{domain}/)'
          : ''
      }. Not retried: the same credentials will be refused again.`;
    case 'unauthorized_client':
      return `${at}: client '${context.clientId}' may not use the client-credentials grant. ${providerGrantHint(context.provider)} Not retried.`;
    case 'invalid_scope':
      return `${at}: client '${context.clientId}' asked for ${asked}, which it has not been granted or the server does not define. ${providerScopeHint(context.provider)} Not retried.`;
    case 'access_denied':
      return `${at}: ${
        context.provider === 'auth0'
          ? `audience '${context.audience ?? ''}' must be the exact Identifier of an API in this tenant (Applications > APIs), and the application must be authorized for it (the API's Machine to Machine Applications tab)`
          : `the authorization server's policy refuses client '${context.clientId}' a token for ${asked}${context.audience ? ` and audience '${context.audience}'` : ''}; check the access policies that apply to this client`
      }. Not retried.`;
    case 'invalid_target':
      return `${at}: resource ${context.resource.map((r) => `'${r}'`).join(', ') || `'${context.audience ?? ''}'`} is not an API this server issues tokens for, or not one this client may ask for. Use the API's exact identifier (RFC 8707). Not retried.`;
    case 'unsupported_grant_type':
      return `${at}: this server or endpoint does not offer the client-credentials grant. Check that tokenEndpoint (or the issuer) names the authorization server that serves your API. Not retried.`;
    case 'invalid_request':
      return `${at}: the server found the request malformed${
        context.provider === 'entra' ? " (Entra ID needs scope '<API App ID URI>/.default' for client credentials)" : ''
      }; its error_description says which parameter. Not retried.`;
    default:
      return `${at}: the request was refused. Not retried: a 4xx from the token endpoint means the configuration needs a change.`;
  }
}

function providerGrantHint(provider: Provider): string {
  if (provider === 'okta') return "In Okta, the app must be an API Services (service) app with the Client Credentials grant, and the authorization server's access policy must allow that grant.";
  if (provider === 'auth0') return 'In Auth0, use a Machine to Machine application and enable the Client Credentials grant (Advanced Settings > Grant Types).';
  if (provider === 'entra') return 'In Entra ID, the app registration needs a client secret or certificate and application permissions granted by an admin.';
  return 'Enable the client-credentials grant for this client in the authorization server.';
}

function providerScopeHint(provider: Provider): string {
  if (provider === 'okta') return "In Okta, grant Okta API scopes under Applications > (app) > Okta API Scopes, or for a custom authorization server add the scope and allow it in an access policy rule.";
  if (provider === 'auth0') return "In Auth0, grant the permissions under Applications > APIs > (API) > Machine to Machine Applications; scopes are the API's permission names.";
  if (provider === 'entra') return "Entra ID takes exactly '<API App ID URI>/.default' for client credentials; application permissions are granted in the app registration.";
  return 'Grant the scope to the client in the authorization server, or ask for fewer scopes.';
}
