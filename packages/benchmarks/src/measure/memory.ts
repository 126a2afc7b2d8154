import { readFileSync, writeFileSync } from 'node:fs';

export interface MemoryStatus {
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** Peak resident set size since the process started or since the last resetPeakRss, in bytes. */
  peakRssBytes: number;
}

/** Reads VmRSS and VmHWM from /proc/self/status (Linux only). */
export function readMemoryStatus(): MemoryStatus {
  const status = readFileSync('/proc/self/status', 'utf8');
  return { rssBytes: statusKilobytes(status, 'VmRSS') * 1024, peakRssBytes: statusKilobytes(status, 'VmHWM') * 1024 };
}

/**
 * Resets VmHWM to the current RSS by writing 5 to /proc/self/clear_refs (Linux 4.0 and later), so
 * start-up peaks do not count. Returns false where the kernel does not allow it.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function statusKilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`/proc/self/status has no ${field} line; peak memory is measured on Linux only`);
  return Number(match[1]);
}
