import { assertSecureUrl } from '../keys/issuer-url.js';
import { parseRequiredScopes } from '../claims/scopes.js';
import { configurationError as fail } from '../errors/configuration-error.js';

/**
 * What the RFC 9728 protected resource metadata document says beyond what bearer-guard knows from
 * its other options (`resource`, the issuers, the token transports).
 */
export interface ResourceMetadataOptions {
  /** `scopes_supported`: the scopes a client may request for this resource (RECOMMENDED). */
  scopesSupported?: string[];
  /** `resource_name`: a human-readable name, e.g. shown on a consent screen (RECOMMENDED). */
  resourceName?: string;
  /** `resource_documentation`: URL of documentation for developers. */
  resourceDocumentation?: string;
  /** `resource_policy_uri`: URL of the data-use policy. */
  resourcePolicyUri?: string;
  /** `resource_tos_uri`: URL of the terms of service. */
  resourceTosUri?: string;
}

/** The document as served: members in RFC 9728 §2 order, zero-valued ones left out (§3.2). */
export interface ResourceMetadataDocument {
  readonly resource: string;
  readonly authorization_servers?: readonly string[];
  readonly scopes_supported?: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name?: string;
  readonly resource_documentation?: string;
  readonly resource_policy_uri?: string;
  readonly resource_tos_uri?: string;
  readonly tls_client_certificate_bound_access_tokens?: true;
  readonly dpop_signing_alg_values_supported?: readonly string[];
  readonly dpop_bound_access_tokens_required?: true;
}

const knownMembers = new Set(['scopesSupported', 'resourceName', 'resourceDocumentation', 'resourcePolicyUri', 'resourceTosUri']);

/** What the document is built from, all validated elsewhere except `options`. */
export interface MetadataSources {
  resource: string;
  /** Issuer identifiers exactly as tokens carry them in `iss`. */
  issuers: readonly string[];
  /** True when tokens are also accepted in a form body. */
  acceptTokenInBody: boolean;
  options: ResourceMetadataOptions | undefined;
  /** Set when DPoP is on: the proof algorithms accepted, and whether only DPoP-bound tokens are. */
  dpop?: { readonly algorithms: Iterable<string>; readonly required: boolean } | null;
  /** True when certificate-bound tokens (RFC 8705) are checked. */
  certificateBound?: boolean;
}

/**
 * Builds the protected resource metadata document once, at configuration time: the members RFC 9728
 * §2 defines that bearer-guard's options determine, then those of `resourceMetadata`. `resource` is the
 * configured string, never anything taken from a request (a spoofed `Host` must not change it).
 * `resource_signing_alg_values_supported` is left out on purpose: it lists the algorithms the
 * resource signs its own responses with, and bearer-guard signs none.
 */
export function buildMetadataDocument(sources: MetadataSources): ResourceMetadataDocument {
  const options = sources.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('resourceMetadata must be an object such as { scopesSupported: [...], resourceName: "..." }; its URL now comes from the `resource` option');
  }
  for (const key of Object.keys(options)) {
    if (!knownMembers.has(key)) fail(`resourceMetadata: unknown member ${JSON.stringify(key)} (use ${[...knownMembers].join(', ')})`);
  }
  const document: Record<string, unknown> = { resource: sources.resource };
  // Templates (e.g. Entra's multi-tenant `{tenantid}`) are not identifiers a client can discover.
  const servers = sources.issuers.filter((issuer) => !issuer.includes('{'));
  if (servers.length > 0) document.authorization_servers = Object.freeze(servers);
  if (options.scopesSupported !== undefined) {
    if (!Array.isArray(options.scopesSupported)) fail('resourceMetadata.scopesSupported must be an array of scope strings');
    if (options.scopesSupported.length > 0) {
      document.scopes_supported = Object.freeze(parseRequiredScopes(options.scopesSupported, 'resourceMetadata.scopesSupported'));
    }
  }
  document.bearer_methods_supported = Object.freeze(sources.acceptTokenInBody ? ['header', 'body'] : ['header']);
  if (options.resourceName !== undefined) {
    if (typeof options.resourceName !== 'string' || options.resourceName.trim() === '') fail('resourceMetadata.resourceName must be a non-empty string');
    document.resource_name = options.resourceName;
  }
  const urls = [
    ['resourceDocumentation', 'resource_documentation'],
    ['resourcePolicyUri', 'resource_policy_uri'],
    ['resourceTosUri', 'resource_tos_uri'],
  ] as const;
  for (const [option, member] of urls) {
    const value = options[option];
    if (value === undefined) continue;
    assertSecureUrl(value, `resourceMetadata.${option}`, { allowQuery: true });
    document[member] = value;
  }
  // What the other options already say: only true is written, false being every member's default.
  if (sources.certificateBound) document.tls_client_certificate_bound_access_tokens = true;
  if (sources.dpop) {
    document.dpop_signing_alg_values_supported = Object.freeze([...sources.dpop.algorithms]);
    if (sources.dpop.required) document.dpop_bound_access_tokens_required = true;
  }
  return Object.freeze(document) as unknown as ResourceMetadataDocument;
}
