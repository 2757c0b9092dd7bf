import type { FailureCode } from '../errors/failure-codes.js';
import { describeList, describeValue } from '../lib/describe-value.js';

const oktaCustomPath = /^\/oauth2\/[^/]+$/;

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Explains why a token's `iss` matched no configured issuer, naming the near misses people hit:
 * a trailing slash, and Okta's org vs custom authorization servers on the same domain.
 */
export function diagnoseIssuer(iss: string, accepted: readonly string[]): { code: FailureCode; description: string } {
  for (const issuer of accepted) {
    if (iss === `${issuer}/` || `${iss}/` === issuer) {
      return {
        code: 'issuer_trailing_slash',
        description: `The token issuer ${describeValue(iss)} differs from the accepted issuer ${describeValue(issuer)} only by a trailing slash; configure it exactly as the token carries it`,
      };
    }
  }
  const token = parse(iss);
  if (token) {
    const tokenPath = token.pathname.replace(/\/$/, '');
    for (const issuer of accepted) {
      const url = parse(issuer);
      if (!url || url.origin !== token.origin) continue;
      const path = url.pathname.replace(/\/$/, '');
      if (tokenPath === '' && oktaCustomPath.test(path)) {
        return {
          code: 'issuer_okta_org_server',
          description: `The token was issued by the Okta org authorization server ${describeValue(iss)}; this API accepts the custom authorization server ${describeValue(issuer)}. Request the token from ${issuer}/v1/token`,
        };
      }
      if (oktaCustomPath.test(tokenPath) && (path === '' || oktaCustomPath.test(path))) {
        return {
          code: 'issuer_okta_custom_server',
          description: `The token was issued by the Okta authorization server ${describeValue(iss)}; this API accepts ${describeValue(issuer)}`,
        };
      }
    }
  }
  return {
    code: 'issuer_not_allowed',
    description: `The token issuer ${describeValue(iss)} is not accepted; this API accepts ${describeList(accepted)}`,
  };
}
