// A believable meter for the mock backend (never in the production bundle: only the live mock, ./mock.ts, imports it).
// Household load on three phases (base load, a fridge cycling, a kettle, an oven) against a PV system whose
// output drifts with passing clouds, so the net power swings between import and export within minutes.
// Deterministic for a given seed and time, so screenshots look alike from run to run.
import type { LiveSample, Transport } from '../../lib/bindings';

export interface MeterSimOptions {
  seed: number;
  phases: 1 | 3;
  /** PV peak output (0 = no PV). */
  pvPeakKw: number;
  /** Always-on consumption over all phases. */
  baseLoadKw: number;
  /** Register values at the first sample. */
  importKwh: number;
  exportKwh: number;
  /** Typical device → WattDesk delay (ms). */
  lagMs: number;
}

function hash01(n: number): number {
  let h = Math.imul(n | 0, 0x9e3779b1) ^ 0x85ebca6b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

/** Smooth noise in [-1, 1]. */
function noise(x: number, seed: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = hash01(i * 7919 + seed) * 2 - 1;
  const b = hash01((i + 1) * 7919 + seed) * 2 - 1;
  const u = (1 - Math.cos(f * Math.PI)) / 2;
  return a + (b - a) * u;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export class MeterSim {
  readonly opts: MeterSimOptions;
  #import: number;
  #export: number;
  #importT = [0, 0];
  #exportT = [0, 0];
  #lastT: number | null = null;
  #report = 1;

  constructor(opts: MeterSimOptions) {
    this.opts = opts;
    this.#import = opts.importKwh;
    this.#export = opts.exportKwh;
    this.#importT = [opts.importKwh * 0.64, opts.importKwh * 0.36];
    this.#exportT = [opts.exportKwh * 0.87, opts.exportKwh * 0.13];
  }

  /** Net power per phase (kW, import positive) at `tMs`. */
  phasePower(tMs: number): number[] {
    const { seed, pvPeakKw, baseLoadKw } = this.opts;
    const t = tMs / 1000;
    const pv = pvPeakKw * (0.62 + 0.38 * Math.sin((2 * Math.PI * t) / 240 + seed)) * (0.86 + 0.14 * noise(t / 17, seed));
    const base = (p: number) => (baseLoadKw / 3) * (1 + 0.12 * noise(t / 6 + p * 13, seed + p));
    const fridge = (t + seed * 11) % 100 < 38 ? 0.11 : 0;
    const kettleAt = (t + seed * 29) % 170;
    const kettle = kettleAt >= 60 && kettleAt < 84 ? 1.95 : 0;
    const oven = 1.4 * Math.max(0, Math.sin((2 * Math.PI * t) / 310 + seed * 3));
    const jitter = (p: number) => 0.012 * (hash01(Math.floor(tMs / 10) * 31 + p + seed) - 0.5);
    const loads = [base(1) + fridge + jitter(1), base(2) + kettle + jitter(2), base(3) + oven + jitter(3)];
    if (this.opts.phases === 1) return [loads[0]! + loads[1]! * 0.5 + loads[2]! * 0.3 - pv];
    return loads.map((l) => l - pv / 3);
  }

  /**
   * The reading at `tMs` (ms epoch). Call with non-decreasing times: the energy registers integrate the power
   * since the previous call. `receivedMs` defaults to `tMs + lag`.
   */
  sample(tMs: number, transport: Transport, receivedMs?: number): LiveSample {
    const { seed, phases } = this.opts;
    const t = tMs / 1000;
    const net = this.phasePower(tMs);
    const total = net.reduce((a, b) => a + b, 0);
    const imp = Math.max(0, total);
    const exp = Math.max(0, -total);
    const hour = new Date(tMs).getHours();
    const tariff = hour >= 7 && hour < 20 ? 1 : 2;
    if (this.#lastT !== null && tMs > this.#lastT) {
      const h = (tMs - this.#lastT) / 3_600_000;
      this.#import += imp * h;
      this.#export += exp * h;
      this.#importT[tariff - 1]! += imp * h;
      this.#exportT[tariff - 1]! += exp * h;
    }
    this.#lastT = tMs;
    const pf = 0.93 + 0.05 * noise(t / 50, seed + 5);
    const volts = net.map((p, i) => 230.5 + 1.6 * noise(t / 30 + i * 7, seed + 9) - 0.45 * p + 0.2 * (hash01(Math.floor(tMs) + i) - 0.5));
    const amps = net.map((p, i) => (Math.abs(p) * 1000) / (volts[i]! * pf));
    const ph = (arr: number[], i: number, digits: number) => (i < phases ? round(arr[i]!, digits) : null);
    const lag = this.opts.lagMs * (0.6 + 0.8 * hash01(Math.floor(tMs) + seed));
    return {
      transport,
      device_ms: Math.round(tMs),
      received_ms: Math.round(receivedMs ?? tMs + lag),
      report_id: this.#report++,
      tariff,
      power_import_kw: round(imp, 3),
      power_export_kw: round(exp, 3),
      power_l1_kw: ph(net, 0, 3),
      power_l2_kw: ph(net, 1, 3),
      power_l3_kw: ph(net, 2, 3),
      voltage_l1_v: ph(volts, 0, 1),
      voltage_l2_v: ph(volts, 1, 1),
      voltage_l3_v: ph(volts, 2, 1),
      current_l1_a: ph(amps, 0, 2),
      current_l2_a: ph(amps, 1, 2),
      current_l3_a: ph(amps, 2, 2),
      power_factor: round(pf, 2),
      energy_import_kwh: round(this.#import, 3),
      energy_import_t1_kwh: round(this.#importT[0]!, 3),
      energy_import_t2_kwh: round(this.#importT[1]!, 3),
      energy_export_kwh: round(this.#export, 3),
      energy_export_t1_kwh: round(this.#exportT[0]!, 3),
      energy_export_t2_kwh: round(this.#exportT[1]!, 3),
    };
  }
}
