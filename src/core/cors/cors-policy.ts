import { configurationError as fail } from '../errors/configuration-error.js';

/** Which browser origins may read bearer-guard's 401/403 answers (and their challenge). */
export interface CorsOptions {
  /**
   * `'*'` for any origin, or the exact origins (`https://app.example.com`, scheme and host in lower
   * case, no path) of the browser apps that call this API.
   */
  allowOrigins: '*' | string[];
}

/** A validated CORS policy: decides the headers a failure carries for a request's `Origin`. */
export type CorsPolicy = (origin: string | undefined) => Readonly<Record<string, string>> | undefined;

const exposeOnly = Object.freeze({ 'Access-Control-Expose-Headers': 'WWW-Authenticate' });
const anyOrigin = Object.freeze({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'WWW-Authenticate' });

function checkOrigin(origin: unknown): string {
  if (typeof origin !== 'string') fail(`cors.allowOrigins entries must be strings; got ${JSON.stringify(origin)}`);
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return fail(`cors.allowOrigins: ${JSON.stringify(origin)} is not an origin such as https://app.example.com`);
  }
  if (parsed.origin !== origin) {
    fail(`cors.allowOrigins: ${JSON.stringify(origin)} is not an origin; write it as ${JSON.stringify(parsed.origin)} (scheme and host, no path or trailing slash)`);
  }
  return origin;
}

/**
 * Resolves the `cors` option (off when absent) and `exposeChallengeHeader` into one policy. With
 * a list, an allowed `Origin` is echoed with `Vary: Origin`; no other origin gets an
 * `Access-Control-Allow-Origin`. Credentials (cookies) are never allowed: bearer tokens travel in
 * a header the page sets itself.
 */
export function resolveCors(value: CorsOptions | undefined, exposeChallengeHeader: boolean): CorsPolicy | undefined {
  if (value === undefined) return exposeChallengeHeader ? () => exposeOnly : undefined;
  if (typeof value !== 'object' || value === null) fail("cors must be an object such as { allowOrigins: ['https://app.example.com'] }");
  for (const key of Object.keys(value)) if (key !== 'allowOrigins') fail(`cors: unknown option ${JSON.stringify(key)} (use allowOrigins)`);
  const { allowOrigins } = value;
  if (allowOrigins === '*') return () => anyOrigin;
  if (!Array.isArray(allowOrigins) || allowOrigins.length === 0) fail("cors.allowOrigins must be '*' or a non-empty array of origins");
  const allowed = new Set(allowOrigins.map(checkOrigin));
  const headersByOrigin = new Map<string, Readonly<Record<string, string>>>();
  for (const origin of allowed) {
    headersByOrigin.set(origin, Object.freeze({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'WWW-Authenticate', Vary: 'Origin' }));
  }
  const varyOnly = Object.freeze({ Vary: 'Origin' });
  return (origin) => (origin === undefined ? varyOnly : (headersByOrigin.get(origin) ?? varyOnly));
}
