import type { ResourceIdentity } from './resource-identifier.js';
import type { ResourceMetadataDocument } from './metadata-document.js';

/** An answer the adapters write as is. */
export interface PlainResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent for 204. Node leaves it out of an answer to HEAD. */
  readonly body?: string;
}

/** Answers a request for the metadata document, or `undefined` when the path is not one of its own. */
export type MetadataResponder = (method: string, path: string) => PlainResponse | undefined;

const allowedMethods = 'GET, HEAD, OPTIONS';

/**
 * Serves the protected resource metadata document at its well-known paths, to any origin: it is
 * public, fetched without credentials, and browser-based MCP clients read it cross-origin (they
 * send `MCP-Protocol-Version`, so a preflight must allow that header). Every answer is built now.
 */
export function createMetadataResponder(identity: ResourceIdentity, document: ResourceMetadataDocument): MetadataResponder {
  const body = JSON.stringify(document);
  const cors = { 'Access-Control-Allow-Origin': '*' };
  const ok: PlainResponse = Object.freeze({
    status: 200,
    headers: Object.freeze({
      ...cors,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'public, max-age=3600',
    }),
    body,
  });
  const preflight: PlainResponse = Object.freeze({
    status: 204,
    headers: Object.freeze({
      ...cors,
      'Access-Control-Allow-Methods': allowedMethods,
      'Access-Control-Allow-Headers': 'MCP-Protocol-Version, Content-Type',
      'Access-Control-Max-Age': '86400',
    }),
  });
  const notAllowedBody = JSON.stringify({ error: 'method_not_allowed', error_description: `The metadata document is read with GET` });
  const notAllowed: PlainResponse = Object.freeze({
    status: 405,
    headers: Object.freeze({
      ...cors,
      Allow: allowedMethods,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(notAllowedBody)),
    }),
    body: notAllowedBody,
  });
  const paths = new Set(identity.metadataPaths);
  return (method, path) => {
    if (!paths.has(path)) return undefined;
    if (method === 'GET' || method === 'HEAD') return ok;
    if (method === 'OPTIONS') return preflight;
    return notAllowed;
  };
}

/** The path of a request target (`/a/b?x=1` → `/a/b`), as adapters match it. */
export function pathOfTarget(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}
