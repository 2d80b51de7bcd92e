// Whether the last reading is current enough to show as "now" (else it is greyed as the last known value).
import { m } from '../../lib/i18n';
import { ageLabel, ageLabelNextChangeMs } from '../../lib/units';

/** A reading older than this many report intervals (at least 30 s) is not "now" any more. */
const MISSED_REPORTS = 5;
const MIN_STALE_MS = 30_000;

/** How old a reading may be and still count as "now". */
export function freshLimitMs(reportIntervalS: number | null): number {
  return Math.max(MIN_STALE_MS, MISSED_REPORTS * (reportIntervalS ?? 1) * 1000);
}

export function isFresh(receiving: boolean, ageMs: number, reportIntervalS: number | null): boolean {
  return receiving && ageMs <= freshLimitMs(reportIntervalS);
}

export interface ReadingAge {
  fresh: boolean;
  /** "Updated just now", "Last reading 5 min ago". */
  label: string;
}

/**
 * How old the newest reading is, as shown under the live figures, and in how many ms that may read
 * differently (the label is not redrawn in between: a meter reporting every second stays "just now").
 */
export function readingAge(
  receivedMs: number,
  nowMs: number,
  receiving: boolean,
  reportIntervalS: number | null,
): { value: ReadingAge; nextChangeMs: number } {
  const age = Math.max(0, nowMs - receivedMs);
  const limit = freshLimitMs(reportIntervalS);
  const fresh = receiving && age <= limit;
  const staleIn = fresh ? limit - age + 1 : Infinity;
  return {
    value: { fresh, label: (fresh ? m.meters_live_updated : m.meters_live_last_reading)({ age: ageLabel(age) }) },
    nextChangeMs: Math.min(ageLabelNextChangeMs(age), staleIn),
  };
}
