/** How long and how hard the benchmark runs. Flags win over environment variables, which win over the defaults. */
export interface BenchOptions {
  quick: boolean;
  /** Interleaved measurement rounds per contestant and algorithm. */
  rounds: number;
  /** Warm-up of each freshly started server (RS256 and ES256 mixed), seconds. */
  warmupSeconds: number;
  /** One measurement, seconds. */
  durationSeconds: number;
  connections: number;
  /** Distinct tokens pushed through one cached verifier for the heap measurement. */
  heapTokens: number;
  /** tinybench time per micro task, milliseconds. */
  microTimeMs: number;
  macro: boolean;
  micro: boolean;
  heap: boolean;
  /** Where the markdown table goes (relative to the repository). */
  out: string;
}

const usage = `Usage: npm run bench -- [--quick] [--rounds=3] [--warmup=2] [--duration=5] [--connections=50]
                        [--heap-tokens=1000000] [--micro-time=1000] [--no-macro] [--no-micro] [--no-heap] [--out=FILE]
Environment: BENCH_ROUNDS, BENCH_WARMUP, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_HEAP_TOKENS, BENCH_MICRO_TIME.
--quick is a smoke run (1 short round, 100 000 heap tokens) that writes bench/results/quick.md.`;

const full = { rounds: 3, warmupSeconds: 2, durationSeconds: 5, connections: 50, heapTokens: 1_000_000, microTimeMs: 1000 };
const quick = { rounds: 1, warmupSeconds: 0.5, durationSeconds: 1.5, connections: 50, heapTokens: 100_000, microTimeMs: 250 };

const numeric = {
  rounds: { flag: 'rounds', env: 'BENCH_ROUNDS', integer: true, min: 1 },
  warmupSeconds: { flag: 'warmup', env: 'BENCH_WARMUP', integer: false, min: 0 },
  durationSeconds: { flag: 'duration', env: 'BENCH_DURATION', integer: false, min: 0.5 },
  connections: { flag: 'connections', env: 'BENCH_CONNECTIONS', integer: true, min: 1 },
  heapTokens: { flag: 'heap-tokens', env: 'BENCH_HEAP_TOKENS', integer: true, min: 1 },
  microTimeMs: { flag: 'micro-time', env: 'BENCH_MICRO_TIME', integer: true, min: 10 },
} as const;

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string | true>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new TypeError(`Unknown argument ${arg}\n${usage}`);
    flags.set(match[1]!, match[2] ?? true);
  }
  const known = new Set(['quick', 'no-macro', 'no-micro', 'no-heap', 'out', ...Object.values(numeric).map((n) => n.flag)]);
  for (const name of flags.keys()) if (!known.has(name)) throw new TypeError(`Unknown flag --${name}\n${usage}`);

  const isQuick = flags.get('quick') === true;
  const defaults = isQuick ? quick : full;
  const options: BenchOptions = {
    quick: isQuick,
    ...defaults,
    macro: !flags.has('no-macro'),
    micro: !flags.has('no-micro'),
    heap: !flags.has('no-heap'),
    out: typeof flags.get('out') === 'string' ? (flags.get('out') as string) : isQuick ? 'bench/results/quick.md' : 'bench/results/latest.md',
  };
  for (const [key, spec] of Object.entries(numeric) as Array<[keyof typeof numeric, (typeof numeric)[keyof typeof numeric]]>) {
    const raw = flags.get(spec.flag) ?? env[spec.env];
    if (raw === undefined || raw === true) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < spec.min || (spec.integer && !Number.isInteger(value))) {
      throw new TypeError(`--${spec.flag} (${spec.env}) must be ${spec.integer ? 'an integer' : 'a number'} ≥ ${spec.min}; got ${raw}`);
    }
    options[key] = value;
  }
  return options;
}
