import type { Algorithm } from '../../jws/algorithms.js';
import type { IssuerConfig } from '../options.js';
import { configurationError } from '../../errors/configuration-error.js';

/** Options for the {@link cognito} preset. */
export interface CognitoPresetOptions {
  /** The AWS region of the user pool, e.g. `eu-west-1`. */
  region: string;
  /** The user pool id, e.g. `eu-west-1_AbCdEf123`. */
  userPoolId: string;
  /** The app client ids whose access tokens this API accepts (Cognito access tokens have no `aud`). */
  clientIds: string | string[];
  algorithms?: Algorithm[];
}

function fail(message: string): never {
  return configurationError(`cognito(): ${message}`);
}

/**
 * An Amazon Cognito user pool as an issuer entry: issuer
 * `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, keys `{issuer}/.well-known/jwks.json`.
 * Cognito access tokens carry no `aud`, so, as AWS asks resource servers to, the token's
 * `client_id` must be one of `clientIds` and `token_use` must be `access` (an ID token is refused
 * with a description that says so). Scopes are read from `scope`, groups are in `cognito:groups`.
 *
 * @example
 * ```ts
 * bearerAuth({ issuers: [cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientIds: '1example23456789' })] });
 * ```
 */
export function cognito(options: CognitoPresetOptions): IssuerConfig {
  if (typeof options !== 'object' || options === null) fail('pass { region, userPoolId, clientIds }');
  const { region, userPoolId, clientIds } = options;
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    fail(`region must be an AWS region such as 'eu-west-1', got ${JSON.stringify(region)}`);
  }
  if (typeof userPoolId !== 'string' || !userPoolId.startsWith(`${region}_`) || !/^[\w-]+_[0-9A-Za-z]+$/.test(userPoolId)) {
    fail(`userPoolId must look like '${region}_AbCdEf123' (the pool's region, an underscore, its id), got ${JSON.stringify(userPoolId)}`);
  }
  if (clientIds === undefined) {
    fail("clientIds is required: Cognito access tokens carry no aud, so the app client ids (client_id) say which tokens are for this API");
  }
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    // The client_id check stands in for the audience: Cognito access tokens have no aud.
    audience: false,
    clientIds,
    kind: 'cognito',
    ...(options.algorithms ? { algorithms: options.algorithms } : {}),
  };
}
