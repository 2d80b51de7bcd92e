import { describe, expect, it } from 'vitest';
import type { DayStart } from '../../lib/bindings';
import { todayLabel, todayNote, todaySoFar } from './today';

const day = (over: Partial<DayStart> = {}): DayStart => ({
  date: '2026-03-12',
  import_kwh: 12_340.5,
  export_kwh: 3_450,
  since: '00:00:03',
  since_ms: Date.parse('2026-03-11T23:00:03Z'),
  zone: 'computer',
  partial: false,
  ...over,
});

describe('todaySoFar', () => {
  it('is the counter delta since the first reading of the day', () => {
    const t = todaySoFar(day(), { energy_import_kwh: 12_345.75, energy_export_kwh: 3_462.3 });
    expect(t?.importKwh).toBeCloseTo(5.25);
    expect(t?.exportKwh).toBeCloseTo(12.3);
    expect(t?.sinceMs).toBeNull();
  });

  it('says since when when WattDesk was not running at midnight (the instant, formatted by the UI)', () => {
    const since = Date.parse('2026-03-12T06:42:10Z');
    const t = todaySoFar(day({ partial: true, since: '07:42:10', since_ms: since }), { energy_import_kwh: 12_341, energy_export_kwh: 3_450 });
    expect(t?.sinceMs).toBe(since);
    expect(t?.exportKwh).toBe(0);
  });

  it('is unknown without a baseline, a reading, a counter, or when the counter went backwards', () => {
    expect(todaySoFar(null, { energy_import_kwh: 1, energy_export_kwh: 1 })).toBeNull();
    expect(todaySoFar(day(), null)).toBeNull();
    const t = todaySoFar(day(), { energy_import_kwh: null, energy_export_kwh: 10 });
    expect(t?.importKwh).toBeNull();
    expect(t?.exportKwh).toBeNull();
  });
});

describe('today in one zone', () => {
  const since = Date.parse('2026-03-12T21:27:00Z');
  const partial = { importKwh: 1, exportKwh: 0, sinceMs: since };
  const meterZone = { kind: 'meter', offsetS: 3600 } as const;

  it('labels the figures with the start time in the chosen zone', () => {
    expect(todayLabel(partial, 'import', meterZone)).toBe('Import since 22:27');
    expect(todayLabel(partial, 'export', { kind: 'meter', offsetS: 0 })).toBe('Export since 21:27');
    expect(todayLabel({ ...partial, sinceMs: null }, 'import', meterZone)).toBe('Imported today');
    expect(todayLabel(null, 'export', meterZone)).toBe('Exported today');
  });

  it('says which zone the day is cut in', () => {
    expect(todayNote(partial, meterZone)).toBe(
      "Today's figures count from 22:27, in the meter's clock (UTC+01:00): WattDesk started counting today then.",
    );
    expect(todayNote(null, meterZone)).toBe("Today's figures count from midnight, in the meter's clock (UTC+01:00).");
    expect(todayNote(null, { kind: 'computer', fallback: true })).toMatch(/^Today's figures count from midnight, in this computer's time zone \(.+\)\. The meter's own clock is not known yet\.$/);
  });
});
