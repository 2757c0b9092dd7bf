import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestContext } from './request-context.js';

/**
 * The {@link RequestContext} of a Node request, which every Node framework wraps: `url` is the
 * target as received (before any router rewrote it) and `body` what the app's body parser left.
 * Each property is read from the request only when a stage asks for it: a cache hit reads the raw
 * headers alone, and every read of a framework's request object is a slow one (Express gives each
 * request object a shape of its own).
 */
export function nodeRequestContext(req: IncomingMessage, url: string, body: unknown): RequestContext {
  return new NodeRequestContext(req, url, body);
}

class NodeRequestContext implements RequestContext {
  readonly rawHeaders: readonly string[];
  readonly url: string;
  readonly body: unknown;
  responseHeaders?: Record<string, string>;
  readonly #req: IncomingMessage;

  constructor(req: IncomingMessage, url: string, body: unknown) {
    this.#req = req;
    this.rawHeaders = req.rawHeaders;
    this.url = url;
    this.body = body;
  }

  get headers(): IncomingMessage['headers'] {
    return this.#req.headers;
  }

  get method(): string | undefined {
    return this.#req.method || undefined;
  }

  get hasQueryToken(): boolean {
    const query = this.url.indexOf('?');
    return query !== -1 && new URLSearchParams(this.url.slice(query + 1)).has('access_token');
  }

  /** Only a parsed body can carry a token; the media type matters only then. */
  get contentType(): string | undefined {
    return this.body && typeof this.body === 'object' ? this.#req.headers['content-type'] || undefined : undefined;
  }

  get encrypted(): boolean | undefined {
    return this.#tls() ? true : undefined;
  }

  get peerCertificate(): RequestContext['peerCertificate'] {
    const socket = this.#tls();
    return socket && typeof socket.getPeerX509Certificate === 'function' ? () => socket.getPeerX509Certificate() : undefined;
  }

  #tls(): TLSSocket | undefined {
    const socket = this.#req.socket as Partial<TLSSocket> | null;
    return socket?.encrypted === true ? (socket as TLSSocket) : undefined;
  }
}
