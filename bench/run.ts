import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { canPinCpus, killAllChildren, nextMessage, pinSelf, repoDir, runOrchestrator, startChild, stopChild } from './children.js';
import { cpuSnapshot, foreignCores } from './cpu-load.js';
import { contestants, algorithms } from './contestants.js';
import { everyCoreRounds, everyCoreServersPerRound, formatEveryCore, runEveryCore, type EveryCoreResults } from './every-core.js';
import type { FleetResults } from './fleet.js';
import type { HeapResults } from './heap.js';
import { CPUS, runMacro, type MacroResults } from './macro.js';
import { memoryVariants, runMemory, type MemoryResults } from './memory.js';
import { microTasks, type MicroResults } from './micro.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { buildServers } from './servers-build.js';
import { foreignLoad, formatFleet, formatHeap, formatMacro, formatMemory, formatMicro, formatTargets } from './report.js';

/**
 * `npm run bench`: the macro benchmark (Express apps under autocannon load, each contestant
 * alone in its own process), then the micro benchmark of the core verify call and the heap
 * check, each in a child process. Prints the markdown report and writes it under bench/results/.
 */
async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const budgetMs = estimateMs(options) * 2 + options.quietWaitSeconds * 1000 + 120_000;
  // Bounded whatever happens: a hung child cannot keep the benchmark alive.
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${Math.round(budgetMs / 1000)} s; stopping everything`);
    killAllChildren();
    process.exit(2);
  }, budgetMs);
  watchdog.unref();
  const startedAt = Date.now();
  const log = (line: string) => console.error(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  log(`estimated ${Math.round(estimateMs(options) / 1000)} s`);
  if (options.build) {
    log('npm run build (bearer-guard is measured as built, from dist/)');
    const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoDir, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`npm run build failed (${built.status ?? built.signal}); fix it or pass --no-build`);
  }

  if (options.macro || options.memory || options.everyCore) buildServers();
  const pinned = options.pin && canPinCpus();
  if (pinned) pinSelf(CPUS.load);
  const context: RunContext = { loadAverageAtStart: loadavg()[0]!, microForeignCores: undefined, pinned };
  let macro: MacroResults | undefined;
  let micro: MicroResults | undefined;
  let heap: HeapResults | undefined;
  let memory: MemoryResults | undefined;
  if (options.macro) macro = await runMacro(options, log);
  if (options.memory) {
    log(`memory run: ${options.memoryRounds} round(s), ${options.memorySeconds} s of mixed traffic per contestant at ${options.memoryRate} req/s`);
    memory = await runMemory(options, log);
  }
  if (options.micro) {
    log('micro benchmark');
    const answer = await runChildScript<{ type: 'micro'; results: MicroResults }>('micro.ts', 'micro', [`--micro-time=${options.microTimeMs}`], [], 'micro benchmark', 600_000, pinned ? CPUS.server : undefined);
    micro = answer.results;
    context.microForeignCores = answer.foreignCores;
  }
  if (options.heap) {
    log(`heap after ${options.heapTokens.toLocaleString('en-US')} distinct tokens`);
    heap = await runChildScript<{ type: 'heap'; results: HeapResults }>('heap.ts', 'heap', [`--heap-tokens=${options.heapTokens}`], ['--expose-gc'], 'heap check', 900_000, pinned ? CPUS.server : undefined).then((m) => m.results);
  }

  let fleet: FleetResults | undefined;
  if (options.fleet) {
    log(`IdP requests of ${fleetInstances} cold instances, with and without the shared Redis store`);
    fleet = await runChildScript<{ type: 'fleet'; results: FleetResults }>('fleet.ts', 'fleet', [`--fleet-instances=${fleetInstances}`], [], 'fleet check', 300_000, undefined).then((m) => m.results);
  }

  let everyCore: EveryCoreResults | undefined;
  if (options.everyCore) everyCore = await runEveryCore(options, log);

  const report = await buildReport(options, context, { macro, micro, heap, fleet, everyCore, memory }, (Date.now() - startedAt) / 1000);
  console.log(report);
  const out = resolve(repoDir, options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, report);
  log(`wrote ${options.out}`);
}

function estimateMs(o: BenchOptions): number {
  const perServer = 1.5 + o.warmupSeconds + algorithms.length * (o.durationSeconds + 0.3);
  const macro = o.macro ? o.rounds * contestants.length * perServer : 0;
  const micro = o.micro ? (algorithms.length * microTasks.length * 3 * (o.microTimeMs + 300)) / 1000 + 3 : 0;
  const heap = o.heap ? o.heapTokens * 40e-6 + 2 : 0;
  const fleet = o.fleet ? 15 : 0;
  const everyCore = o.everyCore ? everyCoreRounds(o) * everyCoreServersPerRound * perServer : 0;
  const fillsSent = memoryVariants.reduce((sum, v) => sum + (v.fillTwice ? 2 : 1), 0);
  const memory = o.memory ? o.memoryRounds * (memoryVariants.length * (4.5 + o.memorySeconds) + (fillsSent * o.memoryFill) / o.memoryRate) + 2 : 0;
  return (macro + micro + heap + fleet + everyCore + memory) * 1000;
}

/** Instances in the fleet check: enough to show the difference, each with its own Redis connection. */
const fleetInstances = 50;

/** Runs a TypeScript child to its answer; also says how much CPU other processes took meanwhile. */
async function runChildScript<T extends { type: string }>(
  script: string,
  type: T['type'],
  args: string[],
  nodeOptions: string[],
  what: string,
  timeoutMs: number,
  cpu: number | undefined,
): Promise<T & { foreignCores: number | undefined }> {
  const child = startChild(script, { typescript: true, args, nodeOptions, ...(cpu === undefined ? {} : { cpu }) });
  try {
    const before = cpuSnapshot([child.pid]);
    const answer = await nextMessage(child, what, timeoutMs, (m): m is T => (m as { type?: unknown })?.type === type);
    return { ...answer, foreignCores: foreignCores(before, cpuSnapshot([child.pid])) };
  } finally {
    await stopChild(child);
  }
}

async function versionOf(name: string): Promise<string> {
  try {
    const json = JSON.parse(await readFile(join(repoDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    return json.version;
  } catch {
    return '?';
  }
}

interface RunContext {
  pinned: boolean;
  loadAverageAtStart: number;
  microForeignCores: number | undefined;
}

interface Sections {
  macro?: MacroResults | undefined;
  micro?: MicroResults | undefined;
  heap?: HeapResults | undefined;
  fleet?: FleetResults | undefined;
  everyCore?: EveryCoreResults | undefined;
  memory?: MemoryResults | undefined;
}

async function buildReport(options: BenchOptions, context: RunContext, sections: Sections, elapsedSeconds: number): Promise<string> {
  const { macro, micro, heap, fleet, everyCore, memory } = sections;
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const cpu = cpus();
  const packages = ['express', 'jose', 'express-oauth2-jwt-bearer', 'express-jwt', 'jwks-rsa', 'autocannon', 'tinybench'];
  const versions = await Promise.all(packages.map(async (name) => `${name} ${await versionOf(name)}`));
  const commit = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: repoDir, encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const lines = [
    '# bearer-guard benchmark',
    '',
    `- Command: \`${command}\`${options.quick ? ' (quick smoke run: too short for conclusions)' : ''}`,
    `- Date: ${new Date().toISOString()}, took ${Math.round(elapsedSeconds)} s`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${type()} ${release()}; Node ${process.version}`,
    `- bearer-guard: commit ${commit}, measured ${options.build ? 'as built by `npm run build` (dist/, as published)' : 'from the dist/ already there (--no-build)'}`,
    `- Versions: ${versions.join(', ')}`,
    ...sharedMachineNote(context, macro),
    `- CPUs: ${context.pinned ? `each server alone on CPU ${CPUS.server} (taskset; so are the micro and heap runs), autocannon and the orchestrator with the issuer on CPU ${CPUS.load}; a contestant that hands signature checks to libuv's thread pool gets no extra CPU from it` : 'not pinned: the server, its libuv thread pool and autocannon share every CPU'}`,
    ...(macro
      ? [
          `- Load: autocannon in its own process, ${options.connections} connections, ${options.rounds} interleaved round(s) of ${options.durationSeconds} s per contestant and algorithm after a ${options.warmupSeconds} s warm-up of each fresh server; every contestant alone in its own process on 127.0.0.1, checking issuer, audience and scope \`read:things\`; one token per algorithm, reused by every client. Ratios are of medians from this run only.`,
        ]
      : []),
    '',
    '## Targets',
    '',
    ...formatTargets(macro, micro, heap, memory),
  ];
  if (macro) lines.push('## Express apps under load', '', ...formatMacro(macro, options.rounds));
  if (micro) lines.push('## Micro: the core verify call alone (tinybench, mean µs per call)', '', ...formatMicro(micro));
  if (memory) lines.push('## Memory under load', '', ...formatMemory(memory));
  if (heap) lines.push(`## Heap after ${options.heapTokens.toLocaleString('en-US')} distinct tokens`, '', ...formatHeap(heap));
  if (fleet) lines.push(`## A fleet of cold instances: requests the IdP receives`, '', ...formatFleet(fleet));
  if (everyCore) lines.push(...formatEveryCore(everyCore));
  return lines.join('\n');
}

/** Other processes on the machine during the run, and what that means for the numbers. */
function sharedMachineNote(context: RunContext, macro: MacroResults | undefined): string[] {
  const parts = [`load average ${context.loadAverageAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end`];
  let busy = false;
  if (macro) {
    const { mean, max } = foreignLoad(macro);
    if (Number.isFinite(mean)) {
      parts.push(`other processes took ${mean.toFixed(2)} cores on average (at most ${max.toFixed(2)}) during load measurements`);
      busy = max >= 0.25;
    }
    if (macro.quietWaitMs > 0) parts.push(`the run waited ${Math.round(macro.quietWaitMs / 1000)} s for them to quieten`);
  }
  if (context.microForeignCores !== undefined) {
    parts.push(`${context.microForeignCores.toFixed(2)} cores during the micro benchmark`);
    busy ||= context.microForeignCores >= 0.25;
  }
  const lines = [`- Machine load: ${parts.join('; ')}.`];
  if (busy) lines.push('- ⚠ The machine was shared with other work during this run: ratios from rounds with high "other processes" figures are less reliable.');
  return lines;
}

runOrchestrator(main);
