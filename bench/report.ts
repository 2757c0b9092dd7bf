import { contestants, algorithms, type BenchAlgorithm, type ContestantId } from './contestants.js';
import type { FleetResults } from './fleet.js';
import type { HeapResults } from './heap.js';
import type { LoadSummary, MacroResults } from './macro.js';
import { memoryVariants, type MemoryResults, type MemoryRun, type MemoryVariant } from './memory.js';
import { microTasks, type MicroResults } from './micro.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const rate = (s: LoadSummary) => s.requests / s.durationSeconds;
const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

export interface MacroSummary {
  reqPerSec: number;
  minReqPerSec: number;
  maxReqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Most CPU other processes used during one of the rounds, in cores. */
  maxForeignCores: number;
  /** Server CPU time per request (all its threads), median over the rounds, µs. */
  serverCpuUs: number;
}

/** Medians over the rounds: the value every ratio below is computed from. */
export function summarizeMacro(macro: MacroResults): Record<ContestantId, Record<BenchAlgorithm, MacroSummary>> {
  const out = {} as Record<ContestantId, Record<BenchAlgorithm, MacroSummary>>;
  for (const { id } of contestants) {
    out[id] = {} as Record<BenchAlgorithm, MacroSummary>;
    for (const alg of algorithms) {
      const runs = macro.runs[id][alg];
      const rates = runs.map(rate);
      out[id][alg] = {
        reqPerSec: median(rates),
        minReqPerSec: rates.length ? Math.min(...rates) : NaN,
        maxReqPerSec: rates.length ? Math.max(...rates) : NaN,
        p50Ms: median(runs.map((r) => r.latency.p50)),
        p99Ms: median(runs.map((r) => r.latency.p99)),
        maxForeignCores: runs.length ? Math.max(...runs.map((r) => r.foreignCores)) : NaN,
        serverCpuUs: median(runs.map((r) => r.serverCpuUsPerRequest)),
      };
    }
  }
  return out;
}

export function formatMacro(macro: MacroResults, rounds: number): string[] {
  const summary = summarizeMacro(macro);
  const lines: string[] = [];
  for (const alg of algorithms) {
    const anchor = (id: ContestantId) => summary[id][alg].reqPerSec;
    lines.push(
      `### ${alg}`,
      '',
      `| contestant | req/s (median of ${rounds}) | min–max | p50 ms | p99 ms | × express-oauth2-jwt-bearer | × jose floor | × ceiling | server CPU µs/req | auth CPU µs/req | other processes, cores (max) |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const { id, label } of contestants) {
      const s = summary[id][alg];
      lines.push(
        `| ${label} | ${fixed(s.reqPerSec, 0)} | ${fixed(s.minReqPerSec, 0)}–${fixed(s.maxReqPerSec, 0)} | ${fixed(s.p50Ms, 2)} | ${fixed(s.p99Ms, 2)} | ` +
          `${ratio(s.reqPerSec / anchor('oauth2-jwt-bearer'))} | ${ratio(s.reqPerSec / anchor('jose-floor'))} | ${ratio(s.reqPerSec / anchor('none'))} | ${fixed(s.serverCpuUs, 0)} | ${id === 'none' ? '–' : fixed(s.serverCpuUs - summary.none[alg].serverCpuUs, 0)} | ${fixed(s.maxForeignCores, 2)} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    'Server CPU µs/req is the CPU time the server process used (every thread, so a thread pool counts) per request served: less sensitive to other work on the machine than req/s. Auth CPU µs/req is that minus the ceiling\'s: what authentication costs per request.',
    '',
    '### Cold start and key fetching',
    '',
    'First request to a freshly started server process (RS256 token, new connection; includes the JWKS fetch for every contestant but the ceiling), the second request for comparison, and the JWKS requests the issuer saw over each server process\'s life (one value per round). Server CPU is the time the server process itself (every thread) spent on that request, as it reports it: less sensitive to other work on the machine than the wall-clock figures.',
    '',
    '| contestant | first request ms (median) | second request ms (median) | first request server CPU ms | second request server CPU ms | JWKS fetches per process | refusals checked (round 1) |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
  );
  for (const { id, label } of contestants) {
    lines.push(
      `| ${label} | ${fixed(median(macro.coldMs[id]), 2)} | ${fixed(median(macro.secondMs[id]), 2)} | ${fixed(median(macro.coldCpuMs[id]), 1)} | ${fixed(median(macro.secondCpuMs[id]), 1)} | ${macro.jwksFetches[id].join(', ')} | ${macro.probes[id]} |`,
    );
  }
  lines.push('');
  return lines;
}

/** Mean and worst CPU that other processes took during the load measurements, in cores. */
export function foreignLoad(macro: MacroResults): { mean: number; max: number } {
  const all = contestants.flatMap(({ id }) => algorithms.flatMap((alg) => macro.runs[id][alg].map((r) => r.foreignCores))).filter(Number.isFinite);
  return { mean: all.reduce((a, b) => a + b, 0) / all.length, max: Math.max(...all) };
}

export function formatMicro(micro: MicroResults): string[] {
  const lines = [
    '| task | RS256 µs/call | ES256 µs/call | RS256 × crypto.verify | ES256 × crypto.verify |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const cell = (r: MicroResults[BenchAlgorithm][keyof MicroResults[BenchAlgorithm]]) =>
    `${fixed(r.meanUs, 1)} (rounds ${fixed(r.minMeanUs, 1)}–${fixed(r.maxMeanUs, 1)}; p50 ${fixed(r.p50Us, 1)})`;
  for (const { id, label } of microTasks) {
    lines.push(
      `| ${label} | ${cell(micro.RS256[id])} | ${cell(micro.ES256[id])} | ` +
        `${ratio(micro.RS256[id].meanUs / micro.RS256.crypto.meanUs)} | ${ratio(micro.ES256[id].meanUs / micro.ES256.crypto.meanUs)} |`,
    );
  }
  lines.push(
    '',
    `Mean time per call, median of 3 rounds. bearer-guard's overhead over the signature check itself (cache off): RS256 ${fixed(micro.RS256['bg-nocache'].meanUs - micro.RS256.crypto.meanUs, 1)} µs, ES256 ${fixed(micro.ES256['bg-nocache'].meanUs - micro.ES256.crypto.meanUs, 1)} µs per call.`,
    `An opaque token answered from the introspection cache costs ${ratio(micro.RS256['bg-introspect'].meanUs / micro.RS256['bg-request'].meanUs)} / ${ratio(micro.ES256['bg-introspect'].meanUs / micro.ES256['bg-request'].meanUs)} (RS256 / ES256 round; medians ${ratio(micro.RS256['bg-introspect'].p50Us / micro.RS256['bg-request'].p50Us)} / ${ratio(micro.ES256['bg-introspect'].p50Us / micro.ES256['bg-request'].p50Us)}) a Bearer request with a cached JWT, and ${ratio(micro.RS256['bg-introspect'].meanUs / micro.RS256['bg-request-nocache'].meanUs)} / ${ratio(micro.ES256['bg-introspect'].meanUs / micro.ES256['bg-request-nocache'].meanUs)} one with the JWT cache off.`,
    `On an Express request (its own shape, a new one per call, as Express hands it over), bearer-guard's \`bearerAuth\` and \`requireScopes\` with a cached token cost ${fixed(micro.RS256['bg-express'].meanUs - micro.RS256['express-floor'].meanUs, 2)} / ${fixed(micro.ES256['bg-express'].meanUs - micro.ES256['express-floor'].meanUs, 2)} µs (RS256 / ES256 round; medians ${fixed(micro.RS256['bg-express'].p50Us - micro.RS256['express-floor'].p50Us, 2)} / ${fixed(micro.ES256['bg-express'].p50Us - micro.ES256['express-floor'].p50Us, 2)} µs) more than the Express floor's two middlewares that only set and read \`req.auth\`: the per-request path around the cache, to the fraction of a µs the macro benchmark cannot resolve.`,
    `A DPoP request (ES256 proof) costs ${ratio(micro.RS256['bg-dpop'].meanUs / micro.RS256['bg-request'].meanUs)} / ${ratio(micro.ES256['bg-dpop'].meanUs / micro.ES256['bg-request'].meanUs)} (RS256 / ES256 token; medians ${ratio(micro.RS256['bg-dpop'].p50Us / micro.RS256['bg-request'].p50Us)} / ${ratio(micro.ES256['bg-dpop'].p50Us / micro.ES256['bg-request'].p50Us)}) a Bearer request with a cached token; its floor is one ES256 signature check (${fixed(micro.ES256.crypto.meanUs, 1)} µs, median ${fixed(micro.ES256.crypto.p50Us, 1)} µs).`,
    '',
  );
  return lines;
}

export function formatHeap(heap: HeapResults): string[] {
  const lines = [
    `Distinct valid HS256 tokens through one \`createVerifier\` with the default token cache (bound: \`tokenCache.maxEntries\` = ${heap.maxEntries}); each verified twice (the cache takes a token at its second verification); heap after a full GC. ${fixed(heap.usPerToken, 1)} µs per \`verify\` (all misses).`,
    '',
    '| tokens verified | heapUsed MiB | rss MiB |',
    '| ---: | ---: | ---: |',
  ];
  for (const c of heap.checkpoints) lines.push(`| ${c.tokens.toLocaleString('en-US')} | ${fixed(c.heapUsedMiB, 1)} | ${fixed(c.rssMiB, 1)} |`);
  lines.push('');
  return lines;
}

/** Heap growth once the cache is full (past `maxEntries` tokens) must stay small: the cache is bounded. */
export function heapStaysBounded(heap: HeapResults): { ok: boolean; growthMiB: number } | undefined {
  const full = heap.checkpoints.find((c) => c.tokens >= heap.maxEntries);
  const last = heap.checkpoints.at(-1);
  if (!full || !last || last === full) return undefined;
  const growthMiB = last.heapUsedMiB - full.heapUsedMiB;
  return { ok: growthMiB < 8, growthMiB };
}

export function formatTargets(macro: MacroResults | undefined, micro: MicroResults | undefined, heap: HeapResults | undefined, memory?: MemoryResults): string[] {
  const lines = ['| target | RS256 | ES256 |', '| --- | --- | --- |'];
  if (macro) {
    const s = summarizeMacro(macro);
    const row = (name: string, value: (alg: BenchAlgorithm) => number, ok: (v: number) => boolean) =>
      lines.push(`| ${name} | ${algorithms.map((alg) => `${mark(ok(value(alg)))} ${ratio(value(alg))}`).join(' | ')} |`);
    const rps = (id: ContestantId, alg: BenchAlgorithm) => s[id][alg].reqPerSec;
    row('bearer-guard (cache off) ≥ 1.2× express-oauth2-jwt-bearer req/s', (a) => rps('bearer-guard', a) / rps('oauth2-jwt-bearer', a), (v) => v >= 1.2);
    row('bearer-guard (default, cache on) ≥ 1.2× express-oauth2-jwt-bearer req/s', (a) => rps('bearer-guard-cached', a) / rps('oauth2-jwt-bearer', a), (v) => v >= 1.2);
    row('bearer-guard (cache off) ≥ 1.0× jose floor req/s', (a) => rps('bearer-guard', a) / rps('jose-floor', a), (v) => v >= 1);
    row('bearer-guard (cache on, reused token) ≥ 0.95× no-auth ceiling req/s', (a) => rps('bearer-guard-cached', a) / rps('none', a), (v) => v >= 0.95);
    lines.push(
      `| for reference: the Express floor (two pass-through middlewares setting \`req.auth\`, same token sent) ÷ no-auth ceiling req/s | ${algorithms.map((a) => `ℹ ${ratio(rps('express-floor', a) / rps('none', a))}`).join(' | ')} |`,
      `| bearer-guard (cache on, reused token) ÷ the Express floor req/s | ${algorithms.map((a) => `ℹ ${ratio(rps('bearer-guard-cached', a) / rps('express-floor', a))}`).join(' | ')} |`,
    );
    const fetches = [...macro.jwksFetches['bearer-guard'], ...macro.jwksFetches['bearer-guard-cached']];
    const once = fetches.every((n) => n === 1);
    lines.push(`| bearer-guard fetches the JWKS once per process (one issuer) | ${mark(once)} ${fetches.join(', ')} | (both algorithms) |`);
  }
  if (micro) {
    const cost = (alg: BenchAlgorithm) => micro[alg]['bg-nocache'].meanUs / micro[alg].crypto.meanUs;
    lines.push(`| per-request verify cost (cache off) ≤ 1.3× node:crypto \`crypto.verify\` (micro) | ${algorithms.map((a) => `${mark(cost(a) <= 1.3)} ${ratio(cost(a))}`).join(' | ')} |`);
    const introspected = (alg: BenchAlgorithm) => micro[alg]['bg-introspect'].meanUs / micro[alg]['bg-request'].meanUs;
    lines.push(`| an opaque token from the introspection cache ≤ 2× a cached JWT, per \`authenticate\` (micro) | ${algorithms.map((a) => `${mark(introspected(a) <= 2)} ${ratio(introspected(a))}`).join(' | ')} |`);
  }
  const bounded = heap ? heapStaysBounded(heap) : undefined;
  if (heap && bounded) {
    const last = heap.checkpoints.at(-1)!;
    lines.push(
      `| heap stays bounded after ${last.tokens.toLocaleString('en-US')} distinct tokens (growth after the cache is full < 8 MiB) | ${mark(bounded.ok)} ${fixed(bounded.growthMiB, 1)} MiB | (HS256) |`,
    );
  }
  if (memory) {
    const peak = (id: MemoryVariant) => median(memory.runs[id].map((r) => r.peakRssMiB));
    const share = peak('bearer-guard-cached') / peak('oauth2-jwt-bearer');
    lines.push(
      `| peak RSS under load, bearer-guard (default) ≤ 1.0× express-oauth2-jwt-bearer (memory run) | ${mark(share <= 1)} ${ratio(share)} (${fixed(peak('bearer-guard-cached'), 0)} vs ${fixed(peak('oauth2-jwt-bearer'), 0)} MiB) | (RS256 reused, ES256 new) |`,
    );
  }
  lines.push('');
  return lines;
}

/** The fleet check: IdP requests with and without the shared store, per scenario. */
export function formatFleet(fleet: FleetResults): string[] {
  if ('skipped' in fleet) return [`Not measured: ${fleet.skipped}.`, ''];
  const lines = [
    '| scenario | instances | alone: discovery / JWKS requests | shared Redis store: discovery / JWKS requests | introspection calls: alone / shared |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of fleet.rows) {
    const introspection = row.alone.introspection === undefined ? '–' : `${row.alone.introspection} / ${row.shared.introspection}`;
    lines.push(`| ${row.scenario} | ${row.instances} | ${row.alone.discovery} / ${row.alone.jwks} | ${row.shared.discovery} / ${row.shared.jwks} | ${introspection} |`);
  }
  lines.push('', 'Each instance is a verifier with its own key store and its own Redis connection, all sent one token at the same moment (`bench/fleet.ts`); the real processes are in test/fleet.', '');
  return lines;
}

/** The memory run: medians over its rounds, per contestant. */
export function formatMemory(memory: MemoryResults): string[] {
  const rounds = memory.runs['oauth2-jwt-bearer'].length;
  const lines = [
    `${memory.fill.toLocaleString('en-US')} distinct valid ES256 tokens first, then ${memory.settleSeconds + memory.seconds} s of mixed traffic: one request in ${Math.round(1 / memory.freshShare)} carries a new ES256 token, the others reuse one of ${memory.reusedTokens} RS256 tokens (the traffic of the soak that found the problem). Both at a fixed ${memory.rate} requests/s, the same requests in the same order for every contestant, each in a fresh server process (pinned like the macro servers, started with \`--expose-gc\`). The last row is bearer-guard again with every fill token sent twice, so that its token cache is full (it takes a token at its second verification) before the mixed traffic. Median of ${rounds} interleaved round(s), MiB. Peak RSS is ${memory.peakFromKernel ? "the kernel's high-water mark (VmHWM)" : 'the highest of the samples taken every 250 ms'} over the last ${memory.seconds} s: the first ${memory.settleSeconds} s of mixed traffic compile its code paths, which can briefly raise a contestant's high-water mark (see bench/memory.ts); "whole life" includes them, the start and the fill. Heap figures come from samples every 250 ms over the same ${memory.seconds} s.`,
    '',
    '| contestant | peak RSS | × express-oauth2-jwt-bearer | peak RSS, whole life | RSS at end | heapUsed at end | heapUsed peak | heapTotal peak | external at end | heapUsed after GC | RSS after GC | req/s served |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const anchor = median(memory.runs['oauth2-jwt-bearer'].map((r) => r.peakRssMiB));
  for (const { id, label } of memoryVariants) {
    const runs = memory.runs[id];
    const m = (pick: (r: MemoryRun) => number, digits = 0) => fixed(median(runs.map(pick)), digits);
    lines.push(
      `| ${label} | ${m((r) => r.peakRssMiB)} | ${ratio(median(runs.map((r) => r.peakRssMiB)) / anchor)} | ${m((r) => r.lifePeakRssMiB)} | ${m((r) => r.endRssMiB)} | ` +
        `${m((r) => r.endHeapUsedMiB, 1)} | ${m((r) => r.peakHeapUsedMiB, 1)} | ${m((r) => r.peakHeapTotalMiB, 1)} | ${m((r) => r.endExternalMiB, 1)} | ${m((r) => r.gcHeapUsedMiB, 1)} | ${m((r) => r.gcRssMiB)} | ${m((r) => r.achievedRate)} |`,
    );
  }
  lines.push('');
  return lines;
}
