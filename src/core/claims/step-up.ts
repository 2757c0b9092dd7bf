import { describeValue } from '../lib/describe-value.js';
import { formatSeconds, parseDurationSeconds } from '../lib/duration.js';
import type { Duration } from '../options/options.js';
import { addIdentity } from '../errors/failure.js';
import { timeFor } from '../pipeline/auth-result.js';
import { refuse, type AuthGuard } from './guards.js';
import { configurationError } from '../errors/configuration-error.js';

/** What RFC 9470 step-up requires of the user's authentication. At least one member. */
export interface AuthLevelRequirement {
  /** Accepted authentication context classes (`acr`), in order of preference. */
  acr?: string | string[];
  /** Longest time since the user authenticated (`auth_time`): seconds or `'5m'`, whole seconds. */
  maxAge?: Duration;
}

/** RFC 6750's scope-token charset, which `acr_values` must fit to be written without escaping. */
const acrValueToken = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function fail(message: string): never {
  return configurationError(`requireAuthLevel: ${message}`);
}

function resolveAcr(value: AuthLevelRequirement['acr']): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail('acr must name at least one authentication context class');
  for (const acr of list) {
    if (typeof acr !== 'string' || !acrValueToken.test(acr)) {
      fail(`${JSON.stringify(acr)} is not an acr value a challenge can carry (printable ASCII, no space, '"' or '\\')`);
    }
  }
  return Object.freeze([...new Set(list)]);
}

function resolveMaxAge(value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = parseDurationSeconds(value, 'requireAuthLevel: maxAge');
  if (!Number.isInteger(seconds)) fail(`maxAge must be whole seconds (RFC 9470 max_age); got ${seconds}s`);
  return seconds;
}

/**
 * An RFC 9470 step-up guard: the token's `acr` must be one of the accepted classes and its
 * `auth_time` no older than `maxAge` (plus the clock tolerance). Otherwise it answers 401
 * `insufficient_user_authentication` with the route's whole requirement in `acr_values` and
 * `max_age` (a new token must meet both), and a description of what fell short. Requirements are
 * validated now, so a mistake fails at startup.
 */
export function createStepUpGuard(requirement: AuthLevelRequirement): AuthGuard {
  if (typeof requirement !== 'object' || requirement === null) fail("needs an object such as { acr: 'mfa', maxAge: '5m' }");
  for (const key of Object.keys(requirement)) if (key !== 'acr' && key !== 'maxAge') fail(`unknown option ${JSON.stringify(key)} (use acr, maxAge)`);
  const acrValues = resolveAcr(requirement.acr);
  const maxAge = resolveMaxAge(requirement.maxAge);
  if (!acrValues && maxAge === undefined) fail('needs acr, maxAge or both');
  const wantedAcr = acrValues && (acrValues.length === 1 ? `acr ${acrValues[0]}` : `one of the acr values ${acrValues.join(' ')}`);
  const within = maxAge === undefined ? '' : `an authentication within the last ${formatSeconds(maxAge)}`;

  return (auth) => {
    const problems: string[] = [];
    let code: 'acr_insufficient' | 'authentication_too_old' | undefined;
    if (acrValues) {
      const acr = auth.claims.acr;
      if (typeof acr !== 'string' || !acrValues.includes(acr)) {
        code = 'acr_insufficient';
        problems.push(
          acr === undefined
            ? `The token has no acr claim; this route requires ${wantedAcr}`
            : `The user authenticated with acr ${describeValue(acr, 40)}; this route requires ${wantedAcr}`,
        );
      }
    }
    if (maxAge !== undefined) {
      const time = timeFor(auth);
      const nowSec = (time?.clock ?? Date.now)() / 1000;
      const toleranceSec = time?.toleranceSec ?? 0;
      const authTime = auth.claims.auth_time;
      if (typeof authTime !== 'number' || !Number.isFinite(authTime)) {
        code ??= 'authentication_too_old';
        problems.push(authTime === undefined ? `The token has no auth_time claim; this route requires ${within}` : `The token auth_time claim is not a number; this route requires ${within}`);
      } else if (nowSec - authTime > maxAge + toleranceSec) {
        code ??= 'authentication_too_old';
        problems.push(`The user authenticated ${formatSeconds(nowSec - authTime)} ago; this route requires ${within} (clock tolerance ${formatSeconds(toleranceSec)})`);
      }
    }
    if (!code) return undefined;
    const facts = addIdentity({ issuer: auth.issuer }, auth);
    if (acrValues) facts.acrValues = acrValues;
    if (maxAge !== undefined) facts.maxAge = maxAge;
    return refuse(auth, { code, description: problems.join('. '), facts });
  };
}
