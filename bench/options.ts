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
  /** Longest total time the run may wait for other processes to quieten before measurements. */
  quietWaitSeconds: number;
  /** Distinct tokens pushed through one cached verifier for the heap measurement. */
  heapTokens: number;
  /** tinybench time per micro task and round (3 rounds), milliseconds. */
  microTimeMs: number;
  /** Run `npm run build` first, so that bearer-guard is measured as built (dist/). */
  build: boolean;
  /** Pin the server (and the micro benchmark) to CPU 1, the load generator and this process to CPU 0. */
  pin: boolean;
  macro: boolean;
  micro: boolean;
  heap: boolean;
  /** IdP requests of a fleet of cold instances with and without the shared Redis store. */
  fleet: boolean;
  /** Signature checks on the main thread or on libuv's thread pool, on one CPU and on every CPU. */
  everyCore: boolean;
  /** RSS and heap of bearer-guard and express-oauth2-jwt-bearer under the same traffic (bench/memory.ts). */
  memory: boolean;
  /** Interleaved rounds of the memory run. */
  memoryRounds: number;
  /** The memory run's mixed traffic per contestant, seconds (after the cache fill). */
  memorySeconds: number;
  /** Requests per second of the memory run (every contestant must keep up). */
  memoryRate: number;
  /** Distinct valid tokens sent before the mixed traffic, as the soak did (more than the token cache's default 10 000 entries). */
  memoryFill: number;
  /** Measure only these contestants (for investigating; the report shows n/a for the others). */
  only: string[] | undefined;
  /** Where the markdown table goes (relative to the repository). */
  out: string;
}

const usage = `Usage: npm run bench -- [--quick] [--rounds=5] [--warmup=2] [--duration=5] [--connections=50] [--quiet-wait=60]
                        [--heap-tokens=1000000] [--micro-time=600] [--memory-rounds=2] [--memory-seconds=10] [--memory-rate=3000]
                        [--memory-fill=11000] [--no-build] [--no-pin] [--no-macro] [--no-micro] [--no-heap] [--no-fleet] [--no-every-core] [--no-memory]
                        [--only=none,bearer-guard,...] [--out=FILE]
Environment: BENCH_ROUNDS, BENCH_WARMUP, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_QUIET_WAIT, BENCH_HEAP_TOKENS, BENCH_MICRO_TIME,
             BENCH_MEMORY_ROUNDS, BENCH_MEMORY_SECONDS, BENCH_MEMORY_RATE, BENCH_MEMORY_FILL.
bearer-guard is measured as built: the run starts with \`npm run build\` unless --no-build.
--no-pin lets the server use every CPU (by default, where taskset exists, it gets CPU 1 and autocannon CPU 0).
--quiet-wait is the most the whole run waits, before measurements, for other processes on the machine to quieten.
--no-memory skips the memory run (peak RSS of bearer-guard and express-oauth2-jwt-bearer under the same traffic).
--quick is a smoke run (1 short round, 50 000 heap tokens, a short memory run) that writes bench/results/quick.tmp (ignored by git).`;

const full = {
  rounds: 5, warmupSeconds: 2, durationSeconds: 5, connections: 50, quietWaitSeconds: 60, heapTokens: 1_000_000, microTimeMs: 600,
  memoryRounds: 2, memorySeconds: 10, memoryRate: 3000, memoryFill: 11_000,
};
const quick = {
  rounds: 1, warmupSeconds: 0.5, durationSeconds: 1, connections: 50, quietWaitSeconds: 0, heapTokens: 50_000, microTimeMs: 100,
  memoryRounds: 1, memorySeconds: 3, memoryRate: 1500, memoryFill: 2000,
};

const numeric = {
  rounds: { flag: 'rounds', env: 'BENCH_ROUNDS', integer: true, min: 1 },
  warmupSeconds: { flag: 'warmup', env: 'BENCH_WARMUP', integer: false, min: 0 },
  durationSeconds: { flag: 'duration', env: 'BENCH_DURATION', integer: false, min: 0.5 },
  connections: { flag: 'connections', env: 'BENCH_CONNECTIONS', integer: true, min: 1 },
  quietWaitSeconds: { flag: 'quiet-wait', env: 'BENCH_QUIET_WAIT', integer: false, min: 0 },
  heapTokens: { flag: 'heap-tokens', env: 'BENCH_HEAP_TOKENS', integer: true, min: 1 },
  microTimeMs: { flag: 'micro-time', env: 'BENCH_MICRO_TIME', integer: true, min: 10 },
  memoryRounds: { flag: 'memory-rounds', env: 'BENCH_MEMORY_ROUNDS', integer: true, min: 1 },
  memorySeconds: { flag: 'memory-seconds', env: 'BENCH_MEMORY_SECONDS', integer: false, min: 1 },
  memoryRate: { flag: 'memory-rate', env: 'BENCH_MEMORY_RATE', integer: true, min: 100 },
  memoryFill: { flag: 'memory-fill', env: 'BENCH_MEMORY_FILL', integer: true, min: 0 },
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
  const known = new Set(['quick', 'only', 'no-build', 'no-pin', 'no-macro', 'no-micro', 'no-heap', 'no-fleet', 'no-every-core', 'no-memory', 'out', ...Object.values(numeric).map((n) => n.flag)]);
  for (const name of flags.keys()) if (!known.has(name)) throw new TypeError(`Unknown flag --${name}\n${usage}`);

  const isQuick = flags.get('quick') === true;
  const defaults = isQuick ? quick : full;
  const options: BenchOptions = {
    quick: isQuick,
    ...defaults,
    build: !flags.has('no-build'),
    pin: !flags.has('no-pin'),
    macro: !flags.has('no-macro'),
    micro: !flags.has('no-micro'),
    heap: !flags.has('no-heap'),
    fleet: !flags.has('no-fleet'),
    everyCore: !flags.has('no-every-core'),
    memory: !flags.has('no-memory'),
    only: typeof flags.get('only') === 'string' ? (flags.get('only') as string).split(',') : undefined,
    out: typeof flags.get('out') === 'string' ? (flags.get('out') as string) : isQuick ? 'bench/results/quick.tmp' : 'bench/results/latest.md',
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
