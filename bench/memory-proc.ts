import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A process's peak resident set size, as the kernel keeps it (Linux `VmHWM`). Samples taken every
 * few hundred milliseconds can miss a short peak between two GCs; the kernel's high-water mark
 * cannot. Elsewhere every reading is undefined and the memory run falls back to its samples.
 */
export function peakRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets the high-water mark to the current RSS (`clear_refs` 5, Linux ≥ 4.0); false when it cannot. */
export function resetPeakRss(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return peakRssBytes(pid) !== undefined;
  } catch {
    return false;
  }
}
