import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { canPinCpus, stopChild } from './children.js';
import type { ContestantId } from './contestants.js';
import { CPUS, SCOPE, askServer, createLoadGenerator, rotate, serverConfig, startServer, type LoadJob, type LoadResult } from './macro.js';
import { peakRssBytes, resetPeakRss } from './memory-proc.js';
import type { BenchOptions } from './options.js';
import { createTestIssuer } from '../src/testing/index.js';

/**
 * What the memory run measures: the floor, bearer-guard as shipped, the anchor, and bearer-guard
 * once more with its token cache full (every fill token sent twice, so each is kept): what the
 * cache costs when it holds as much as it may.
 */
export const memoryVariants = [
  { id: 'none', contestant: 'none', fillTwice: false, label: 'no auth (floor)' },
  { id: 'bearer-guard-cached', contestant: 'bearer-guard-cached', fillTwice: false, label: 'bearer-guard, token cache on (default)' },
  { id: 'oauth2-jwt-bearer', contestant: 'oauth2-jwt-bearer', fillTwice: false, label: 'express-oauth2-jwt-bearer' },
  { id: 'bearer-guard-full', contestant: 'bearer-guard-cached', fillTwice: true, label: 'bearer-guard (default), cache full: each fill token sent twice' },
] as const satisfies ReadonlyArray<{ id: string; contestant: ContestantId; fillTwice: boolean; label: string }>;
export type MemoryVariant = (typeof memoryVariants)[number]['id'];

/** One contestant's server process through one round, in MiB. */
export interface MemoryRun {
  /** Highest RSS during the mixed traffic once settled (the kernel's high-water mark, reset then). */
  peakRssMiB: number;
  /** Highest RSS over the process's whole life: start, fill and all the mixed traffic. */
  lifePeakRssMiB: number;
  /** Highest heapUsed and heapTotal seen by the samples once the mixed traffic settled. */
  peakHeapUsedMiB: number;
  peakHeapTotalMiB: number;
  /** At the end of the traffic, before any forced GC. */
  endRssMiB: number;
  endHeapUsedMiB: number;
  /** Memory outside the JS heap (Buffers, OpenSSL objects held by JS) at the end. */
  endExternalMiB: number;
  /** After a full GC at the end. */
  gcHeapUsedMiB: number;
  gcRssMiB: number;
  /** Requests per second the server answered during the mixed traffic (the target is the fixed rate). */
  achievedRate: number;
}

export interface MemoryResults {
  runs: Record<MemoryVariant, MemoryRun[]>;
  rate: number;
  seconds: number;
  /** Mixed traffic before the peak is measured. */
  settleSeconds: number;
  fill: number;
  freshShare: number;
  reusedTokens: number;
  peakFromKernel: boolean;
}

/** Every tenth request carries a token never seen before, as in the soak that found the problem. */
const freshEvery = 10;
/** Valid RS256 tokens clients keep reusing (token-cache hits), as in the soak. */
const reusedTokens = 50;
const sampleEveryMs = 250;
/**
 * The first seconds of mixed traffic are not part of the peak: moving from the fill to the mix
 * exercises new code paths (the RS256 tokens, cache hits), whose first compilation can briefly
 * raise the RSS (up to 5 MiB between the two columns in the committed results). The whole-life
 * peak, reported beside it, includes them.
 */
const settleSeconds = 2;
const MiB = 2 ** 20;

async function ask(child: ChildProcess, type: 'usage' | 'gc'): Promise<NodeJS.MemoryUsage> {
  return (await askServer(child, type)).memory;
}

/**
 * Memory under load (issue 20): the same traffic at a fixed rate for each contestant, each in a fresh
 * server process pinned like the macro servers. First `fill` distinct valid tokens (as the soak
 * that found the problem did), then `seconds` of mixed traffic: nine requests in ten reuse one of 50 RS256
 * tokens, one in ten carries a new ES256 token. RSS and heap are sampled every 250 ms over IPC; the
 * peak RSS is the kernel's high-water mark (Linux), which no sample can miss. Rounds interleave
 * the contestants, order rotated every round.
 */
export async function runMemory(options: BenchOptions, log: (line: string) => void): Promise<MemoryResults> {
  const issuer = await createTestIssuer();
  try {
    const mixRequests = Math.round(options.memoryRate * (settleSeconds + options.memorySeconds));
    // A few more than needed: every connection builds its first request before the rate applies.
    const freshCount = options.memoryFill + Math.ceil(mixRequests / freshEvery) + options.connections;
    const mint = (alg: 'RS256' | 'ES256', subject: string) => issuer.token({ alg, scopes: SCOPE, subject, expiresIn: '2h' });
    const reused = await Promise.all(Array.from({ length: reusedTokens }, (_, i) => mint('RS256', `client-${i}`)));
    const fresh: string[] = [];
    for (let i = 0; i < freshCount; i++) fresh.push(await mint('ES256', `user-${i}`));
    const fillTokens = fresh.slice(0, options.memoryFill);
    const mixFresh = fresh.slice(options.memoryFill);
    const config = serverConfig(issuer);
    const cpus = options.pin && canPinCpus() ? CPUS : undefined;
    const runs = Object.fromEntries(memoryVariants.map(({ id }) => [id, [] as MemoryRun[]])) as Record<MemoryVariant, MemoryRun[]>;
    let peakFromKernel = true;

    for (let round = 0; round < options.memoryRounds; round++) {
      for (const { id, contestant, fillTwice } of rotate(memoryVariants, round)) {
        const server = await startServer(contestant, config, cpus?.server, ['--expose-gc']);
        const load = createLoadGenerator(cpus?.load);
        try {
          const job = (sequence: LoadJob['sequence'], amount: number): LoadJob => ({
            url: server.url,
            connections: options.connections,
            amount,
            overallRate: options.memoryRate,
            sequence,
          });
          const timeoutMs = (amount: number) => (amount / options.memoryRate) * 4000 + 30_000;
          if (fillTokens.length > 0) {
            const fill = fillTwice ? [...fillTokens, ...fillTokens] : fillTokens;
            assertAllAnswered(id, 'cache fill', await load.runJob(job({ reused: [], fresh: fill, freshEvery: 1 }, fill.length), timeoutMs(fill.length)));
          }
          const traffic = load.runJob(job({ reused, fresh: mixFresh, freshEvery }, mixRequests), timeoutMs(mixRequests));
          const { result: mixed, samples, end, peak, peakBeforeSettled, fromKernel } = await watchMemory(server.child, settleSeconds * 1000, traffic);
          peakFromKernel &&= fromKernel;
          assertAllAnswered(id, 'mixed traffic', mixed);
          const afterGc = await ask(server.child, 'gc');
          const run: MemoryRun = {
            peakRssMiB: peak / MiB,
            lifePeakRssMiB: Math.max(peak, peakBeforeSettled ?? 0) / MiB,
            peakHeapUsedMiB: Math.max(...samples.map((s) => s.heapUsed)) / MiB,
            peakHeapTotalMiB: Math.max(...samples.map((s) => s.heapTotal)) / MiB,
            endRssMiB: end.rss / MiB,
            endHeapUsedMiB: end.heapUsed / MiB,
            endExternalMiB: end.external / MiB,
            gcHeapUsedMiB: afterGc.heapUsed / MiB,
            gcRssMiB: afterGc.rss / MiB,
            achievedRate: mixed.requests / mixed.durationSeconds,
          };
          runs[id].push(run);
          log(
            `memory round ${round + 1}/${options.memoryRounds} ${id.padEnd(19)}: peak RSS ${run.peakRssMiB.toFixed(0)} MiB (whole life ${run.lifePeakRssMiB.toFixed(0)}), ` +
              `end RSS ${run.endRssMiB.toFixed(0)}, heap ${run.endHeapUsedMiB.toFixed(1)} (after GC ${run.gcHeapUsedMiB.toFixed(1)}), ${run.achievedRate.toFixed(0)} req/s, p99 ${mixed.latency.p99.toFixed(2)} ms, ${mixed.durationSeconds} s`,
          );
        } finally {
          await load.stop();
          await stopChild(server.child);
        }
      }
    }
    return {
      runs,
      rate: options.memoryRate,
      seconds: options.memorySeconds,
      settleSeconds,
      fill: options.memoryFill,
      freshShare: 1 / freshEvery,
      reusedTokens,
      peakFromKernel,
    };
  } finally {
    await issuer.close();
  }
}

interface Watched {
  result: LoadResult;
  /** heapUsed, heapTotal and RSS every 250 ms once the traffic settled, and at the end. */
  samples: NodeJS.MemoryUsage[];
  end: NodeJS.MemoryUsage;
  /** Highest RSS after the traffic settled. */
  peak: number;
  /** Highest RSS of the process's life until the traffic settled (undefined without /proc). */
  peakBeforeSettled: number | undefined;
  /** True when `peak` is the kernel's high-water mark, false when it is the highest sample. */
  fromKernel: boolean;
}

/** Samples the server's memory while `traffic` runs; the kernel's peak is reset once it settled. */
async function watchMemory(child: ChildProcess, settleMs: number, traffic: Promise<LoadResult>): Promise<Watched> {
  let running = true;
  const finished = traffic.finally(() => {
    running = false;
  });
  finished.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  const startedAt = performance.now();
  const samples: NodeJS.MemoryUsage[] = [];
  let peakBeforeSettled: number | undefined;
  let reset: boolean | undefined;
  while (running) {
    if (reset === undefined && performance.now() - startedAt >= settleMs) {
      peakBeforeSettled = peakRssBytes(child.pid);
      reset = resetPeakRss(child.pid);
    }
    const usage = await ask(child, 'usage');
    if (reset !== undefined) samples.push(usage);
    await Promise.race([sleep(sampleEveryMs), finished]);
  }
  const result = await finished;
  const end = await ask(child, 'usage');
  samples.push(end);
  const kernelPeak = reset ? peakRssBytes(child.pid) : undefined;
  return { result, samples, end, peak: kernelPeak ?? Math.max(...samples.map((s) => s.rss)), peakBeforeSettled, fromKernel: kernelPeak !== undefined };
}

function assertAllAnswered(id: string, phase: string, result: { non2xx: number; errors: number }): void {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`memory run, ${id}, ${phase}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
}
