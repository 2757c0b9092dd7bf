import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How busy the machine is with work that is not ours. On a shared machine other processes
 * (test runs, builds) take CPU from the server or the load generator and make one contestant look
 * slower than another; we measure that share so the report can say so, and can wait for quiet.
 * Linux only (/proc); elsewhere every reading is undefined.
 */

/** Linux reports CPU time in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  atMs: number;
  /** Non-idle ticks of the whole machine. */
  busy: number;
  /** Ticks of this process and the given children. */
  own: number;
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
}

/** CPU time a process has used so far (all its threads), in seconds; undefined where /proc is missing. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return processTicks(pid) / TICKS_PER_SECOND;
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export function cpuSnapshot(pids: ReadonlyArray<number | undefined>): CpuSnapshot | undefined {
  try {
    const own = [process.pid, ...pids].reduce<number>((sum, pid) => sum + (pid === undefined ? 0 : processTicks(pid)), 0);
    return { atMs: performance.now(), busy: machineBusyTicks(), own };
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU used by other processes between two snapshots. */
export function foreignCores(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): number | undefined {
  if (!before || !after) return undefined;
  const seconds = (after.atMs - before.atMs) / 1000;
  if (seconds <= 0) return undefined;
  return Math.max(0, after.busy - before.busy - (after.own - before.own)) / TICKS_PER_SECOND / seconds;
}

/**
 * Waits until other processes use less than `thresholdCores` over one second, or until
 * `budget.remainingMs` is spent (the budget is shared by the whole run). Returns the time waited.
 */
export async function waitForQuiet(pids: ReadonlyArray<number | undefined>, thresholdCores: number, budget: { remainingMs: number }): Promise<number> {
  let waitedMs = 0;
  for (;;) {
    const before = cpuSnapshot(pids);
    await sleep(1000);
    const foreign = foreignCores(before, cpuSnapshot(pids));
    if (foreign === undefined || foreign < thresholdCores || budget.remainingMs <= 0) return waitedMs;
    waitedMs += 1000;
    budget.remainingMs -= 1000;
  }
}
