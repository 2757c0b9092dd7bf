import { httpGetJson } from './http-get-json.js';
import { jsonResult } from './json-result.js';
import { isLoopbackHost } from './issuer-url.js';

/** The part of a response's headers the rate-limit and cache hints read (a `Headers` is one). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

/** A JSON document fetched from an IdP. */
export type FetchJsonResult =
  | { ok: true; json: unknown; headers: ResponseHeaders }
  | { ok: false; status?: number; headers?: ResponseHeaders; reason: string; invalid?: boolean };

export interface JsonRequestLimits {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GETs an IdP's JSON document (discovery, JWKS) through the `fetch` the user configured, or, when
 * there is none, through `node:http`/`node:https` ({@link httpGetJson}): same answers, same limits.
 */
export function getJson(url: string, { fetch, ...limits }: JsonRequestLimits & { fetch: typeof globalThis.fetch | undefined }): Promise<FetchJsonResult> {
  return fetch ? fetchJson(url, { fetch, ...limits }) : httpGetJson(url, limits);
}

/** Reads a response body as text, or undefined once it passes `maxBytes` (declared or counted). */
export async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GETs a JSON document with a time limit and a size limit. Never throws: network errors,
 * timeouts, non-200 answers, oversized or non-JSON bodies come back as `{ ok: false, reason }`.
 * Redirects are followed only to https (or to loopback http).
 */
export async function fetchJson(
  url: string,
  { fetch, timeoutMs, maxBytes }: { fetch: typeof globalThis.fetch; timeoutMs: number; maxBytes: number },
): Promise<FetchJsonResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'follow' });
  } catch (error) {
    const timedOut = signal.aborted;
    return { ok: false, reason: timedOut ? `no answer within ${timeoutMs} ms` : `request failed (${errorName(error)})` };
  }
  if (response.redirected && response.url) {
    const final = new URL(response.url);
    if (final.protocol !== 'https:' && !(final.protocol === 'http:' && isLoopbackHost(final.hostname))) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, reason: 'redirected to a non-https URL' };
    }
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, status: response.status, headers: response.headers, reason: `HTTP ${response.status}` };
  }
  let text: string | undefined;
  try {
    text = await readLimited(response, maxBytes);
  } catch (error) {
    return { ok: false, reason: signal.aborted ? `no complete answer within ${timeoutMs} ms` : `reading failed (${errorName(error)})` };
  }
  return jsonResult(text, response.headers, maxBytes);
}

/** A network error's code (`ECONNREFUSED`…) or name, for reasons in logs; never its message. */
export function errorName(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return cause ?? (error instanceof Error ? error.name : 'unknown error');
}
