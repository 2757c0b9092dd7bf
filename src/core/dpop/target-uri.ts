/**
 * The comparable form of an `htu` or a request URI (RFC 9449 §4.3 check 9): query and fragment
 * dropped, then RFC 3986 §6.2.2 syntax-based normalization (scheme and host in lower case,
 * percent-encoded unreserved characters decoded, other percent-encodings in upper case, dot
 * segments removed) and §6.2.3 scheme-based normalization (default port dropped, empty path is
 * `/`). Returns undefined for anything but an absolute http or https URI.
 */
export function normalizeTargetUri(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // WHATWG URL parsing already lower-cases scheme and host, drops default ports, removes dot
  // segments and turns an empty path into '/'; what remains is the percent-encoding.
  const credentials = url.username || url.password ? `${url.username}:${url.password}@` : '';
  return `${url.protocol}//${credentials}${url.host}${normalizePercentEncoding(url.pathname)}`;
}

const unreserved = /[A-Za-z0-9\-._~]/;

function normalizePercentEncoding(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return unreserved.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
