import type { Algorithm } from '../../jws/algorithms.js';
import type { IssuerConfig } from '../options.js';
import { configurationError } from '../../errors/configuration-error.js';

/** Options for the {@link entra} preset. */
export interface EntraPresetOptions {
  /** Single-tenant API: the directory (tenant) id, a GUID (tokens carry it in `iss` and `tid`). */
  tenant?: string;
  /**
   * Multi-tenant API: the tenant ids whose tokens are accepted, or `'any'` to accept every
   * organization (then authorize by `tid` or roles yourself). Exclusive with `tenant`.
   */
  tenants?: string[] | 'any';
  /** The API's application (client) id: the `aud` of v2.0 tokens. */
  clientId?: string;
  /** The API's application ID URI, the `aud` of v1.0 tokens. Default `api://{clientId}`. */
  appIdUri?: string;
  /** Replaces the audiences derived from `clientId` and `appIdUri`. */
  audience?: string | string[];
  /**
   * The access-token version the API's app registration asks for (`accessTokenAcceptedVersion`
   * in its manifest): 2 (issuer `…/{tenant}/v2.0`, the default) or 1 (`https://sts.windows.net/{tenant}/`).
   */
  version?: 1 | 2;
  algorithms?: Algorithm[];
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const login = 'https://login.microsoftonline.com';

function fail(message: string): never {
  return configurationError(`entra(): ${message}`);
}

function checkTenant(value: unknown, what: string): string {
  if (typeof value !== 'string' || !guid.test(value)) {
    fail(
      `${what} must be a directory (tenant) id such as '9188040d-6c67-4c5b-b112-36a304b66dad', got ${JSON.stringify(value)}; ` +
        "tokens name the tenant by id, not by domain, and 'common' or 'organizations' are not issuers (use tenants: [...] or 'any')",
    );
  }
  return value.toLowerCase();
}

function audiencesOf(options: EntraPresetOptions): string | string[] | undefined {
  if (options.audience !== undefined) return options.audience;
  const { clientId, appIdUri } = options;
  if (clientId !== undefined && (typeof clientId !== 'string' || !guid.test(clientId))) {
    fail(`clientId must be the application (client) id GUID, got ${JSON.stringify(clientId)}`);
  }
  const list = [clientId, appIdUri ?? (clientId ? `api://${clientId}` : undefined)].filter((a): a is string => typeof a === 'string');
  return list.length > 0 ? list : undefined;
}

/**
 * Microsoft Entra ID (Azure AD) as an issuer entry, with its key location (no discovery request).
 * Scopes of delegated tokens are read from `scp`; application permissions arrive in `roles`
 * (check them with `requireRoles`).
 *
 * - Single tenant, v2.0 tokens: issuer `https://login.microsoftonline.com/{tenant}/v2.0`, keys
 *   `…/{tenant}/discovery/v2.0/keys`; v1.0 tokens: issuer `https://sts.windows.net/{tenant}/`,
 *   keys `…/{tenant}/discovery/keys`.
 * - Multi-tenant (`tenants`): the issuer is a template whose `{tenantid}` must equal the token's
 *   `tid`, which must be an allowed tenant (or any, with `'any'`); keys from the common key set.
 *
 * Audience: the API's client id (v2.0 tokens) and application ID URI (v1.0 tokens).
 *
 * @example
 * ```ts
 * bearerAuth({ issuers: [entra({ tenant: '9188040d-6c67-4c5b-b112-36a304b66dad', clientId: '6e74172b-be56-4843-9ff4-e66a39bb12e3' })] });
 * ```
 */
export function entra(options: EntraPresetOptions): IssuerConfig {
  if (typeof options !== 'object' || options === null) fail('pass { tenant, clientId } or { tenants, clientId }');
  const version = options.version ?? 2;
  if (version !== 1 && version !== 2) fail(`version must be 1 or 2, got ${JSON.stringify(options.version)}`);
  if ((options.tenant === undefined) === (options.tenants === undefined)) {
    fail("give either tenant (a single-tenant API) or tenants (a list of tenant ids, or 'any', for a multi-tenant API)");
  }
  const audience = audiencesOf(options);
  const base = {
    kind: 'entra' as const,
    ...(audience !== undefined ? { audience } : {}),
    ...(options.algorithms ? { algorithms: options.algorithms } : {}),
  };
  const keysPath = version === 2 ? 'discovery/v2.0/keys' : 'discovery/keys';
  if (options.tenant !== undefined) {
    const tenant = checkTenant(options.tenant, 'tenant');
    const issuer = version === 2 ? `${login}/${tenant}/v2.0` : `https://sts.windows.net/${tenant}/`;
    return { issuer, jwksUri: `${login}/${tenant}/${keysPath}`, ...base };
  }
  const tenants = options.tenants;
  if (tenants !== 'any' && (!Array.isArray(tenants) || tenants.length === 0)) {
    fail("tenants must be a non-empty list of tenant ids, or 'any' to accept every organization deliberately");
  }
  const issuer = version === 2 ? `${login}/{tenantid}/v2.0` : 'https://sts.windows.net/{tenantid}/';
  return {
    issuer,
    jwksUri: `${login}/common/${keysPath}`,
    tenants: tenants === 'any' ? 'any' : tenants!.map((t, i) => checkTenant(t, `tenants[${i}]`)),
    ...base,
  };
}
