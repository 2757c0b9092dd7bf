import { countStatuses, isValid, ofClass, percentileMs } from './measures.js';
import type { Scenario, ScenarioRun, Verdict } from './scenario.js';
import type { Answer } from './traffic.js';

export interface ScenarioOutcome {
  scenario: Scenario;
  /** Undefined when the scenario could not run (see `error`). */
  run: ScenarioRun | undefined;
  verdicts: Verdict[];
  error?: string;
  loadAverage: number;
}

export const passed = (o: ScenarioOutcome): boolean => o.error === undefined && o.verdicts.every((v) => v.ok);

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms` : 'n/a');

function byStatus(answers: readonly Answer[]): string {
  if (answers.length === 0) return '—';
  const counts = countStatuses(answers);
  return Object.keys(counts)
    .sort()
    .map((status) => `${status === '0' ? 'none' : status}: ${counts[Number(status)]!.toLocaleString('en-US')}`)
    .join(', ');
}

/** One row per scenario: answers by traffic class and status, IdP requests, p99, memory. */
export function summaryTable(outcomes: readonly ScenarioOutcome[]): string[] {
  const lines = [
    '| scenario | result | requests (not sent) | reused valid | new valid | expired / wrong aud | random kid | IdP requests (discovery + JWKS) | p99 valid / all | RSS / heap after GC (MiB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const o of outcomes) {
    const r = o.run;
    const result = passed(o) ? 'pass' : '**FAIL**';
    if (!r) {
      lines.push(`| ${o.scenario.title} | ${result} | ${o.error ?? ''} | | | | | | | |`);
      continue;
    }
    const valid = r.answers.filter(isValid);
    const last = r.memory.at(-1);
    lines.push(
      `| ${o.scenario.title} | ${result} | ${r.answers.length.toLocaleString('en-US')} (${r.notSent}) | ${byStatus(ofClass(r.answers, 'reused'))} | ${byStatus(ofClass(r.answers, 'new'))} | ${byStatus(ofClass(r.answers, 'bad'))} | ${byStatus(ofClass(r.answers, 'randomKid'))} | ${r.discoveryRequests} + ${r.jwksRequests} | ${ms(percentileMs(valid, 99))} / ${ms(percentileMs(r.answers, 99))} | ${last ? `${mib(last.rss)} / ${mib(last.heapUsed)}` : 'n/a'} |`,
    );
  }
  return lines;
}

/** Issue 15's "done when" measures, from every scenario that has them. */
export function doneWhenLines(outcomes: readonly ScenarioOutcome[]): string[] {
  return outcomes.flatMap((o) =>
    o.verdicts.filter((v) => v.doneWhen).map((v) => `- ${v.ok ? '✅' : '❌'} ${o.scenario.title}: ${v.rule}: ${v.detail}`),
  );
}

/** Per scenario: what happens, each rule with its figure, the memory samples. */
export function scenarioDetails(outcomes: readonly ScenarioOutcome[]): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    lines.push(`### ${o.scenario.title} (\`${o.scenario.id}\`): ${passed(o) ? 'pass' : 'FAIL'}`, '');
    lines.push(`${o.scenario.story[0]!.toUpperCase()}${o.scenario.story.slice(1)}.`, '');
    if (o.error) lines.push(`Could not run: ${o.error}`, '');
    const r = o.run;
    if (r) {
      const marks = Object.entries(r.marks).map(([name, at]) => `${name} at ${(at / 1000).toFixed(2)} s`);
      const other = r.otherCores === undefined ? '' : `; other processes took ${r.otherCores.toFixed(2)} cores meanwhile`;
      const fill = r.filled ? 'After the token cache was filled with more distinct valid tokens than it holds, t' : 'T';
      lines.push(`${fill}raffic for ${(r.trafficEnd / 1000).toFixed(1)} s${marks.length ? ` (${marks.join(', ')})` : ''}; load average ${o.loadAverage.toFixed(2)}${other}.`, '');
    }
    for (const v of o.verdicts) lines.push(`- ${v.ok ? '✅' : '❌'} ${v.rule}: ${v.detail}`);
    if (r && r.memory.length > 1) {
      lines.push(`- Memory after GC (RSS / heap MiB): ${r.memory.map((m) => `${(m.at / 1000).toFixed(0)} s ${mib(m.rss)} / ${(m.heapUsed / 2 ** 20).toFixed(1)}`).join(' · ')}`);
    }
    lines.push('');
  }
  return lines;
}
