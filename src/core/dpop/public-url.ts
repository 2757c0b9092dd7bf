/** How the request's public URL is known, chosen once in the options (see `DpopOptions.publicUrl`). */
export type PublicUrlSource =
  | { readonly kind: 'request' }
  | { readonly kind: 'fixed'; readonly base: string }
  | { readonly kind: 'forwarded' }
  | { readonly kind: 'x-forwarded' };

/** What the core knows about a request's address. Adapters fill it in. */
export interface RequestTarget {
  /** The request-target as received (`req.originalUrl` in Express, `ctx.originalUrl` in Koa). */
  readonly url: string;
  /** True when the request came over TLS to this process. */
  readonly encrypted: boolean;
  /** Looks up one request header (lower-case name); a header sent twice is an array. */
  readonly header: (name: string) => string | readonly string[] | undefined;
}

/**
 * The absolute URI a client addressed, without the query: what its DPoP proof's `htu` must name.
 * By default this is the request as this process received it (TLS or not, the `Host` header);
 * behind a proxy the options say either the fixed public base URL or which forwarding headers
 * the proxy sets. Forwarding headers are never read unless configured: a client can send them.
 * Returns undefined when the request does not say enough (no Host, a header sent twice).
 */
export function publicRequestUrl(target: RequestTarget, source: PublicUrlSource): string | undefined {
  const path = requestPath(target.url);
  if (path === undefined) return undefined;
  switch (source.kind) {
    case 'fixed':
      return `${source.base}${path}`;
    case 'request': {
      const host = hostValue(single(target.header('host')) ?? single(target.header(':authority')));
      return host ? `${target.encrypted ? 'https' : 'http'}://${host}${path}` : undefined;
    }
    case 'x-forwarded': {
      const proto = firstListItem(single(target.header('x-forwarded-proto')));
      const host = hostValue(firstListItem(single(target.header('x-forwarded-host'))) ?? single(target.header('host')));
      if (!host || (proto !== undefined && proto !== 'http' && proto !== 'https')) return undefined;
      return `${proto ?? (target.encrypted ? 'https' : 'http')}://${host}${path}`;
    }
    case 'forwarded': {
      const element = forwardedElement(firstListItem(single(target.header('forwarded'))));
      const proto = element.proto?.toLowerCase();
      const host = hostValue(element.host ?? single(target.header('host')));
      if (!host || (proto !== undefined && proto !== 'http' && proto !== 'https')) return undefined;
      return `${proto ?? (target.encrypted ? 'https' : 'http')}://${host}${path}`;
    }
  }
}

/** The path of a request-target in origin form, or of one in absolute form; the query is dropped. */
function requestPath(url: string): string | undefined {
  const end = url.search(/[?#]/);
  const withoutQuery = end === -1 ? url : url.slice(0, end);
  if (withoutQuery.startsWith('/')) return withoutQuery;
  try {
    return new URL(withoutQuery).pathname;
  } catch {
    return undefined;
  }
}

/** An RFC 3986 authority without userinfo: reg-name or IP literal, optional port. */
const authority = /^(?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function hostValue(value: string | undefined): string | undefined {
  return value !== undefined && authority.test(value) ? value : undefined;
}

function single(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return value.length === 1 ? value[0] : undefined;
  return value.trim() === '' ? undefined : value.trim();
}

/** The first element of a comma-separated list: the one the proxy nearest the client wrote. */
function firstListItem(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = value.split(',')[0]!.trim();
  return first === '' ? undefined : first;
}

/** `proto` and `host` of one RFC 7239 forwarded-element (`for=…;proto=https;host=api.example.com`). */
function forwardedElement(element: string | undefined): { proto?: string; host?: string } {
  const found: { proto?: string; host?: string } = {};
  for (const pair of (element ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1) continue;
    const name = pair.slice(0, equals).trim().toLowerCase();
    let value = pair.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if ((name === 'proto' || name === 'host') && value !== '') found[name] = value;
  }
  return found;
}
