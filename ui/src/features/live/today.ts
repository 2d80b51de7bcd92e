// "Today so far": the live counters minus the counters at the first reading of the day. The backend cuts the
// day in the app's time zone (this computer's, or the meter's when chosen in Settings).
import type { DayStart, LiveSample } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { clockTime, zoneDescription, type TimeZone } from '../../lib/time';

export interface TodayEnergy {
  /** kWh imported today so far; null when unknown (no counter, or the counter went backwards). */
  importKwh: number | null;
  exportKwh: number | null;
  /**
   * When the figures start (ms epoch) if that is not midnight (WattDesk was not running then, or the time
   * zone changed); null when they start at midnight. The UI formats it in the app's zone.
   */
  sinceMs: number | null;
}

type Counters = Pick<LiveSample, 'energy_import_kwh' | 'energy_export_kwh'>;

function delta(now: number | null, start: number): number | null {
  if (now === null) return null;
  const d = now - start;
  // A counter that went backwards means a replaced or reset meter: no honest figure for today.
  if (d < -0.0005) return null;
  return Math.max(0, d);
}

export function todaySoFar(day: DayStart | null, latest: Counters | null): TodayEnergy | null {
  if (day === null || latest === null) return null;
  return {
    importKwh: delta(latest.energy_import_kwh, day.import_kwh),
    exportKwh: delta(latest.energy_export_kwh, day.export_kwh),
    sinceMs: day.partial ? day.since_ms : null,
  };
}

/** The label over today's import or export: "Imported today", or "Import since 07:42" when it starts later. */
export function todayLabel(today: TodayEnergy | null, which: 'import' | 'export', zone: TimeZone): string {
  if (today?.sinceMs == null) return which === 'import' ? m.meters_live_imported_today() : m.meters_live_exported_today();
  const time = clockTime(today.sinceMs, zone);
  return which === 'import' ? m.meters_live_import_since({ time }) : m.meters_live_export_since({ time });
}

/** Which day "today" is and in which zone, for a tooltip or a note next to today's figures. */
export function todayNote(today: TodayEnergy | null, zone: TimeZone): string {
  const where = zoneDescription(zone);
  const unknown = zone.kind === 'computer' && zone.fallback === true ? ` ${m.meters_live_meter_clock_unknown()}` : '';
  if (today?.sinceMs == null) return m.meters_live_today_midnight({ where }) + unknown;
  return m.meters_live_today_since({ time: clockTime(today.sinceMs, zone), where }) + unknown;
}
