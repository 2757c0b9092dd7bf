import type { X509Certificate } from 'node:crypto';
import type { RequestCredentials } from './extract-token.js';

/**
 * The request as the pipeline sees it: plain data an adapter fills in from its framework's
 * request. Extraction reads the credentials; per-request checks (DPoP proofs, mTLS bindings) read
 * the rest. Everything is optional so that `verify(token)` can run the pipeline without a request.
 */
export interface RequestContext extends RequestCredentials {
  /** The request target as received (path and query), e.g. Node's `req.url` or Express's `originalUrl`. */
  url?: string;
  /** Header values by lower-case name, as Node's `req.headers`. */
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * Headers a per-request check asks to send with the response when the request is let on, such
   * as a new `DPoP-Nonce` (RFC 9449 §8.2). Filled in by the pipeline, sent by the adapter.
   */
  responseHeaders?: Record<string, string>;
  /** True when the request came over TLS to this process (the scheme of its URL is https). */
  encrypted?: boolean;
  /** The client's TLS certificate, for certificate-bound tokens (RFC 8705); undefined without one. */
  peerCertificate?: () => X509Certificate | undefined;
}
