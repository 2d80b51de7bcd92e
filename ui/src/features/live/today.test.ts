import { describe, expect, it } from 'vitest';
import type { DayStart } from '../../lib/bindings';
import { todaySoFar } from './today';

const day = (over: Partial<DayStart> = {}): DayStart => ({
  date: '2026-03-12',
  import_kwh: 12_340.5,
  export_kwh: 3_450,
  since: '00:00:03',
  partial: false,
  ...over,
});

describe('todaySoFar', () => {
  it('is the counter delta since the first reading of the day', () => {
    const t = todaySoFar(day(), { energy_import_kwh: 12_345.75, energy_export_kwh: 3_462.3 });
    expect(t?.importKwh).toBeCloseTo(5.25);
    expect(t?.exportKwh).toBeCloseTo(12.3);
    expect(t?.since).toBeNull();
  });

  it('says since when when WattDesk was not running at midnight', () => {
    const t = todaySoFar(day({ partial: true, since: '07:42:10' }), { energy_import_kwh: 12_341, energy_export_kwh: 3_450 });
    expect(t?.since).toBe('07:42');
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
