import { describeValue } from '../lib/describe-value.js';
import { getJson } from './fetch-json.js';
import { retryHintMs } from './http-hints.js';
import { assertSecureUrl } from './issuer-url.js';
import { KeySourceFailure } from './key-source-failure.js';

/**
 * The metadata URLs tried for an issuer, most common first: OIDC Discovery (appended), RFC 8414
 * (inserted after the host), Okta's appended `oauth-authorization-server`, and the inserted
 * `openid-configuration` form MCP clients also try. Built from configuration, never from a token.
 */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  const base = `${url.origin}${path}`;
  const urls = [
    `${base}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${base}/.well-known/oauth-authorization-server`,
    `${url.origin}/.well-known/openid-configuration${path}`,
  ];
  return [...new Set(urls)];
}

/** A failed discovery, with the document URL and HTTP status (when there was one) for the logs. */
export class DiscoveryFailure extends KeySourceFailure {
  constructor(
    code: KeySourceFailure['code'],
    description: string,
    retryAt: number,
    readonly url: string,
    readonly status?: number,
  ) {
    super(code, description, retryAt);
  }
}

export interface DiscoveryDeps {
  /** The configured fetch; undefined for `node:http`/`node:https` (see getJson). */
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  maxBytes: number;
  now: () => number;
  errorBackoffMs: number;
}

/** A metadata member naming an endpoint (RFC 8414 §2). */
export type MetadataEndpoint = 'jwks_uri' | 'token_endpoint' | 'introspection_endpoint';

/**
 * Finds the issuer's `jwks_uri`. The first document that answers 200 with an `issuer` equal to the
 * configured one wins (OIDC Discovery §4.3, RFC 8414 §3.3); a document naming another issuer is
 * refused. Rate limits and outages stop the search and throw a {@link KeySourceFailure}.
 */
export async function discoverJwksUri(issuer: string, deps: DiscoveryDeps): Promise<{ jwksUri: string; url: string }> {
  const { endpoint, url } = await discoverEndpoint(issuer, 'jwks_uri', deps);
  return { jwksUri: endpoint, url };
}

/**
 * Finds one endpoint of the issuer's metadata (`jwks_uri`, `token_endpoint`, …) with the same
 * search and the same issuer check as {@link discoverJwksUri}; the endpoint must be https (or
 * loopback http).
 */
export async function discoverEndpoint(
  issuer: string,
  field: MetadataEndpoint,
  deps: DiscoveryDeps,
): Promise<{ endpoint: string; url: string }> {
  const mismatches: string[] = [];
  const tried: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    const result = await getJson(url, { fetch: deps.fetch, timeoutMs: deps.timeoutMs, maxBytes: deps.maxBytes });
    if (!result.ok) {
      if (result.status === 404 || result.status === 400 || result.status === 405 || result.invalid) {
        tried.push(`${url} (${result.reason})`);
        continue;
      }
      const now = deps.now();
      const hint = result.headers ? retryHintMs(result.headers, now) : undefined;
      const limited = result.status === 429 || result.status === 503;
      throw new DiscoveryFailure(
        limited ? 'idp_rate_limited' : 'discovery_failed',
        `Discovery for issuer ${issuer} failed: ${url} answered ${result.reason}`,
        now + (hint ?? deps.errorBackoffMs),
        url,
        result.status,
      );
    }
    const doc = result.json as Record<string, unknown> | null;
    if (doc?.issuer !== issuer) {
      mismatches.push(`${url} ${doc?.issuer === undefined ? 'names no issuer' : `names issuer ${describeValue(doc.issuer, 200)}`}`);
      continue;
    }
    try {
      assertSecureUrl(doc[field], field, { allowQuery: true });
    } catch {
      throw new DiscoveryFailure(
        'discovery_failed',
        `The discovery document for ${issuer} has no usable ${field} (it must be an https URL)`,
        deps.now() + deps.errorBackoffMs,
        url,
        200,
      );
    }
    return { endpoint: doc[field] as string, url };
  }
  const now = deps.now();
  if (mismatches.length > 0) {
    throw new KeySourceFailure(
      'discovery_issuer_mismatch',
      `Discovery for configured issuer ${issuer} was refused: ${mismatches.join('; ')}`,
      now + deps.errorBackoffMs,
    );
  }
  throw new KeySourceFailure('discovery_failed', `No discovery document found for issuer ${issuer}: tried ${tried.join(', ')}`, now + deps.errorBackoffMs);
}
