import { parseArgs } from 'node:util';
import { UsageError } from './usage.js';

/** The `inspect` command line after parsing; nothing in it is validated against the core yet. */
export interface InspectArguments {
  /** The token given as an argument; undefined when it comes from stdin. */
  token?: string;
  issuers: string[];
  audiences: string[];
  scopes: string[];
  anyScope: boolean;
  algorithms: string[];
  clockTolerance?: string;
  strict: boolean;
  realm?: string;
  verify: boolean;
  json: boolean;
}

export type ParsedCommand =
  | { help: true }
  | { help: false; version: true }
  | { help: false; version: false; inspect: InspectArguments };

const options = {
  issuer: { type: 'string', multiple: true },
  audience: { type: 'string', multiple: true },
  scope: { type: 'string', multiple: true },
  'any-scope': { type: 'boolean' },
  algorithm: { type: 'string', multiple: true },
  'clock-tolerance': { type: 'string' },
  strict: { type: 'boolean' },
  realm: { type: 'string' },
  verify: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const optionName = /^--?[A-Za-z][\w-]{0,40}$/;

/**
 * parseArgs quotes the offending argument in its messages; that argument may be the token (a
 * malformed one can start with '-'), so only a plausible option name is repeated.
 */
function usageFromParseError(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const quoted = /'([^']*)'/.exec((error as Error).message ?? '')?.[1]?.split(' ')[0];
  const name = quoted && optionName.test(quoted) ? quoted : undefined;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(name ? `unknown option ${name}` : 'unknown option (a token starting with - goes after --)');
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UsageError(name ? `option ${name}: missing or unexpected value` : 'an option is missing its value');
  }
  return new UsageError('cannot read the command line');
}

/** Reads `inspect [token] [options]` (or `--help`, `--version`) with node:util parseArgs in strict mode. */
export function parseArguments(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageFromParseError(error);
  }
  const { values, positionals } = parsed;
  const [command, token, ...extra] = positionals;
  if (values.help) return { help: true };
  if (values.version) return { help: false, version: true };
  if (command === undefined) throw new UsageError('no command: use `bearer-guard inspect <token>`');
  if (command !== 'inspect') {
    throw new UsageError(optionName.test(`--${command}`) ? `unknown command ${command}; the only command is inspect` : 'unknown command; the only command is inspect');
  }
  if (extra.length > 0) throw new UsageError('inspect takes one token; found more arguments');
  if (values['any-scope'] && !values.scope) throw new UsageError('--any-scope needs at least one --scope');

  const inspect: InspectArguments = {
    issuers: values.issuer ?? [],
    audiences: values.audience ?? [],
    scopes: values.scope ?? [],
    anyScope: values['any-scope'] === true,
    algorithms: values.algorithm ?? [],
    strict: values.strict === true,
    verify: values.verify === true,
    json: values.json === true,
  };
  if (token !== undefined && token !== '-') inspect.token = token;
  if (values['clock-tolerance'] !== undefined) inspect.clockTolerance = values['clock-tolerance'];
  if (values.realm !== undefined) inspect.realm = values.realm;
  return { help: false, version: false, inspect };
}
