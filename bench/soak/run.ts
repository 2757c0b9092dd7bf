import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, resolve } from 'node:path';
import { killAllChildren, repoDir, runOrchestrator } from '../children.js';
import { parseSoakOptions, type SoakOptions } from './options.js';
import { doneWhenLines, passed, scenarioDetails, summaryTable, type ScenarioOutcome } from './report.js';
import { runScenario, type SoakSettings } from './run-scenario.js';
import { scenarios } from './scenarios.js';
import { heapGrowthLimit, memoryBaselineAtMs, retryToleranceMs, rotationLimitMs, rssGrowthLimit } from './verdicts.js';

/** More distinct tokens than the token cache holds (10 000 by default), so that it is full. */
const fillTokens = 11_000;

/**
 * `npm run soak`: every scenario in turn against a fresh IdP and a fresh app process, the verdicts,
 * and the markdown report (printed and written). Exits 1 when a rule fails, 2 when the watchdog fires.
 */
async function main(): Promise<void> {
  const options = parseSoakOptions(process.argv.slice(2), process.env);
  const chosen = scenarios.filter((s) => !options.only || options.only.includes(s.id));
  if (chosen.length === 0) throw new TypeError(`--only names no scenario; known: ${scenarios.map((s) => s.id).join(', ')}`);
  const estimateMs = chosen.reduce((sum, s) => sum + s.durationMs(options.quick) + (s.fillCaches && !options.quick ? 15_000 : 3000), 0);
  // Bounded whatever happens: a hung step cannot keep the soak (or its children) alive.
  const watchdog = setTimeout(() => {
    console.error(`soak: still running after ${Math.round((2 * estimateMs + 60_000) / 1000)} s; stopping everything`);
    killAllChildren();
    process.exit(2);
  }, 2 * estimateMs + 60_000);
  watchdog.unref();
  const startedAt = Date.now();
  const log = (line: string): void => console.error(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  log(`${chosen.length} scenario(s), about ${Math.round(estimateMs / 1000)} s`);
  if (options.build) {
    log('npm run build (the app uses bearer-guard as built, from dist/)');
    const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoDir, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`npm run build failed (${built.status ?? built.signal}); fix it or pass --no-build`);
  }

  const loadAtStart = loadavg()[0]!;
  const settings: SoakSettings = { quick: options.quick, rate: options.rate, fillTokens, log };
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of chosen) {
    log(`${scenario.id}: ${scenario.title}`);
    let outcome: ScenarioOutcome;
    try {
      const run = await runScenario(scenario, settings);
      outcome = { scenario, run, verdicts: scenario.verdicts(run), loadAverage: loadavg()[0]! };
    } catch (error) {
      outcome = { scenario, run: undefined, verdicts: [], error: (error as Error).message, loadAverage: loadavg()[0]! };
    }
    outcomes.push(outcome);
    log(`${scenario.id}: ${passed(outcome) ? 'pass' : 'FAIL'}${outcome.error ? ` (${outcome.error})` : ''}`);
    for (const v of outcome.verdicts.filter((v) => !v.ok)) log(`  failed: ${v.rule}: ${v.detail}`);
  }

  const report = buildReport(options, outcomes, loadAtStart, (Date.now() - startedAt) / 1000);
  console.log(report);
  const out = resolve(repoDir, options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, report);
  log(`wrote ${options.out}`);
  process.exitCode = outcomes.every(passed) ? 0 : 1;
}

function buildReport(options: SoakOptions, outcomes: readonly ScenarioOutcome[], loadAtStart: number, seconds: number): string {
  const command = ['npm run soak', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const commit = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: repoDir, encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const cpu = cpus();
  const failed = outcomes.filter((o) => !passed(o)).length;
  return [
    '# bearer-guard soak',
    '',
    `- Result: ${failed === 0 ? `every scenario passed (${outcomes.length})` : `**${failed} of ${outcomes.length} scenarios failed**`}`,
    `- Command: \`${command}\`${options.quick ? ' (quick run: shorter scenarios, no cache fill, no memory rules)' : ''}`,
    `- Date: ${new Date().toISOString()}, took ${Math.round(seconds)} s; commit ${commit}`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${type()} ${release()}; Node ${process.version}`,
    `- Machine load: load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end (per scenario below, with the CPU other processes took). Times in the soak are real: a busy machine makes latencies longer, not rules looser.`,
    `- Traffic: ${options.rate} requests/s on a fixed schedule (open loop, at most 256 in flight; "not sent" counts requests due while 256 waited) from the orchestrator, which also runs the IdP (the testing kit's local issuer); the app is Express with \`bearerAuth({ issuers: [{ issuer }], audience })\` and default options, from dist/, alone in its own process on 127.0.0.1, started fresh for each scenario. Mix: 70% reused valid tokens (50 RS256 tokens), 10% new valid tokens (ES256, each one new), 10% expired or wrong-audience, 10% random \`kid\`s (a real token's payload and signature under a forged header), evenly interleaved.`,
    `- Rules: a rotated key is accepted within ${rotationLimitMs / 1000} s of its first token; a Retry-After is judged truthful when the IdP sees the next attempt no later than ${retryToleranceMs / 1000} s after it (the next unknown kid has to arrive; the IdP's counters are read every 10 ms); memory after GC may grow at most ${heapGrowthLimit / 2 ** 20} MiB of heap and ${rssGrowthLimit / 2 ** 20} MiB of RSS from the first sample ${memoryBaselineAtMs / 1000} s into the traffic (the token cache was filled with ${fillTokens.toLocaleString('en-US')} tokens before).`,
    '',
    '## Summary',
    '',
    ...summaryTable(outcomes),
    '',
    '## Issue 15: done when',
    '',
    ...doneWhenLines(outcomes),
    '',
    '## Scenarios',
    '',
    ...scenarioDetails(outcomes),
  ].join('\n');
}

runOrchestrator(main);
