import type { Algorithm } from '../jws/algorithms.js';
import type { BearerGuardOptions, IssuerConfig } from './options.js';

/** The environment variables {@link optionsFromEnv} reads. */
export const envVariables = {
  issuer: 'BEARER_GUARD_ISSUER',
  issuers: 'BEARER_GUARD_ISSUERS',
  audience: 'BEARER_GUARD_AUDIENCE',
  jwksUri: 'BEARER_GUARD_JWKS_URI',
  algorithms: 'BEARER_GUARD_ALGORITHMS',
  clockTolerance: 'BEARER_GUARD_CLOCK_TOLERANCE',
  realm: 'BEARER_GUARD_REALM',
} as const;

const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * Reads bearer-guard options from environment variables. This is the only place the environment
 * is read; the env-configured one-liners and the CLI call it. Throws a `TypeError` naming the
 * variables when the issuer or audience is missing.
 *
 * - `BEARER_GUARD_ISSUER` (one issuer) or `BEARER_GUARD_ISSUERS` (comma- or space-separated)
 * - `BEARER_GUARD_AUDIENCE` (comma- or space-separated)
 * - `BEARER_GUARD_JWKS_URI` (optional, with a single issuer: skips discovery)
 * - `BEARER_GUARD_ALGORITHMS`, `BEARER_GUARD_CLOCK_TOLERANCE`, `BEARER_GUARD_REALM` (optional)
 *
 * @example
 * ```ts
 * const auth = bearerAuth({ ...optionsFromEnv(), onAuthFailure: log });
 * ```
 */
export function optionsFromEnv(env: Record<string, string | undefined> = process.env): BearerGuardOptions {
  const issuers = [...list(env[envVariables.issuer]), ...list(env[envVariables.issuers])];
  const audience = list(env[envVariables.audience]);
  const missing: string[] = [];
  if (issuers.length === 0) missing.push(`${envVariables.issuer} (or ${envVariables.issuers})`);
  if (audience.length === 0) missing.push(envVariables.audience);
  if (missing.length > 0) {
    throw new TypeError(
      `bearer-guard: no configuration: set ${missing.join(' and ')} in the environment, e.g. ${envVariables.issuer}=https://dev-123.okta.com/oauth2/default ${envVariables.audience}=api://default, or pass the options to bearerAuth({ issuers, audience }) and use the guards it carries (auth.requireScopes(...))`,
    );
  }
  const jwksUri = env[envVariables.jwksUri];
  if (jwksUri && issuers.length !== 1) {
    throw new TypeError(`bearer-guard: ${envVariables.jwksUri} can only be used with exactly one issuer`);
  }
  const entries: Array<string | IssuerConfig> = jwksUri ? [{ issuer: issuers[0]!, jwksUri }] : issuers;
  const options: BearerGuardOptions = { issuers: entries, audience: audience.length === 1 ? audience[0]! : audience };
  const algorithms = list(env[envVariables.algorithms]);
  if (algorithms.length > 0) options.algorithms = algorithms as Algorithm[];
  const tolerance = env[envVariables.clockTolerance];
  if (tolerance) options.clockTolerance = /^\d+$/.test(tolerance) ? Number(tolerance) : tolerance;
  const realm = env[envVariables.realm];
  if (realm) options.realm = realm;
  return options;
}
