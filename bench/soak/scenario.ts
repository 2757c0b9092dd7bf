import type { SoakIdp } from './idp.js';
import type { SoakTokens } from './tokens.js';
import type { Answer, Mix } from './traffic.js';

/** RSS and heap of the app after a full GC, at a soak-clock moment. */
export interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
}

/** What a scenario's script may do while the traffic runs. Times are soak-clock ms: 0 is when the traffic starts. */
export interface RunControl {
  now(): number;
  readonly idp: SoakIdp;
  readonly tokens: SoakTokens;
  /** Resolves at soak-clock `ms` (at once if that has passed). */
  until(ms: number): Promise<void>;
  /** Names a moment (default now), for the verdicts and the report. */
  mark(name: string, at?: number): void;
}

/** Everything one scenario's run produced. */
export interface ScenarioRun {
  readonly answers: readonly Answer[];
  readonly notSent: number;
  /** Soak-clock ms of every discovery or JWKS request the IdP received. */
  readonly idpTimes: readonly number[];
  readonly jwksRequests: number;
  readonly discoveryRequests: number;
  readonly marks: Readonly<Record<string, number>>;
  /** When the traffic stopped (soak-clock ms). */
  readonly trafficEnd: number;
  /** Samples while the traffic ran (every few seconds) and one at the end; empty when not sampled. */
  readonly memory: readonly MemorySample[];
  /** True when the caches were filled before the traffic started. */
  readonly filled: boolean;
  /** True when the app process ended before the soak stopped it. */
  readonly appDied: boolean;
  /** Cores' worth of CPU other processes (not the soak, not the app) took while the traffic ran. */
  readonly otherCores: number | undefined;
}

/** One pass/fail rule's outcome. */
export interface Verdict {
  readonly rule: string;
  readonly ok: boolean;
  /** The measured figure behind it. */
  readonly detail: string;
  /** One of issue 15's "done when" measures: listed again at the top of the report. */
  readonly doneWhen?: boolean;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What happens, in one sentence, for the report. */
  readonly story: string;
  readonly mix: Mix;
  /** The traffic rate is the soak's rate times this. */
  readonly rateFactor: number;
  /** Options under `keys` of the app's bearer-guard (defaults otherwise). */
  readonly appKeys?: Record<string, unknown>;
  /** `Cache-Control` of the IdP's JWKS (the testing kit's default otherwise: max-age=300). */
  readonly jwksCacheControl?: string;
  /** Fill the token cache with distinct valid tokens first, and watch RSS and heap while the traffic runs. */
  readonly fillCaches: boolean;
  /** Runs before the app starts (a cold start against a failing IdP). */
  beforeStart?(idp: SoakIdp): void;
  durationMs(quick: boolean): number;
  script(control: RunControl, quick: boolean): Promise<void>;
  verdicts(run: ScenarioRun): Verdict[];
}
