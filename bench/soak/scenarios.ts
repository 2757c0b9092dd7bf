import { firstRequestFrom } from './idp.js';
import { isValid, refusalWindow } from './measures.js';
import type { Scenario, ScenarioRun, Verdict } from './scenario.js';
import { standardMix } from './traffic.js';
import {
  allAnswered,
  classIs,
  commonVerdicts,
  defaults,
  memoryFlat,
  refreshBudgetHeld,
  retryAfterTruthful,
  rotationLimitMs,
  validTokens,
} from './verdicts.js';

const s = 1000;

const steady: Scenario = {
  id: 'steady',
  title: 'Steady state',
  story: 'the issue’s mix against a healthy IdP',
  mix: standardMix,
  rateFactor: 1,
  fillCaches: true,
  durationMs: (quick) => (quick ? 12 * s : 40 * s),
  script: async () => undefined,
  verdicts: (run) => [
    ...commonVerdicts(run),
    allAnswered(run, 'valid tokens: all 200', validTokens, 200),
    allAnswered(run, 'expired and wrong-audience tokens: all 401', classIs('bad'), 401),
    allAnswered(run, 'random-kid tokens: all 401', classIs('randomKid'), 401),
    refreshBudgetHeld(run, run.trafficEnd),
    ...memoryFlat(run),
  ],
};

const rotationAt = (quick: boolean): number => (quick ? 5 * s : 10 * s);
const rotation: Scenario = {
  id: 'rotation-flood',
  title: 'Key rotation under a random-kid flood',
  story: 'the IdP publishes new keys (old ones kept) and clients switch to tokens signed by them at once, while random kids keep the refresh budget drained',
  mix: standardMix,
  rateFactor: 1,
  fillCaches: false,
  durationMs: (quick) => rotationAt(quick) + (quick ? 10 * s : 15 * s),
  async script(control, quick) {
    await control.until(rotationAt(quick));
    await control.tokens.rotate();
    control.mark('rotation');
  },
  verdicts(run) {
    const window = refusalWindow(run.answers, rotationLimitMs);
    return [
      ...commonVerdicts(run),
      allAnswered(run, 'valid tokens before the rotation: all 200', (a) => isValid(a) && !a.newKey, 200),
      {
        rule: `valid tokens of the new key refused no later than ${rotationLimitMs / s} s after its first token`,
        ok: window.refusedBeyondLimit === 0 && window.newKeyAnswers > 0,
        doneWhen: true,
        detail: `${window.refused} of ${window.newKeyAnswers} refused, for ${window.refusingSeconds.toFixed(2)} s; ${window.refusedBeyondLimit} beyond ${rotationLimitMs / s} s`,
      },
      refreshBudgetHeld(run, run.trafficEnd),
    ];
  },
};

const outageFrom = 6 * s;
const outageMs = (quick: boolean): number => (quick ? 8 * s : 20 * s);
const outage: Scenario = {
  id: 'outage-503',
  title: 'IdP 503 outage with a warm cache',
  story: 'keys live 5 s (max-age=5, minCacheTtl 5 s), then discovery and JWKS answer 503 (no Retry-After) for the outage; stale keys must carry it',
  mix: standardMix,
  rateFactor: 1,
  appKeys: { minCacheTtl: '5s' },
  jwksCacheControl: 'max-age=5',
  fillCaches: false,
  durationMs: (quick) => outageFrom + outageMs(quick) + 6 * s,
  async script(control, quick) {
    await control.until(outageFrom);
    control.idp.fail({ status: 503 });
    control.mark('outage');
    await control.until(outageFrom + outageMs(quick));
    control.idp.restore();
    control.mark('restored');
  },
  verdicts(run) {
    const from = run.marks.outage!;
    const to = run.marks.restored!;
    const during = run.idpTimes.filter((t) => t >= from && t < to).length;
    const allowed = 1 + Math.ceil((to - from) / defaults.errorBackoffMs);
    return [
      ...commonVerdicts(run),
      allAnswered(run, 'valid tokens: all 200, through the outage (stale keys)', validTokens, 200),
      retryAfterTruthful(run),
      {
        rule: `the IdP is asked at most once per error backoff (${defaults.errorBackoffMs / s} s) during the outage`,
        ok: during <= allowed,
        detail: `${during} requests in ${((to - from) / s).toFixed(0)} s, at most ${allowed} allowed`,
      },
    ];
  },
};

const limitAt = (quick: boolean): number => (quick ? 5 * s : 8 * s);
const resetAfterMs = 8 * s;
const rateLimited: Scenario = {
  id: 'ratelimit-429-rotation',
  title: '429 with x-rate-limit-reset during a rotation',
  story: `the IdP answers 429 with x-rate-limit-reset ${resetAfterMs / s} s ahead (Okta’s header, epoch seconds) and rotates its keys at the same moment; random kids keep arriving`,
  mix: standardMix,
  rateFactor: 1,
  fillCaches: false,
  durationMs: (quick) => limitAt(quick) + resetAfterMs + (quick ? 8 * s : 10 * s),
  async script(control, quick) {
    await control.until(limitAt(quick));
    const resetEpochSeconds = Math.ceil((Date.now() + resetAfterMs) / 1000);
    const reset = control.now() + (resetEpochSeconds * 1000 - Date.now());
    control.idp.fail({ status: 429, headers: { 'x-rate-limit-reset': String(resetEpochSeconds) } });
    control.mark('limited');
    control.mark('reset', reset);
    await control.tokens.rotate();
    control.mark('rotation');
    // The limit ends at the reset; lifted a moment early so that the first request at the reset is served.
    await control.until(reset - 100);
    control.idp.restore();
  },
  verdicts: rateLimitVerdicts,
};

function rateLimitVerdicts(run: ScenarioRun): Verdict[] {
  const reset = run.marks.reset!;
  const firstLimited = firstRequestFrom(run.idpTimes, run.marks.limited!);
  const verdicts = [...commonVerdicts(run), retryAfterTruthful(run)];
  if (firstLimited === undefined || firstLimited >= reset) {
    return [...verdicts, { rule: 'the middleware met the 429', ok: false, detail: 'the IdP was not asked before its reset' }];
  }
  // Unknown kids sent from the IdP's first 429 until 1 s before its reset (answered before it).
  const inWindow = (a: { cls: string; newKey: boolean; sentAt: number }): boolean =>
    (a.cls === 'randomKid' || a.newKey) && a.sentAt >= firstLimited && a.sentAt < reset - s;
  const decided = run.answers.filter((a) => a.status === 503 && a.retryAfter !== undefined && a.sentAt >= firstLimited && a.doneAt < reset);
  const beforeReset = decided.filter((a) => a.doneAt + a.retryAfter! * 1000 < reset - 5);
  const extra = run.idpTimes.filter((t) => t > firstLimited && t < reset - 50).length;
  const late = run.answers.filter((a) => isValid(a) && a.sentAt >= reset + rotationLimitMs);
  const firstWorking = run.answers.filter((a) => a.newKey && a.status === 200 && a.sentAt >= reset).map((a) => a.sentAt);
  const newKeyFrom = Math.min(...run.answers.filter((a) => a.newKey).map((a) => a.sentAt));
  const refusedNewKey = run.answers.filter((a) => a.newKey && a.status === 401);
  const lastRefused = Math.max(newKeyFrom, ...refusedNewKey.map((a) => a.sentAt));
  return [
    ...verdicts,
    { ...allAnswered(run, 'unknown-kid tokens (random and new-key) during the 429 window: all 503, never 401', inWindow, 503), doneWhen: true },
    {
      rule: `new-key tokens answered 401 only in the first ${rotationLimitMs / s} s after the rotation (until the middleware meets the 429)`,
      ok: lastRefused - newKeyFrom <= rotationLimitMs,
      detail: `${refusedNewKey.length} answered 401, the last sent ${((lastRefused - newKeyFrom) / s).toFixed(2)} s after the first new-key token`,
    },
    {
      rule: 'Retry-After during the 429 window never points before the IdP’s reset',
      ok: beforeReset.length === 0,
      doneWhen: true,
      detail: `${beforeReset.length} of ${decided.length} earlier`,
    },
    { rule: 'no IdP request between the first 429 and the reset', ok: extra === 0, detail: `${extra} requests; first 429 at ${((reset - firstLimited) / s).toFixed(2)} s before the reset` },
    {
      rule: `valid tokens sent ${rotationLimitMs / s} s after the reset: all 200`,
      ok: late.length > 0 && late.every((a) => a.status === 200),
      detail: `${late.filter((a) => a.status !== 200).length} of ${late.length} refused; new key first accepted ${firstWorking.length ? `${((Math.min(...firstWorking) - reset) / s).toFixed(2)} s after the reset` : 'never'}`,
    },
  ];
}

const restoreAt = 8 * s;
const hang: Scenario = {
  id: 'hang-cold',
  title: 'Hanging IdP on cold start',
  story: `the app starts cold while discovery and JWKS accept requests and never answer; the IdP answers again ${restoreAt / s} s in`,
  mix: standardMix,
  rateFactor: 1,
  fillCaches: false,
  beforeStart: (idp) => idp.fail('hang'),
  durationMs: (quick) => (quick ? 22 * s : 26 * s),
  async script(control) {
    await control.until(restoreAt);
    control.idp.restore();
    control.mark('restored');
  },
  verdicts(run) {
    const restored = run.marks.restored!;
    const recovery = firstRequestFrom(run.idpTimes, restored);
    const after = recovery === undefined ? [] : run.answers.filter((a) => isValid(a) && a.sentAt >= recovery + s);
    const slowest = Math.max(...run.answers.map((a) => a.doneAt - a.sentAt));
    const firstOk = run.answers.filter((a) => isValid(a) && a.status === 200).map((a) => a.doneAt);
    return [
      ...commonVerdicts(run),
      allAnswered(run, 'valid tokens never 401 (503 until keys are known)', (a) => isValid(a) && a.status !== 200, 503),
      {
        rule: `no request waits longer than the key timeout (${defaults.timeoutMs / s} s) + 3 s`,
        ok: slowest <= defaults.timeoutMs + 3 * s,
        detail: `slowest ${(slowest / s).toFixed(2)} s`,
      },
      retryAfterTruthful(run),
      {
        rule: 'valid tokens sent 1 s after the first IdP request that follows the recovery: all 200',
        ok: after.length > 0 && after.every((a) => a.status === 200),
        detail:
          recovery === undefined
            ? 'the IdP was never asked again'
            : `next IdP request ${((recovery - restored) / s).toFixed(2)} s after it answered again; first 200 at ${firstOk.length ? ((Math.min(...firstOk) - restored) / s).toFixed(2) : '∞'} s; ${after.filter((a) => a.status !== 200).length} of ${after.length} refused after`,
      },
    ];
  },
};

const flood: Scenario = {
  id: 'unknown-kid-flood',
  title: 'Flood of unknown kids',
  story: '80% random kids at 1.5 times the rate',
  mix: { reused: 15, new: 2, bad: 3, randomKid: 80 },
  rateFactor: 1.5,
  fillCaches: true,
  durationMs: (quick) => (quick ? 12 * s : 35 * s),
  script: async () => undefined,
  verdicts: (run) => [
    ...commonVerdicts(run),
    allAnswered(run, 'valid tokens: all 200', validTokens, 200),
    allAnswered(run, 'random-kid tokens: all 401', classIs('randomKid'), 401),
    refreshBudgetHeld(run, run.trafficEnd),
    ...memoryFlat(run),
  ],
};

export const scenarios: readonly Scenario[] = [steady, rotation, outage, rateLimited, hang, flood];
