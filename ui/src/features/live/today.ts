// "Today so far": the live counters minus the counters at the first reading of the device-local day.
import type { DayStart, LiveSample } from '../../lib/bindings';

export interface TodayEnergy {
  /** kWh imported today so far; null when unknown (no counter, or the counter went backwards). */
  importKwh: number | null;
  exportKwh: number | null;
  /** "07:42" when WattDesk was not running at midnight, so the figures start later; else null. */
  since: string | null;
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
    since: day.partial ? day.since.slice(0, 5) : null,
  };
}
