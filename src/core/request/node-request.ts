import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestContext } from './request-context.js';

/**
 * Where a framework keeps what the core reads besides the Node request it wraps. Each is read only
 * when a stage asks for it.
 */
export interface NodeRequestFields<Req> {
  /** The Node request the framework's request wraps (Express: itself; Koa: `ctx.req`). */
  node(req: Req): IncomingMessage;
  /** The target as received, before any router rewrote it. */
  url(req: Req): string;
  /** What the app's body parser left, if anything. */
  body(req: Req): unknown;
}

/**
 * Reads a framework's request as the {@link RequestContext} of the Node request it wraps. Each
 * property is read from the request only when a stage asks for it: a cache hit reads the raw
 * headers alone, and every read of a framework's request object is a slow one (Express gives each
 * request object a shape of its own).
 */
export function nodeRequestReader<Req>(fields: NodeRequestFields<Req>): (req: Req) => RequestContext {
  return (req) => new NodeRequestContext(req, fields);
}

class NodeRequestContext<Req> implements RequestContext {
  readonly rawHeaders: readonly string[];
  responseHeaders?: Record<string, string>;
  readonly #source: Req;
  readonly #fields: NodeRequestFields<Req>;
  readonly #req: IncomingMessage;
  #url: string | undefined;

  constructor(source: Req, fields: NodeRequestFields<Req>) {
    this.#source = source;
    this.#fields = fields;
    this.#req = fields.node(source);
    this.rawHeaders = this.#req.rawHeaders;
  }

  get url(): string {
    return (this.#url ??= this.#fields.url(this.#source));
  }

  get body(): unknown {
    return this.#fields.body(this.#source);
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
