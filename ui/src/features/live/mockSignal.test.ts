import { describe, expect, it } from 'vitest';
import { MeterSim } from './mockSignal';

const opts = { seed: 3, phases: 3 as const, pvPeakKw: 3.5, baseLoadKw: 0.45, importKwh: 12_000, exportKwh: 3_000, lagMs: 60 };

describe('MeterSim (mock backend signal)', () => {
  it('swings between import and export within minutes, with plausible voltages', () => {
    const sim = new MeterSim(opts);
    const t0 = Date.parse('2026-03-12T12:00:00Z');
    const nets: number[] = [];
    for (let s = 0; s < 600; s++) {
      const r = sim.sample(t0 + s * 1000, 'sse');
      nets.push(r.power_import_kw! - r.power_export_kw!);
      expect(r.voltage_l2_v).toBeGreaterThan(220);
      expect(r.voltage_l2_v).toBeLessThan(240);
      expect(r.received_ms).toBeGreaterThan(r.device_ms!);
    }
    expect(Math.max(...nets)).toBeGreaterThan(0.2);
    expect(Math.min(...nets)).toBeLessThan(-0.2);
  });

  it('integrates the registers and never runs them backwards', () => {
    const sim = new MeterSim(opts);
    const first = sim.sample(0, 'sse');
    const later = sim.sample(3_600_000, 'sse');
    expect(later.energy_import_kwh! + later.energy_export_kwh!).toBeGreaterThan(first.energy_import_kwh! + first.energy_export_kwh!);
    expect(later.energy_import_kwh!).toBeGreaterThanOrEqual(first.energy_import_kwh!);
    expect(later.energy_import_t1_kwh! + later.energy_import_t2_kwh!).toBeCloseTo(later.energy_import_kwh!, 2);
  });

  it('leaves L2 and L3 empty on a single-phase meter', () => {
    const r = new MeterSim({ ...opts, phases: 1 }).sample(1000, 'poll');
    expect(r.power_l1_kw).not.toBeNull();
    expect([r.power_l2_kw, r.power_l3_kw, r.voltage_l2_v, r.voltage_l3_v, r.current_l2_a, r.current_l3_a]).toEqual([null, null, null, null, null, null]);
    expect(r.transport).toBe('poll');
  });
});
