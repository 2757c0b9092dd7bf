import { envVariables, optionsFromEnv, type Algorithm, type BearerGuardOptions } from '../core/index.js';
import type { InspectArguments } from './parse-arguments.js';
import { UsageError } from './usage.js';

/** What the inspected token is checked against: the middleware's options and the route's scopes. */
export interface InspectConfiguration {
  options: BearerGuardOptions;
  /** Where the issuer and audience came from. */
  source: 'flags' | 'environment';
  scopes: string[];
  anyScope: boolean;
}

const configuredByEnv = [envVariables.issuer, envVariables.issuers, envVariables.audience, envVariables.jwksUri];

const single = (list: string[]) => (list.length === 1 ? list[0]! : list);

/**
 * Builds the options the middleware would run with: the flags when they name an issuer, else the
 * same environment variables as `optionsFromEnv`, with the other flags on top. Returns undefined
 * when neither configures anything, so the token is only decoded. Values are validated later, by
 * the core, exactly as the middleware validates them.
 */
export function readConfiguration(args: InspectArguments, env: Record<string, string | undefined>): InspectConfiguration | undefined {
  let options: BearerGuardOptions;
  let source: InspectConfiguration['source'];
  if (args.issuers.length > 0) {
    if (args.audiences.length === 0) {
      throw new UsageError('--issuer needs --audience: the API identifier tokens must carry in aud (e.g. api://default)');
    }
    options = { issuers: args.issuers, audience: single(args.audiences) };
    source = 'flags';
  } else if (configuredByEnv.some((name) => env[name])) {
    try {
      options = optionsFromEnv(env);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message.replace(/^bearer-guard: /, '') : String(error));
    }
    if (args.audiences.length > 0) options.audience = single(args.audiences);
    source = 'environment';
  } else {
    const needIssuer = [
      args.audiences.length > 0 && '--audience',
      args.scopes.length > 0 && '--scope',
      args.algorithms.length > 0 && '--algorithm',
      args.clockTolerance !== undefined && '--clock-tolerance',
      args.strict && '--strict',
      args.realm !== undefined && '--realm',
      args.verify && '--verify',
    ].filter(Boolean);
    if (needIssuer.length > 0) {
      throw new UsageError(
        `${needIssuer.join(', ')} need${needIssuer.length === 1 ? 's' : ''} an issuer: pass --issuer <url> --audience <aud>, or set ${envVariables.issuer} and ${envVariables.audience}`,
      );
    }
    return undefined;
  }
  if (args.algorithms.length > 0) options.algorithms = args.algorithms as Algorithm[];
  if (args.clockTolerance !== undefined) {
    options.clockTolerance = /^\d+$/.test(args.clockTolerance) ? Number(args.clockTolerance) : args.clockTolerance;
  }
  if (args.strict) options.strict = true;
  if (args.realm !== undefined) options.realm = args.realm;
  return { options, source, scopes: args.scopes, anyScope: args.anyScope };
}
