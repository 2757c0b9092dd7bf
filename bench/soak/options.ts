/** How long and how hard the soak runs. */
export interface SoakOptions {
  /** Shorter scenarios, no cache fill and no memory verdicts: about 2 minutes. */
  quick: boolean;
  /** Requests per second of the standard mix (a scenario may scale it). */
  rate: number;
  /** Run only these scenarios (ids). */
  only: string[] | undefined;
  /** Run `npm run build` first: the app uses bearer-guard as built (dist/). */
  build: boolean;
  /** Where the markdown report goes (relative to the repository). */
  out: string;
}

export const soakUsage = `Usage: npm run soak -- [--quick] [--rate=400] [--only=steady,rotation-flood,...] [--no-build] [--out=FILE]
Mixed traffic (70% reused valid tokens, 10% new valid, 10% expired or wrong audience, 10% random kids)
against a real Express app in its own process, through six IdP scenarios. Exits non-zero when a rule fails.
The full run takes about 4 minutes and writes bench/results/soak.md; --quick (about 2 minutes, no cache
fill, no memory rules) writes bench/results/soak-quick.tmp (ignored by git).`;

export function parseSoakOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SoakOptions {
  const flags = new Map<string, string | true>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(soakUsage);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !['quick', 'rate', 'only', 'no-build', 'out'].includes(match[1]!)) throw new TypeError(`Unknown argument ${arg}\n${soakUsage}`);
    flags.set(match[1]!, match[2] ?? true);
  }
  const quick = flags.get('quick') === true;
  const rawRate = flags.get('rate') ?? env.SOAK_RATE ?? '400';
  const rate = Number(rawRate);
  if (!Number.isInteger(rate) || rate < 50 || rate > 5000) throw new TypeError(`--rate (SOAK_RATE) must be an integer from 50 to 5000; got ${String(rawRate)}`);
  const only = flags.get('only');
  const out = flags.get('out');
  return {
    quick,
    rate,
    only: typeof only === 'string' ? only.split(',') : undefined,
    build: !flags.has('no-build'),
    out: typeof out === 'string' ? out : quick ? 'bench/results/soak-quick.tmp' : 'bench/results/soak.md',
  };
}
