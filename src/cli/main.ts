import { createAuthError, decodeJws } from '../core/index.js';
import { createInspector, type Inspector } from './create-inspector.js';
import { createRedactor } from './create-redactor.js';
import { describeTimes } from './describe-times.js';
import { parseArguments } from './parse-arguments.js';
import { readConfiguration, type InspectConfiguration } from './read-configuration.js';
import { normalizeToken, readToken } from './read-token.js';
import { renderJson, renderText, type InspectReport } from './render-report.js';
import { packageVersion } from './package-version.js';
import { helpText, UsageError } from './usage.js';

/** Everything the CLI touches outside itself, injectable so tests run it in-process. */
export interface CliIo {
  /** Where the token comes from when it is not an argument; a string in tests. */
  stdin: NodeJS.ReadableStream | string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** Used only with --verify, only for the configured issuers' discovery and JWKS URLs. */
  fetch?: typeof fetch;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Exit codes: the token would be accepted (or was only decoded), rejected, or the command line is wrong. */
export const exitCodes = { accepted: 0, rejected: 1, usage: 2 } as const;

/** The realm the middleware uses when none is configured. */
const defaultChallenge = { realm: 'api' };

async function inspect(
  token: string,
  inspector: Inspector | undefined,
  source: InspectConfiguration['source'] | undefined,
  now: () => number,
): Promise<InspectReport> {
  const at = now();
  const decoded = decodeJws(token);
  const report: InspectReport = { now: at, times: [] };
  if (!('code' in decoded)) {
    report.decoded = { header: decoded.header, payload: decoded.payload };
    report.times = describeTimes(decoded.payload, at);
  }
  if (inspector) {
    report.checks = { verdict: await inspector.inspect(token), inspector, ...(source ? { source } : {}) };
  } else if ('code' in decoded) {
    // Any configuration refuses a token that does not decode; say so with the default challenge.
    report.checks = { verdict: { accepted: false, signatureVerified: false, error: createAuthError(defaultChallenge, decoded.code, decoded.description) } };
  }
  return report;
}

/**
 * `bearer-guard inspect`: decodes a bearer JWT offline, runs the middleware's checks when an
 * issuer and audience are configured (flags or environment), and prints the answer the API would
 * give. Returns the exit code. The token is never printed and never sent anywhere.
 *
 * @example
 * ```ts
 * const code = await main(['inspect', token, '--issuer', 'https://dev-123.okta.com/oauth2/default', '--audience', 'api://default'], {
 *   stdin: '', stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: {},
 * });
 * ```
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const redactor = createRedactor(argv);
  const out = (s: string) => io.stdout(redactor.apply(s));
  const err = (s: string) => io.stderr(redactor.apply(s));
  try {
    const command = parseArguments(argv);
    if (command.help) {
      out(helpText);
      return exitCodes.accepted;
    }
    if (command.version) {
      out(`${packageVersion()}\n`);
      return exitCodes.accepted;
    }
    const args = command.inspect;
    if (args.token !== undefined) redactor.add(args.token);
    const now = io.now ?? Date.now;
    const configuration = readConfiguration(args, io.env);
    let inspector: Inspector | undefined;
    if (configuration) {
      try {
        inspector = createInspector(configuration, { verify: args.verify, fetch: io.fetch ?? globalThis.fetch, now });
      } catch (error) {
        // The core validates options with a TypeError that says what to change.
        if (error instanceof TypeError) throw new UsageError(error.message.replace(/^bearer-guard: /, ''));
        throw error;
      }
    }
    const token = args.token !== undefined ? normalizeToken(args.token) : await readToken(io.stdin);
    if (token === '') throw new UsageError('no token: pass it as an argument (bearer-guard inspect <token>) or pipe it on stdin');
    redactor.add(token);

    const report = await inspect(token, inspector, configuration?.source, now);
    out(args.json ? renderJson(report) : renderText(report));
    return report.checks && !report.checks.verdict.accepted ? exitCodes.rejected : exitCodes.accepted;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`bearer-guard: ${error.message}\nRun bearer-guard --help for usage.\n`);
      return exitCodes.usage;
    }
    err(`bearer-guard: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.rejected;
  }
}
