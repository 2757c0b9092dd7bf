import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { nextMessage, startChild, stopChild } from '../children.js';
import { cpuSnapshot, foreignCores } from '../cpu-load.js';
import { appEnv, type AppMessage } from './app-protocol.js';
import { startIdp } from './idp.js';
import type { MemorySample, RunControl, Scenario, ScenarioRun } from './scenario.js';
import { SoakTokens } from './tokens.js';
import { sendAll, startTraffic } from './traffic.js';

export interface SoakSettings {
  quick: boolean;
  /** Requests per second of the standard mix. */
  rate: number;
  /** Distinct valid tokens sent before a scenario that fills the caches (more than the token cache holds). */
  fillTokens: number;
  log(line: string): void;
}

/** Most requests in flight: a hanging IdP holds every request up to the key timeout. */
const maxInFlight = 256;
const memoryEveryMs = 5000;

/**
 * Runs one scenario from scratch: a new IdP, a new app process (cold caches), the fill if the
 * scenario wants it, then the traffic with the scenario's script, memory samples, and the app's end.
 */
export async function runScenario(scenario: Scenario, settings: SoakSettings): Promise<ScenarioRun> {
  let zero = performance.now();
  const now = (): number => performance.now() - zero;
  const idp = await startIdp(now, scenario.jwksCacheControl);
  let app: ChildProcess | undefined;
  try {
    const tokens = await SoakTokens.create(idp.issuer);
    scenario.beforeStart?.(idp);
    app = startChild('soak/app.ts', {
      typescript: true,
      nodeOptions: ['--expose-gc'],
      env: { [appEnv.issuer]: idp.issuer.issuer, [appEnv.audience]: idp.issuer.audience, [appEnv.keys]: JSON.stringify(scenario.appKeys ?? {}) },
    });
    let appDied = false;
    app.once('exit', () => (appDied = true));
    const { port } = await nextMessage(app, 'soak app', 30_000, (m): m is Extract<AppMessage, { type: 'ready' }> => (m as AppMessage)?.type === 'ready');
    const url = `http://127.0.0.1:${port}/things`;
    const memory = (): Promise<MemorySample> => sampleMemory(app!, now);

    const filled = scenario.fillCaches && !settings.quick;
    if (filled) {
      settings.log(`  filling the token cache with ${settings.fillTokens.toLocaleString('en-US')} distinct valid tokens, each sent twice`);
      // Twice: the cache takes a token at its second verification.
      const distinct = await tokens.distinctValid(settings.fillTokens);
      const fill = await sendAll(url, [...distinct, ...distinct], 16);
      const refused = fill.filter((status) => status !== 200).length;
      if (refused > 0) throw new Error(`${scenario.id}: ${refused} of the tokens filling the cache were refused`);
    }

    const marks: Record<string, number> = {};
    zero = performance.now();
    const cpuBefore = cpuSnapshot([app.pid]);
    const durationMs = scenario.durationMs(settings.quick);
    const traffic = startTraffic({ url, rate: settings.rate * scenario.rateFactor, mix: scenario.mix, tokens, now, maxInFlight });
    const control: RunControl = {
      now,
      idp,
      tokens,
      until: (ms) => sleep(Math.max(0, ms - now())),
      mark(name, at = now()) {
        marks[name] = at;
      },
    };
    const samples: MemorySample[] = [];
    const sampling = filled ? sampleEvery(memoryEveryMs, durationMs, now, memory, samples) : Promise.resolve();
    await Promise.all([scenario.script(control, settings.quick), sleep(durationMs)]);
    const trafficEnd = now();
    const otherCores = foreignCores(cpuBefore, cpuSnapshot([app.pid]));
    await traffic.stop();
    await sampling;
    samples.push(await memory());
    return {
      answers: traffic.answers,
      notSent: traffic.notSent,
      idpTimes: [...idp.requestTimes],
      jwksRequests: idp.issuer.hits.jwks,
      discoveryRequests: idp.issuer.hits.discovery,
      marks,
      trafficEnd,
      memory: samples,
      filled,
      appDied,
      otherCores,
    };
  } finally {
    if (app) await stopChild(app);
    await idp.close();
  }
}

async function sampleEvery(everyMs: number, untilMs: number, now: () => number, take: () => Promise<MemorySample>, into: MemorySample[]): Promise<void> {
  for (let at = 0; at < untilMs - 1000; ) {
    into.push(await take());
    at += everyMs;
    await sleep(Math.max(0, at - now()));
  }
}

function sampleMemory(app: ChildProcess, now: () => number): Promise<MemorySample> {
  const answer = nextMessage(app, 'soak app memory', 30_000, (m): m is Extract<AppMessage, { type: 'memory' }> => (m as AppMessage)?.type === 'memory');
  app.send({ type: 'memory' });
  return answer.then(({ rss, heapUsed }) => ({ at: now(), rss, heapUsed }));
}
