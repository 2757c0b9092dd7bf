import { canPinCpus, everyCpu, stopChild } from './children.js';
import { processCpuSeconds } from './cpu-load.js';
import { algorithms, type BenchAlgorithm } from './contestants.js';
import { CPUS, bearerTokens, createLoadGenerator, serverConfig, startServer } from './macro.js';
import type { BenchOptions } from './options.js';
import { median } from './report.js';
import { createTestIssuer } from '../src/testing/index.js';

/**
 * Issue 20's "every core": bearer-guard with the token cache off, checking signatures on the main
 * thread (`bearer-guard`) or on libuv's thread pool (`bearer-guard-pool`, the
 * `signatureThreadPool` option), with the server pinned to one CPU and free on every CPU.
 */
const variants = ['bearer-guard', 'bearer-guard-pool'] as const;
type Variant = (typeof variants)[number];
const placements = ['one CPU', 'every CPU'] as const;
type Placement = (typeof placements)[number];

interface Measurement {
  reqPerSec: number;
  serverCpuUsPerRequest: number;
}

export interface EveryCoreResults {
  rounds: number;
  /** Per placement, variant and algorithm, one measurement per round. */
  runs: Record<Placement, Record<Variant, Record<BenchAlgorithm, Measurement[]>>>;
}

/** At most two rounds: each measures every placement and variant. */
export const everyCoreRounds = (options: Pick<BenchOptions, 'rounds'>) => Math.min(options.rounds, 2);

/** Servers started per round. */
export const everyCoreServersPerRound = placements.length * variants.length;

/** Rounds interleave placements and variants, so a slow minute of the machine hits both variants alike. */
export async function runEveryCore(options: BenchOptions, log: (line: string) => void): Promise<EveryCoreResults> {
  const issuer = await createTestIssuer();
  const rounds = everyCoreRounds(options);
  const empty = () => ({ RS256: [], ES256: [] }) as Record<BenchAlgorithm, Measurement[]>;
  const runs = Object.fromEntries(placements.map((p) => [p, { 'bearer-guard': empty(), 'bearer-guard-pool': empty() }])) as EveryCoreResults['runs'];
  try {
    const tokens = await bearerTokens(issuer);
    const config = serverConfig(issuer);
    const pin = options.pin && canPinCpus();
    for (let round = 0; round < rounds; round++) {
      for (const placement of placements) {
        // The orchestrator pinned itself, and a child inherits its CPUs: "every CPU" is asked for.
        const cpus = !pin ? undefined : placement === 'one CPU' ? CPUS : { server: everyCpu(), load: everyCpu() };
        const order = round % 2 === 0 ? variants : [...variants].reverse();
        for (const variant of order) {
          const server = await startServer(variant, config, cpus?.server);
          const load = createLoadGenerator(cpus?.load);
          try {
            if (options.warmupSeconds > 0) await load.run(server.url, Object.values(tokens), options.warmupSeconds, options.connections);
            for (const alg of round % 2 === 0 ? algorithms : [...algorithms].reverse()) {
              const cpuBefore = processCpuSeconds(server.child.pid) ?? NaN;
              const summary = await load.run(server.url, [tokens[alg]], options.durationSeconds, options.connections);
              const cpuSeconds = (processCpuSeconds(server.child.pid) ?? NaN) - cpuBefore;
              if (summary.non2xx > 0 || summary.errors > 0) throw new Error(`${variant} ${alg} (${placement}): ${summary.non2xx} non-2xx responses and ${summary.errors} errors`);
              const measurement = { reqPerSec: summary.requests / summary.durationSeconds, serverCpuUsPerRequest: (cpuSeconds * 1e6) / summary.requests };
              runs[placement][variant][alg].push(measurement);
              log(`every core, round ${round + 1}/${rounds}, ${placement}, ${variant.padEnd(17)} ${alg}: ${Math.round(measurement.reqPerSec)} req/s, server CPU ${measurement.serverCpuUsPerRequest.toFixed(0)} µs/req`);
            }
          } finally {
            await load.stop();
            await stopChild(server.child);
          }
        }
      }
    }
    return { rounds, runs };
  } finally {
    await issuer.close();
  }
}

const perSecond = (list: Measurement[]) => median(list.map((m) => m.reqPerSec));

/** Thread pool ÷ main thread req/s, per placement and algorithm (medians over the rounds). */
function threadPoolRatios(results: EveryCoreResults): Record<Placement, Record<BenchAlgorithm, number>> {
  const out = {} as Record<Placement, Record<BenchAlgorithm, number>>;
  for (const placement of placements) {
    const runs = results.runs[placement];
    out[placement] = { RS256: perSecond(runs['bearer-guard-pool'].RS256) / perSecond(runs['bearer-guard'].RS256), ES256: perSecond(runs['bearer-guard-pool'].ES256) / perSecond(runs['bearer-guard'].ES256) };
  }
  return out;
}

/**
 * The rule for offering it: more req/s on every CPU, at most a few percent fewer on one.
 * "A few percent" is read as 3%.
 */
function worthOffering(ratios: Record<Placement, Record<BenchAlgorithm, number>>, alg: BenchAlgorithm): boolean {
  return ratios['every CPU'][alg] > 1.03 && ratios['one CPU'][alg] >= 0.97;
}

export function formatEveryCore(results: EveryCoreResults): string[] {
  const ratios = threadPoolRatios(results);
  const lines = [
    '## Every core: signature checks on libuv\'s thread pool',
    '',
    `bearer-guard with the token cache off, checking each request's signature on the main thread or on libuv's thread pool (\`signatureThreadPool: ['RS256', 'ES256']\`); the server pinned to one CPU (autocannon on the other) or free on every CPU (sharing them with autocannon). Median of ${results.rounds} round(s). With the token cache on, a reused token checks no signature, so the option changes nothing there.`,
    '',
    '| placement | algorithm | main thread req/s | thread pool req/s | thread pool ÷ main thread | main thread server CPU µs/req | thread pool server CPU µs/req |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const placement of placements) {
    for (const alg of algorithms) {
      const runs = results.runs[placement];
      const cpu = (list: Measurement[]) => median(list.map((m) => m.serverCpuUsPerRequest)).toFixed(0);
      lines.push(
        `| ${placement} | ${alg} | ${Math.round(perSecond(runs['bearer-guard'][alg]))} | ${Math.round(perSecond(runs['bearer-guard-pool'][alg]))} | ${ratios[placement][alg].toFixed(2)}× | ${cpu(runs['bearer-guard'][alg])} | ${cpu(runs['bearer-guard-pool'][alg])} |`,
      );
    }
  }
  lines.push('');
  for (const alg of algorithms) {
    const verdict = worthOffering(ratios, alg) ? 'pays where the process has CPUs to spare' : 'costs more on one CPU than the rule allows';
    lines.push(`- ${alg}: ${verdict} (every CPU ${ratios['every CPU'][alg].toFixed(3)}×, one CPU ${ratios['one CPU'][alg].toFixed(3)}×; the rule: more than 1.03× on every CPU and at least 0.97× on one).`);
  }
  lines.push('');
  return lines;
}
