import assert from 'node:assert/strict';
import { main, type CliIo } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every URL the CLI asked the fetch for. */
  fetched: string[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: CliIo['stdin'];
  now?: () => number;
  /** The network; default refuses every request (inspect without --verify must not need it). */
  fetch?: typeof fetch;
}

const refuse: typeof fetch = async () => {
  throw new Error('test: no network');
};

/** Strings in the command line or on stdin that are the token under test. */
function tokensIn(argv: readonly string[], stdin: RunOptions['stdin']): string[] {
  const found = argv.filter((a) => a.length >= 16 && a.split('.').length >= 2 && !a.includes('://'));
  if (typeof stdin === 'string' && stdin.trim().length >= 16) found.push(stdin.trim().replace(/^bearer\s+/i, ''));
  return found;
}

/**
 * Runs `main` in-process and checks on every run what the CLI promises about the token: it is
 * never written back, never put in a URL and never sent in a request header.
 */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const run: CliRun = { code: -1, stdout: '', stderr: '', fetched: [] };
  const secrets = tokensIn(argv, options.stdin);
  const network = options.fetch ?? refuse;
  const recording: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    run.fetched.push(url);
    const headers = new Headers(init?.headers);
    for (const secret of secrets) {
      assert.ok(!url.includes(secret), 'the token must never be put in a URL');
      for (const [, value] of headers) assert.ok(!value.includes(secret), 'the token must never be sent in a header');
    }
    return network(input, init);
  };
  run.code = await main(argv, {
    stdin: options.stdin ?? '',
    stdout: (s) => {
      run.stdout += s;
    },
    stderr: (s) => {
      run.stderr += s;
    },
    env: options.env ?? {},
    fetch: recording,
    ...(options.now ? { now: options.now } : {}),
  });
  for (const secret of secrets) {
    assert.ok(!run.stdout.includes(secret), 'the token must never be printed on stdout');
    assert.ok(!run.stderr.includes(secret), 'the token must never be printed on stderr');
  }
  return run;
}

/** The value of a `Name: value` line of the human report. */
export function reportLine(stdout: string, name: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`${name}: `));
  return line?.slice(name.length + 2);
}
