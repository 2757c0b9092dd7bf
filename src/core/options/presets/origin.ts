/** Turns `dev-123.okta.com` (or a full origin, e.g. a local test issuer) into an origin. */
export function originOf(domain: string, what: string): string {
  if (typeof domain !== 'string' || domain.length === 0) {
    throw new TypeError(`bearer-guard: ${what} needs \`domain\`, e.g. 'dev-123.okta.com'`);
  }
  const withScheme = /^[a-z]+:\/\//i.test(domain) ? domain : `https://${domain}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`bearer-guard: ${what}: ${JSON.stringify(domain)} is not a host name`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new TypeError(`bearer-guard: ${what}: \`domain\` is a host name only (e.g. 'dev-123.okta.com'), not ${JSON.stringify(domain)}`);
  }
  return url.origin;
}
