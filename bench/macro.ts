import type { ChildProcess } from 'node:child_process';
import { canPinCpus, startChild, nextMessage, stopChild } from './children.js';
import { cpuSnapshot, foreignCores, processCpuSeconds, waitForQuiet } from './cpu-load.js';
import { algorithms, contestants, type BenchAlgorithm, type ContestantId } from './contestants.js';
import type { BenchOptions } from './options.js';
import { timedGet } from './probe.js';
import { contestantEnvFor } from './servers/contestant-config.js';
import { createTestIssuer, type TestIssuer } from '../src/testing/index.js';

export interface LoadSummary {
  requests: number;
  durationSeconds: number;
  latency: { p50: number; p99: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Cores' worth of CPU other processes used during this measurement (Linux). */
  foreignCores: number;
  /** CPU time the server process used (all threads) per request served, µs (Linux). */
  serverCpuUsPerRequest: number;
}

export interface MacroResults {
  /** Per contestant and algorithm, one summary per round, in round order. */
  runs: Record<ContestantId, Record<BenchAlgorithm, LoadSummary[]>>;
  /** First request to a freshly started server (RS256 token, fresh connection), one per round. */
  coldMs: Record<ContestantId, number[]>;
  /** The second request, same conditions, for comparison. */
  secondMs: Record<ContestantId, number[]>;
  /** CPU time the server process (all threads) spent on the first and on the second request, ms; one per round. */
  coldCpuMs: Record<ContestantId, number[]>;
  secondCpuMs: Record<ContestantId, number[]>;
  /** JWKS requests the issuer saw during each server process's whole life, one per round. */
  jwksFetches: Record<ContestantId, number[]>;
  /** Requests that must be refused and were, or the mistake. */
  probes: Record<ContestantId, string>;
  /** Time spent waiting for other processes to quieten. */
  quietWaitMs: number;
}

export const SCOPE = 'read:things';

/** What every contestant server is told: the issuer, its audience, the scope, both algorithms. */
export function serverConfig(issuer: TestIssuer) {
  return { issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: issuer.audience, scope: SCOPE, algorithms: [...algorithms] };
}

/** One valid `Authorization` value per algorithm, carrying the scope, reused by every client. */
export async function bearerTokens(issuer: TestIssuer): Promise<Record<BenchAlgorithm, string>> {
  const mint = async (alg: BenchAlgorithm) => `Bearer ${await issuer.token({ alg, scopes: SCOPE, expiresIn: '2h' })}`;
  return { RS256: await mint('RS256'), ES256: await mint('ES256') };
}
/** When pinning: the server alone on one CPU; autocannon and the orchestrator (issuer) on the other. */
export const CPUS = { server: 1, load: 0 } as const;
/** Above this much foreign CPU before a measurement, wait (within the run's budget) for quiet. */
const QUIET_CORES = 0.15;

const isReady = (m: unknown): m is { type: 'ready'; port: number } => (m as { type?: unknown })?.type === 'ready';
const isLoadAnswer = (m: unknown): m is ({ type: 'result' } & Omit<LoadSummary, 'foreignCores' | 'serverCpuUsPerRequest'>) | { type: 'error'; message: string } =>
  ['result', 'error'].includes((m as { type?: string })?.type ?? '');

/** A job for `load.mjs`: see there for `sequence` and `overallRate`. */
export interface LoadJob {
  url: string;
  connections: number;
  authorizations?: Array<string | undefined>;
  durationSeconds?: number;
  /** Send exactly this many requests instead of running for `durationSeconds`. */
  amount?: number;
  overallRate?: number;
  sequence?: { reused: string[]; fresh: string[]; freshEvery: number };
}

export type LoadResult = Omit<LoadSummary, 'foreignCores' | 'serverCpuUsPerRequest'>;

/** One autocannon process per server session, so the load generator is warm and its pid known. */
export function createLoadGenerator(cpu: number | string | undefined) {
  const child = startChild('load.mjs', { typescript: false, ...(cpu === undefined ? {} : { cpu }) });
  const runJob = async (job: LoadJob, timeoutMs: number): Promise<LoadResult> => {
    const answer = nextMessage(child, 'autocannon', timeoutMs, isLoadAnswer);
    child.send(job);
    const result = await answer;
    if (result.type === 'error') throw new Error(`autocannon failed: ${result.message}`);
    return result;
  };
  return {
    pid: child.pid,
    run: (url: string, authorizations: Array<string | undefined>, seconds: number, connections: number) =>
      runJob({ url, connections, durationSeconds: seconds, authorizations }, (seconds + 30) * 1000),
    runJob,
    stop: () => stopChild(child),
  };
}

export async function startServer(
  id: string,
  config: Omit<Parameters<typeof contestantEnvFor>[0], 'contestant'>,
  cpu: number | string | undefined,
  nodeOptions: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  // As JavaScript, written by bench/servers-build.ts at the start of the run.
  const child = startChild('.servers-built/app.js', { typescript: false, nodeOptions, env: contestantEnvFor({ ...config, contestant: id }), ...(cpu === undefined ? {} : { cpu }) });
  try {
    const { port } = await nextMessage(child, `server ${id}`, 30_000, isReady);
    return { child, url: `http://127.0.0.1:${port}/things` };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** What a contestant server answers about itself; `gc` first runs a full collection (`--expose-gc`). */
interface ServerAnswer {
  type: 'usage' | 'gc';
  cpu?: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}

/** Asks a contestant server for its own CPU time and memory (`usage`), or its memory after a full GC (`gc`). */
export async function askServer(child: ChildProcess, type: ServerAnswer['type']): Promise<ServerAnswer> {
  const answer = nextMessage(child, `server ${type}`, 10_000, (m: unknown): m is ServerAnswer => (m as { type?: unknown })?.type === type);
  child.send({ type });
  return answer;
}

/** The server's own CPU time so far (every thread), ms, as it reports it: finer than /proc's ticks. */
async function serverCpuMs(child: ChildProcess): Promise<number> {
  const { cpu } = await askServer(child, 'usage');
  return (cpu!.user + cpu!.system) / 1000;
}

export function rotate<T>(list: readonly T[], by: number): T[] {
  const n = by % list.length;
  return [...list.slice(n), ...list.slice(0, n)];
}

const perContestant = <T>(make: () => T) => Object.fromEntries(contestants.map((c) => [c.id, make()])) as Record<ContestantId, T>;

/**
 * Starts the issuer here, then for each round and each contestant (order rotated every round):
 * a fresh server process alone on 127.0.0.1, its cold first request, a warm-up, one measurement
 * per algorithm (order alternating), and the process is stopped before the next one starts.
 */
export async function runMacro(options: BenchOptions, log: (line: string) => void): Promise<MacroResults> {
  const issuer = await createTestIssuer();
  try {
    const bearer = (token: string) => `Bearer ${token}`;
    const tokens = await bearerTokens(issuer);
    const refused = {
      'no token': undefined,
      'missing scope': bearer(await issuer.token({ alg: 'RS256', scopes: 'write:things' })),
      'wrong audience': bearer(await issuer.token({ alg: 'ES256', scopes: SCOPE, audience: 'https://other.example.test' })),
      'wrong issuer': bearer(await issuer.token({ alg: 'RS256', scopes: SCOPE, issuer: 'http://127.0.0.1:9/' })),
      'expired': bearer(await issuer.token({ alg: 'ES256', scopes: SCOPE, expiresIn: -600 })),
      'foreign key': bearer(await issuer.token({ alg: 'RS256', scopes: SCOPE, signingKey: 'foreign' })),
    };
    const config = serverConfig(issuer);

    const results: MacroResults = {
      runs: perContestant(() => ({ RS256: [], ES256: [] })),
      coldMs: perContestant(() => []),
      secondMs: perContestant(() => []),
      coldCpuMs: perContestant(() => []),
      secondCpuMs: perContestant(() => []),
      jwksFetches: perContestant(() => []),
      probes: perContestant(() => 'not run'),
      quietWaitMs: 0,
    };

    const quietBudget = { remainingMs: options.quietWaitSeconds * 1000 };
    const measured = contestants.filter((c) => !options.only || options.only.includes(c.id));
    if (measured.length === 0) throw new TypeError(`--only names no contestant; known: ${contestants.map((c) => c.id).join(', ')}`);
    const cpus = options.pin && canPinCpus() ? CPUS : undefined;
    for (let round = 0; round < options.rounds; round++) {
      const algOrder = round % 2 === 0 ? algorithms : [...algorithms].reverse();
      for (const contestant of rotate(measured, round)) {
        // The floor carries the token too: parsing a 1 KB header is part of what a guard costs.
        const auth = (alg: BenchAlgorithm) => (contestant.id === 'none' ? undefined : tokens[alg]);
        const jwksBefore = issuer.hits.jwks;
        const server = await startServer(contestant.id, config, cpus?.server);
        const load = createLoadGenerator(cpus?.load);
        const pids = [server.child.pid, load.pid];
        try {
          const cpu0 = await serverCpuMs(server.child);
          const cold = await timedGet(server.url, auth('RS256'));
          const cpu1 = await serverCpuMs(server.child);
          const second = await timedGet(server.url, auth('RS256'));
          const cpu2 = await serverCpuMs(server.child);
          results.coldCpuMs[contestant.id].push(cpu1 - cpu0);
          results.secondCpuMs[contestant.id].push(cpu2 - cpu1);
          if (cold.status !== 200 || second.status !== 200) throw new Error(`${contestant.id}: a valid token got ${cold.status}/${second.status}`);
          results.coldMs[contestant.id].push(cold.ms);
          results.secondMs[contestant.id].push(second.ms);
          if (round === 0) results.probes[contestant.id] = await probe(server.url, contestant.authenticates, auth('ES256'), refused);

          let before = cpuSnapshot(pids);
          if (options.warmupSeconds > 0) await load.run(server.url, algorithms.map(auth), options.warmupSeconds, options.connections);
          let foreign = foreignCores(before, cpuSnapshot(pids));
          for (const alg of algOrder) {
            // Someone else's work on a shared machine would be counted against this contestant.
            if (foreign !== undefined && foreign >= QUIET_CORES && quietBudget.remainingMs > 0) {
              const waited = await waitForQuiet(pids, QUIET_CORES, quietBudget);
              results.quietWaitMs += waited;
              if (waited > 0) log(`waited ${(waited / 1000).toFixed(0)} s for other processes to quieten (${quietBudget.remainingMs / 1000} s of waiting left)`);
            }
            before = cpuSnapshot(pids);
            const serverCpuBefore = processCpuSeconds(server.child.pid);
            const summary = await load.run(server.url, [auth(alg)], options.durationSeconds, options.connections);
            const serverCpu = (processCpuSeconds(server.child.pid) ?? NaN) - (serverCpuBefore ?? NaN);
            foreign = foreignCores(before, cpuSnapshot(pids));
            if (summary.non2xx > 0 || summary.errors > 0) {
              throw new Error(`${contestant.id} ${alg}: ${summary.non2xx} non-2xx responses and ${summary.errors} errors under load`);
            }
            const serverCpuUsPerRequest = (serverCpu * 1e6) / summary.requests;
            results.runs[contestant.id][alg].push({ ...summary, foreignCores: foreign ?? NaN, serverCpuUsPerRequest });
            log(
              `round ${round + 1}/${options.rounds} ${contestant.id.padEnd(19)} ${alg}: ${Math.round(summary.requests / summary.durationSeconds)} req/s, ` +
                `p50 ${summary.latency.p50.toFixed(2)} ms, p99 ${summary.latency.p99.toFixed(2)} ms, server CPU ${serverCpuUsPerRequest.toFixed(0)} µs/req` +
                (foreign === undefined ? '' : `, other processes ${foreign.toFixed(2)} cores`),
            );
          }
        } finally {
          await load.stop();
          await stopChild(server.child);
        }
        results.jwksFetches[contestant.id].push(issuer.hits.jwks - jwksBefore);
      }
    }
    return results;
  } finally {
    await issuer.close();
  }
}

/** Checks that the contestant really applies the same checks: both algorithms pass, every bad token is refused. */
async function probe(
  url: string,
  authenticates: boolean,
  otherAlgorithm: string | undefined,
  refused: Record<string, string | undefined>,
): Promise<string> {
  if (!authenticates) return 'no checks';
  const es = await timedGet(url, otherAlgorithm);
  if (es.status !== 200) throw new Error(`${url}: a valid ES256 token got ${es.status}`);
  const outcomes: string[] = [];
  for (const [name, authorization] of Object.entries(refused)) {
    const { status } = await timedGet(url, authorization);
    if (status !== 401 && status !== 403 && status !== 400) throw new Error(`${url}: a token with ${name} got ${status}, expected a refusal`);
    outcomes.push(`${name} ${status}`);
  }
  return outcomes.join(', ');
}
