import { readLimited } from '../core/keys/fetch-json.js';
import { retryHintMs } from '../core/keys/http-hints.js';
import { describeRefusal, refusalCode, type RefusalContext } from './describe-refusal.js';
import type { ResolvedClientOptions } from './options.js';
import { tokenRequestParams, type TokenTarget } from './provider.js';
import type { TokenClientErrorCode } from './token-client-error.js';

/** A token as the client holds it. */
export interface HeldToken {
  readonly accessToken: string;
  /** Epoch ms: the request was sent at `obtainedAt`, so `expires_in` counts from then. */
  readonly obtainedAt: number;
  readonly expiresAt: number;
  /** From here on a new token is fetched in the background. */
  readonly refreshAt: number;
}

/** The result of one token request. */
export type Attempt =
  | { ok: true; token: HeldToken }
  | {
      ok: false;
      code: TokenClientErrorCode;
      description: string;
      retryable: boolean;
      status?: number;
      /** Epoch ms the server asked us to wait until (429/503 headers). */
      retryAt?: number;
      serverError?: string;
      serverDescription?: string;
      /** Set when discovery, not the token endpoint, failed. */
      fromDiscovery?: true;
    };

const maxResponseBytes = 256 * 1024;
// RFC 6750 §2.1 b64token: what may follow "Bearer " in a header, so a token cannot inject one.
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Makes one client-credentials token request to `endpoint` and classifies the answer: a token, a
 * refusal that retrying cannot fix (4xx), or a failure worth retrying (network, timeout, 5xx, 429,
 * garbage) with the server's reset time if it gave one.
 */
export async function requestToken(endpoint: string, target: TokenTarget, options: ResolvedClientOptions): Promise<Attempt> {
  const { auth, clock, timeoutMs } = options;
  const credentials = await auth.credentialsFor(endpoint, options.assertionAudience ? { audience: options.assertionAudience } : {});
  const body = tokenRequestParams(options.provider, target);
  for (const [name, value] of Object.entries(credentials.params)) body.set(name, value);
  const sentAt = clock();
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...credentials.headers },
      body,
      // A redirected POST would carry the client's credentials to another URL.
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    const reason = signal.aborted ? `no answer within ${timeoutMs} ms` : `request failed (${errorName(error)})`;
    return unavailable(`The token endpoint ${endpoint} could not be reached: ${reason}`);
  }

  let text: string | undefined;
  try {
    text = await readLimited(response, maxResponseBytes);
  } catch {
    return unavailable(`The token endpoint ${endpoint} answered ${response.status} but the body could not be read${signal.aborted ? ` within ${timeoutMs} ms` : ''}`, response.status);
  }
  const json = parseJson(text);
  const status = response.status;

  if (status === 200) return acceptToken(json, sentAt, endpoint, options);
  if (status === 429 || status === 503) {
    const now = clock();
    const hint = retryHintMs(response.headers, now, { serverDate: true });
    return {
      ok: false,
      code: status === 429 ? 'rate_limited' : 'token_endpoint_unavailable',
      description: `The token endpoint ${endpoint} answered ${status}${hint === undefined ? '' : ` and asked to wait ${Math.ceil(hint / 1000)} s`}`,
      retryable: true,
      status,
      ...(hint === undefined ? {} : { retryAt: now + hint }),
    };
  }
  if (status >= 500) return unavailable(`The token endpoint ${endpoint} answered ${status}`, status);

  const serverError = printable(json?.error, 100);
  const serverDescription = printable(json?.error_description, 300);
  const code = status >= 300 && status < 400 ? 'token_request_refused' : refusalCode(serverError);
  const context: RefusalContext = {
    provider: options.provider,
    clientId: auth.clientId,
    authMethod: auth.method,
    tokenEndpoint: endpoint,
    scope: target.scope,
    audience: target.audience,
    resource: target.resource,
  };
  let description = describeRefusal(code, status, context);
  if (serverDescription) description += ` The server said: "${serverDescription}".`;
  if (status >= 300 && status < 400) description = `The token endpoint ${endpoint} answered ${status} (a redirect): configure the final token endpoint URL; credentials are never sent on to another URL.`;
  return {
    ok: false,
    code,
    description,
    retryable: false,
    status,
    ...(serverError === undefined ? {} : { serverError }),
    ...(serverDescription === undefined ? {} : { serverDescription }),
  };
}

function acceptToken(json: Record<string, unknown> | undefined, sentAt: number, endpoint: string, options: ResolvedClientOptions): Attempt {
  const invalid = (why: string, retryable = true): Attempt => ({
    ok: false,
    code: 'token_response_invalid',
    description: `The token endpoint ${endpoint} answered 200 but ${why}`,
    retryable,
    status: 200,
  });
  if (json === undefined) return invalid('the body is not a JSON object (a proxy or maintenance page?)');
  const accessToken = json.access_token;
  if (typeof accessToken !== 'string' || !b64token.test(accessToken)) return invalid('without a usable access_token');
  const tokenType = json.token_type;
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    return invalid(`with token_type ${JSON.stringify(String(tokenType).slice(0, 20))}; this client sends Bearer tokens only`, false);
  }
  const lifetimeMs = lifetimeOf(json.expires_in, accessToken) ?? options.defaultLifetimeMs;
  const margin = Math.min(options.refreshMarginMs ?? Math.max(60_000, lifetimeMs / 10), lifetimeMs / 2);
  const expiresAt = sentAt + lifetimeMs;
  return { ok: true, token: { accessToken, obtainedAt: sentAt, expiresAt, refreshAt: expiresAt - margin } };
}

/** `expires_in` (a number, or a numeric string as some servers send), else a JWT's `exp - iat`. */
function lifetimeOf(expiresIn: unknown, accessToken: string): number | undefined {
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  try {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat) return (claims.exp - claims.iat) * 1000;
  } catch {
    // not a JWT: the default lifetime applies
  }
  return undefined;
}

/** A server-sent string as it may appear in a message or log line: one line, bounded. */
function printable(value: unknown, max: number): string | undefined {
  return typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, max) : undefined;
}

function unavailable(description: string, status?: number): Attempt {
  return { ok: false, code: 'token_endpoint_unavailable', description, retryable: true, ...(status === undefined ? {} : { status }) };
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function errorName(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return cause ?? (error instanceof Error ? error.name : 'unknown error');
}
