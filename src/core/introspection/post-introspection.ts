import { errorName, readLimited } from '../keys/fetch-json.js';

/** What the introspection endpoint answered, read within the time and size limits. */
export type IntrospectionHttpResult =
  | { ok: true; contentType: string; text: string; headers: Headers }
  | { ok: false; status?: number; headers?: Headers; reason: string };

/** The introspection response media type of RFC 9701. */
export const jwtResponseType = 'application/token-introspection+jwt';

export interface PostIntrospectionDeps {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * POSTs one introspection request (RFC 7662 §2.1). Never throws: network errors, timeouts, non-200
 * answers and oversized bodies come back as `{ ok: false, reason }`. Redirects are not followed:
 * the request carries our client credentials and the token, and both go only to the configured URL.
 */
export async function postIntrospection(
  endpoint: string,
  request: { body: URLSearchParams; headers: Record<string, string> },
  { fetch, timeoutMs, maxBytes }: PostIntrospectionDeps,
): Promise<IntrospectionHttpResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      signal,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...request.headers },
      body: request.body.toString(),
    });
  } catch (error) {
    return { ok: false, reason: signal.aborted ? `no answer within ${timeoutMs} ms` : `request failed (${errorName(error)})` };
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    const redirect = response.status >= 300 && response.status < 400 ? ' (a redirect, not followed: configure the final URL)' : '';
    return { ok: false, status: response.status, headers: response.headers, reason: `HTTP ${response.status}${redirect}` };
  }
  let text: string | undefined;
  try {
    text = await readLimited(response, maxBytes);
  } catch (error) {
    return { ok: false, status: 200, reason: signal.aborted ? `no complete answer within ${timeoutMs} ms` : `reading failed (${errorName(error)})` };
  }
  if (text === undefined) return { ok: false, status: 200, reason: `response larger than ${maxBytes} bytes` };
  return { ok: true, contentType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase(), text, headers: response.headers };
}
