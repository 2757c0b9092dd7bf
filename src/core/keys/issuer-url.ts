const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for hosts that never leave this machine (where plain http is allowed). */
export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname.endsWith('.localhost');
}

/**
 * Checks a configured URL (issuer, JWKS, resource metadata): absolute, https (http only for
 * localhost), no credentials, no fragment, and for issuers no query. Throws a `TypeError` naming
 * `what` and the fix.
 */
export function assertSecureUrl(value: unknown, what: string, { allowQuery = false } = {}): URL {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`bearer-guard: ${what} must be an absolute https URL string; got ${JSON.stringify(value)}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`bearer-guard: ${what} ${JSON.stringify(value)} is not an absolute URL; write it as https://host/path`);
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError(
      `bearer-guard: ${what} ${JSON.stringify(value)} must use https (plain http is allowed only for localhost)`,
    );
  }
  if (url.username || url.password) throw new TypeError(`bearer-guard: ${what} must not contain credentials`);
  if (url.hash || value.includes('#')) throw new TypeError(`bearer-guard: ${what} must not contain a fragment`);
  if (!allowQuery && (url.search || value.includes('?'))) {
    throw new TypeError(`bearer-guard: ${what} ${JSON.stringify(value)} must not contain a query string`);
  }
  return url;
}
