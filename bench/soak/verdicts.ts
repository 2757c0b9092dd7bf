import { checkRetryAfter, countStatuses, isValid, ofClass } from './measures.js';
import type { MemorySample, ScenarioRun, Verdict } from './scenario.js';
import type { TrafficClass } from './tokens.js';
import type { Answer } from './traffic.js';

/** bearer-guard's defaults the rules are stated against (README, "When the IdP is down or rate-limits you"). */
export const defaults = { refreshIntervalMs: 4000, refreshBurst: 2, timeoutMs: 5000, errorBackoffMs: 10_000 } as const;

/** Issue 15: a new key is accepted within 5 s of its first token, whatever the rate of forged kids. */
export const rotationLimitMs = 5000;
/** Slack for "the IdP saw the next attempt by the Retry-After": the next unknown kid's arrival and a busy machine. */
export const retryToleranceMs = 1000;
/** Most the app's heap (after GC) may grow once the caches are full. */
export const heapGrowthLimit = 4 * 2 ** 20;
/** Most its RSS may grow (the allocator keeps freed pages, so RSS moves more than the heap). */
export const rssGrowthLimit = 24 * 2 ** 20;
/** Memory is judged from the first sample at least this long after the traffic started. */
export const memoryBaselineAtMs = 5000;

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const statuses = (answers: readonly Answer[]): string =>
  Object.entries(countStatuses(answers))
    .map(([status, n]) => `${n} × ${status === '0' ? 'no answer' : status}`)
    .join(', ') || 'none';

/** The rules of every scenario: nothing but 200/401/503, nothing forged accepted, no crash. */
export function commonVerdicts(run: ScenarioRun): Verdict[] {
  const odd = run.answers.filter((a) => a.status !== 200 && a.status !== 401 && a.status !== 503);
  const accepted = ofClass(run.answers, 'bad', 'randomKid').filter((a) => a.status === 200);
  return [
    { rule: 'only 200, 401 or 503 (no other 5xx, every request answered)', ok: odd.length === 0, detail: odd.length === 0 ? 'yes' : statuses(odd) },
    { rule: 'no expired, wrong-audience or random-kid token accepted', ok: accepted.length === 0, detail: `${accepted.length} accepted` },
    { rule: 'the app process never died', ok: !run.appDied, detail: run.appDied ? 'it died' : 'alive' },
  ];
}

/** Every answer `pick` selects has `status` (and there is at least one). */
export function allAnswered(run: ScenarioRun, rule: string, pick: (a: Answer) => boolean, status: number): Verdict {
  const picked = run.answers.filter(pick);
  const other = picked.filter((a) => a.status !== status);
  return { rule, ok: other.length === 0 && picked.length > 0, detail: `${picked.length} sent: ${statuses(picked)}` };
}

export const validTokens = (a: Answer): boolean => isValid(a);
export const classIs =
  (cls: TrafficClass) =>
  (a: Answer): boolean =>
    a.cls === cls;

/** At most one JWKS request for the cold start plus the unknown-kid budget over the run. */
export function refreshBudgetHeld(run: ScenarioRun, durationMs: number, expiryDriven = 0): Verdict {
  const allowed = 1 + expiryDriven + defaults.refreshBurst + Math.ceil(durationMs / defaults.refreshIntervalMs);
  return {
    rule: `IdP key-set requests within the refresh budget (cold start + burst ${defaults.refreshBurst} + one per ${defaults.refreshIntervalMs / 1000} s${expiryDriven ? ' + expiry' : ''})`,
    ok: run.jwksRequests <= allowed,
    detail: `${run.jwksRequests} JWKS requests, at most ${allowed} allowed`,
  };
}

export function retryAfterTruthful(run: ScenarioRun): Verdict {
  const r = checkRetryAfter(run.answers, run.idpTimes, run.trafficEnd, retryToleranceMs);
  const worst = Number.isFinite(r.worstLateMs) ? `${(r.worstLateMs / 1000).toFixed(2)} s` : r.worstLateMs > 0 ? 'never' : 'n/a';
  return {
    rule: `every 503 has a Retry-After, and the IdP saw the next attempt by then (+${retryToleranceMs / 1000} s)`,
    ok: r.missing === 0 && r.tooEarly === 0 && r.judged > 0,
    doneWhen: true,
    detail: `${r.judged} judged, ${r.missing} without Retry-After, ${r.tooEarly} too early; Retry-After up to ${r.maxRetryAfter} s; next attempt vs Retry-After at worst ${worst}`,
  };
}

/** RSS and heap after GC do not grow once the caches are full. */
export function memoryFlat(run: ScenarioRun): Verdict[] {
  const growth = memoryGrowth(run.memory, run.trafficEnd);
  if (!run.filled || !growth) return [];
  const span = `from ${(growth.from.at / 1000).toFixed(0)} s to ${(growth.to.at / 1000).toFixed(0)} s`;
  return [
    { rule: `heap after GC grows at most ${mib(heapGrowthLimit)} after the caches fill`, ok: growth.heap <= heapGrowthLimit, doneWhen: true, detail: `${mib(growth.heap)} ${span} (${mib(growth.from.heapUsed)} → ${mib(growth.to.heapUsed)})` },
    { rule: `RSS grows at most ${mib(rssGrowthLimit)} after the caches fill`, ok: growth.rss <= rssGrowthLimit, doneWhen: true, detail: `${mib(growth.rss)} ${span} (${mib(growth.from.rss)} → ${mib(growth.to.rss)})` },
  ];
}

/**
 * Growth while the traffic ran: from the first sample {@link memoryBaselineAtMs} in to the lower of
 * the last two (a leak raises both; one GC that left more garbage behind raises one).
 */
export function memoryGrowth(samples: readonly MemorySample[], trafficEnd: number): { heap: number; rss: number; from: MemorySample; to: MemorySample } | undefined {
  const during = samples.filter((s) => s.at <= trafficEnd);
  const from = during.find((s) => s.at >= memoryBaselineAtMs);
  const lastTwo = during.slice(-2);
  if (!from || lastTwo.length < 2 || lastTwo[0]!.at <= from.at) return undefined;
  const lower = (pick: (s: MemorySample) => number): number => Math.min(...lastTwo.map(pick));
  return { heap: lower((s) => s.heapUsed) - from.heapUsed, rss: lower((s) => s.rss) - from.rss, from, to: lastTwo[1]! };
}
