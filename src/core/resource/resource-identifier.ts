import { assertSecureUrl } from '../keys/issuer-url.js';

/** RFC 9728 §3: the well-known path segment inserted between the host and the resource's path. */
export const protectedResourceWellKnown = '/.well-known/oauth-protected-resource';

/** A validated resource identifier and where its metadata document lives. */
export interface ResourceIdentity {
  /** The canonical resource URI, exactly as configured. */
  readonly resource: string;
  /** The document's URL: the `resource_metadata` of every challenge. */
  readonly metadataUrl: string;
  /**
   * Request paths that are answered with the document: the path-inserted one and, when the
   * resource has a path, the root one that MCP clients probe when a challenge names none.
   */
  readonly metadataPaths: readonly string[];
}

/**
 * Checks the `resource` option (RFC 9728 §1.2, RFC 8707 §2, MCP's canonical server URI) and
 * derives the metadata URL by path insertion (RFC 9728 §3.1). The identifier must be written the
 * way URL parsing would write it (lower-case scheme and host, no default port, no dot segments),
 * so that `aud`, the document's `resource` and what clients send as `resource=` are one string.
 */
export function resolveResource(value: unknown): ResourceIdentity {
  const url = assertSecureUrl(value, 'resource');
  const text = value as string;
  if (!/^[\x21-\x7e]+$/.test(text)) {
    throw new TypeError(`bearer-guard: resource ${JSON.stringify(text)} must be printable ASCII with no spaces (percent-encode or punycode the rest)`);
  }
  const canonical = url.pathname === '/' && !text.endsWith('/') ? url.href.slice(0, -1) : url.href;
  if (canonical !== text) {
    throw new TypeError(
      `bearer-guard: resource ${JSON.stringify(text)} is not in canonical form; write it as ${JSON.stringify(canonical)} (lower-case scheme and host, no default port or dot segments)`,
    );
  }
  const root = protectedResourceWellKnown;
  const inserted = url.pathname === '/' ? root : `${root}${url.pathname}`;
  return Object.freeze({
    resource: text,
    metadataUrl: `${url.origin}${inserted}`,
    metadataPaths: Object.freeze(inserted === root ? [root] : [inserted, root]),
  });
}
