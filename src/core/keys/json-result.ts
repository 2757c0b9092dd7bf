import type { FetchJsonResult, ResponseHeaders } from './fetch-json.js';

/** A 200 answer's body as the result: JSON, or the IdP's fault (too large, not JSON). */
export function jsonResult(text: string | undefined, headers: ResponseHeaders, maxBytes: number): FetchJsonResult {
  if (text === undefined) return { ok: false, status: 200, reason: `response larger than ${maxBytes} bytes`, invalid: true };
  try {
    return { ok: true, json: JSON.parse(text), headers };
  } catch {
    return { ok: false, status: 200, reason: 'response is not JSON', invalid: true };
  }
}
