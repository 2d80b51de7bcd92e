// Whether the last reading is current enough to show as "now" (else it is greyed as the last known value).

/** A reading older than this many report intervals (at least 30 s) is not "now" any more. */
const MISSED_REPORTS = 5;
const MIN_STALE_MS = 30_000;

export function isFresh(receiving: boolean, ageMs: number, reportIntervalS: number | null): boolean {
  if (!receiving) return false;
  const limit = Math.max(MIN_STALE_MS, MISSED_REPORTS * (reportIntervalS ?? 1) * 1000);
  return ageMs <= limit;
}
