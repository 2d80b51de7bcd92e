// The mock backend's history (never in the production bundle: only ./mock.ts imports it). Each meter has
// quarter hours for the last ~40 days, made up from its seed: a base load, breakfast and evening peaks, an
// appliance now and then, and solar panels that export around midday on sunny days. Deterministic for a
// given meter and day, so screenshots look alike from run to run.
//
// The House meter (`story`) also has what real histories have: last night WattDesk was not running (the
// reader's SD card filled it: source `device_log`), the day before the reader was unreachable for a few
// hours (no readings; the first quarter after holds the energy counted meanwhile, as the real store's
// telescoping counters do), and a short restart of the reader six days ago.
//
// Queries cut buckets like the backend: minutes, quarter hours and hours on UTC boundaries, days, weeks
// (Monday), months and years in local time (the browser's zone here); costs per quarter hour by the plan
// in force on its local day, the monthly fee pro rata per day, VAT on energy and fee.
import type {
  CostBreakdown,
  CostLine,
  CostLineKind,
  HistoryAnswer,
  HistoryBucket,
  HistoryGap,
  HistoryRequest,
  PeakSummary,
  TariffPlan,
  TariffSettings,
} from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { addDays, autoBucket, bucketSlots, dateInputValue, MAX_BUCKETS, startOfDay, startOfMonth, addMonths } from './range';

const Q = 900_000;
const MIN = 60_000;
const HOUR = 3_600_000;
/** How far back the history goes. */
export const HISTORY_DAYS = 40;

export interface Profile {
  seed: number;
  baseKw: number;
  pvPeakKw: number;
  /** The meter counts high and low tariff (T1/T2). */
  tariffs: boolean;
  /** The House meter's gaps and SD-card filling. */
  story: boolean;
}

export interface Quarter {
  start: number;
  imp: number;
  exp: number;
  imp1: number | null;
  imp2: number | null;
  exp1: number | null;
  exp2: number | null;
  mean: number;
  min: number;
  max: number;
  readings: number;
  source: 'live' | 'device_log';
}

export interface MeterHistory {
  quarters: Quarter[];
  gaps: HistoryGap[];
  /** The offline stretch the SD card can still fill (the story), until a backfill did. */
  fillable: { from: number; to: number } | null;
}

function hash01(n: number): number {
  let h = Math.imul(n | 0, 0x9e3779b1) ^ 0x85ebca6b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

const bump = (h: number, at: number, width: number) => Math.exp(-(((h - at) / width) ** 2));

/** One quarter hour of a meter (kW averages and kWh), starting at `start`. */
export function quarterAt(p: Profile, start: number, source: Quarter['source'] = 'live', fraction = 1): Quarter {
  const mid = new Date(start + Q / 2);
  const h = mid.getHours() + mid.getMinutes() / 60;
  const day = Math.floor(startOfDay(start) / 86_400_000);
  const r = (k: number) => hash01(Math.floor(start / Q) * 131 + p.seed * 7919 + k);
  const weekend = mid.getDay() === 0 || mid.getDay() === 6;
  const cons =
    p.baseKw * (0.9 + 0.25 * r(1)) +
    1.1 * bump(h, weekend ? 9 : 7.2, 0.8) +
    0.5 * bump(h, 12.5, 0.6) +
    1.6 * bump(h, 19, 1.4) +
    (r(2) < 0.07 ? 1.6 + 1.4 * r(3) : 0) +
    (h >= 18 && h < 20 && r(4) < 0.25 ? 2.2 : 0);
  const sun = 0.2 + 0.8 * hash01(day * 977 + p.seed);
  const pv = p.pvPeakKw * sun * Math.max(0, Math.sin((Math.PI * (h - 8)) / 8.5)) * (0.85 + 0.3 * r(5));
  const net = cons - pv;
  const both = 0.06 * Math.min(cons, pv);
  const impKw = Math.max(0, net) + both;
  const expKw = Math.max(0, -net) + both;
  const imp = impKw * 0.25 * fraction;
  const exp = expKw * 0.25 * fraction;
  const high = h >= 7 && h < 20;
  return {
    start,
    imp,
    exp,
    imp1: p.tariffs ? (high ? imp : 0) : null,
    imp2: p.tariffs ? (high ? 0 : imp) : null,
    exp1: p.tariffs ? (high ? exp : 0) : null,
    exp2: p.tariffs ? (high ? 0 : exp) : null,
    mean: net,
    min: net - 0.4 * cons * r(6),
    max: net + 1.5 * r(7),
    readings: source === 'live' ? Math.max(1, Math.round(900 * fraction)) : Math.max(1, Math.round(15 * fraction)),
    source,
  };
}

/** Local time `days` days before today's midnight, at h:m. */
function localAt(now: number, daysAgo: number, h: number, m = 0): number {
  const d = new Date(addDays(now, -daysAgo));
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, m).getTime();
}

/** The meter's history as of `now`, ending at `end` (an offline meter's last reading). */
export function meterHistory(p: Profile, now: number, end = now): MeterHistory {
  const first = localAt(now, HISTORY_DAYS, 14);
  const gaps: HistoryGap[] = [];
  let sdFrom = Infinity;
  let sdTo = -Infinity;
  let offFrom = Infinity;
  let offTo = -Infinity;
  if (p.story) {
    sdFrom = localAt(now, 1, 1, 30);
    sdTo = localAt(now, 1, 6, 30);
    offFrom = localAt(now, 2, 9);
    offTo = localAt(now, 2, 13, 30);
    const reboot = localAt(now, 6, 4, 12);
    gaps.push({ start_ms: reboot, end_ms: reboot + 4 * MIN, reason: 'reboot', filled_rows: 0 });
    gaps.push({ start_ms: offFrom - 10_000, end_ms: offTo + 20_000, reason: 'offline', filled_rows: 0 });
    gaps.push({ start_ms: sdFrom - 10_000, end_ms: sdTo + 20_000, reason: 'not_recording', filled_rows: (sdTo - sdFrom) / MIN });
  }
  const quarters: Quarter[] = [];
  let carried: Quarter | null = null;
  for (let t = first; t < end; t += Q) {
    const fraction = Math.min(1, (end - t) / Q);
    const q = quarterAt(p, t, t >= sdFrom && t < sdTo ? 'device_log' : 'live', fraction);
    if (t >= offFrom && t < offTo) {
      // No readings; the meter counted on, so the next quarter's counter difference holds it.
      carried = carried === null ? { ...q } : addQuarter(carried, q);
      continue;
    }
    if (carried !== null) {
      quarters.push({ ...addQuarter(carried, q), start: t, mean: q.mean, min: q.min, max: q.max, readings: q.readings, source: q.source });
      carried = null;
    } else quarters.push(q);
  }
  return { quarters, gaps: gaps.filter((g) => g.start_ms < end).sort((a, b) => a.start_ms - b.start_ms), fillable: p.story ? { from: offFrom, to: offTo } : null };
}

function addQuarter(a: Quarter, b: Quarter): Quarter {
  const add = (x: number | null, y: number | null) => (x === null && y === null ? null : (x ?? 0) + (y ?? 0));
  return { ...a, imp: a.imp + b.imp, exp: a.exp + b.exp, imp1: add(a.imp1, b.imp1), imp2: add(a.imp2, b.imp2), exp1: add(a.exp1, b.exp1), exp2: add(a.exp2, b.exp2) };
}

/** What the reader's SD card holds for the offline stretch: its quarters, filled; the gap notes the rows. */
export function fillFromCard(h: MeterHistory, p: Profile): number {
  if (h.fillable === null) return 0;
  const { from, to } = h.fillable;
  const rows = (to - from) / MIN;
  const after = h.quarters.findIndex((q) => q.start === to);
  if (after >= 0) h.quarters[after] = quarterAt(p, to, 'live');
  const filled: Quarter[] = [];
  for (let t = from; t < to; t += Q) filled.push(quarterAt(p, t, 'device_log'));
  const at = h.quarters.findIndex((q) => q.start > from);
  h.quarters.splice(at < 0 ? h.quarters.length : at, 0, ...filled);
  for (const g of h.gaps) if (g.reason === 'offline') g.filled_rows = rows;
  h.fillable = null;
  return rows;
}

/** Index of the first quarter starting at or after `t`. */
function lowerBound(qs: Quarter[], t: number): number {
  let lo = 0;
  let hi = qs.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (qs[m]!.start < t) lo = m + 1;
    else hi = m;
  }
  return lo;
}

export function quartersIn(qs: Quarter[], from: number, to: number): Quarter[] {
  return qs.slice(lowerBound(qs, from), lowerBound(qs, to));
}

// Prices ----------------------------------------------------------------------------------------------

type Dated = [string, TariffPlan];

function plansByDate(s: TariffSettings): Dated[] {
  return s.plans.map((p): Dated => [p.valid_from.trim(), p]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function planOn(plans: Dated[], date: string): TariffPlan | null {
  for (let i = plans.length - 1; i >= 0; i--) if (plans[i]![0] <= date) return plans[i]![1];
  return null;
}

function isHigh(plan: TariffPlan, t: number): boolean {
  if (plan.energy.kind !== 'schedule') return false;
  const d = new Date(t);
  const day = ((d.getDay() + 6) % 7) + 1;
  const hour = d.getHours();
  return plan.energy.high_hours.some((h) => h.days.includes(day) && h.from_hour <= hour && hour < h.to_hour);
}

/** The backend's order of bill lines and their English names (CostLineKind::label). */
const LINE_ORDER: CostLineKind[] = ['energy', 'energy_unsplit', 'energy_t1', 'energy_t2', 'energy_high', 'energy_low'];
/** A bill line's English label, as the backend sends it beside the kind (from the same catalogue entry). */
const lineLabel = (kind: CostLineKind): string => m[`history_cost_line_${kind}`]({}, { locale: 'en' });

/** A quarter's energy price (without VAT), and the bill line it goes to. */
function energyCost(plan: TariffPlan, q: Quarter): { kind: CostLineKind; kwh: number; amount: number }[] {
  const e = plan.energy;
  switch (e.kind) {
    case 'flat':
      return [{ kind: 'energy', kwh: q.imp, amount: q.imp * e.price_per_kwh }];
    case 'registers':
      if (q.imp1 === null && q.imp2 === null)
        return [{ kind: 'energy_unsplit', kwh: q.imp, amount: q.imp * e.t1_per_kwh }];
      return [
        { kind: 'energy_t1', kwh: q.imp1 ?? 0, amount: (q.imp1 ?? 0) * e.t1_per_kwh },
        { kind: 'energy_t2', kwh: q.imp2 ?? 0, amount: (q.imp2 ?? 0) * e.t2_per_kwh },
      ];
    case 'schedule':
      return isHigh(plan, q.start)
        ? [{ kind: 'energy_high', kwh: q.imp, amount: q.imp * e.high_per_kwh }]
        : [{ kind: 'energy_low', kwh: q.imp, amount: q.imp * e.low_per_kwh }];
  }
}

function daysInMonth(t: number): number {
  const first = startOfMonth(t);
  return Math.round((addMonths(first, 1) - first) / 86_400_000);
}

/** The bill of `[from, to)` and each quarter's net cost, as the backend's costs(). */
export function costs(qs: Quarter[], tariffs: TariffSettings, from: number, to: number): { breakdown: CostBreakdown; perQuarter: Map<number, number> } | null {
  const plans = plansByDate(tariffs);
  if (plans.length === 0) return null;
  const last = planOn(plans, dateInputValue(to - 1)) ?? plans[0]![1];
  const lines = new Map<CostLineKind, { kind: CostLineKind; kwh: number; amount: number }>();
  const perQuarter = new Map<number, number>();
  let exportKwh = 0;
  let credit = 0;
  let unpriced = 0;
  let vat = 0;
  const used: string[] = [];
  for (const q of qs) {
    const plan = planOn(plans, dateInputValue(q.start));
    if (plan === null) {
      unpriced += q.imp;
      continue;
    }
    if (!used.includes(plan.name)) used.push(plan.name);
    let energy = 0;
    for (const l of energyCost(plan, q)) {
      const line = lines.get(l.kind) ?? { kind: l.kind, kwh: 0, amount: 0 };
      line.kwh += l.kwh;
      line.amount += l.amount;
      lines.set(l.kind, line);
      energy += l.amount;
    }
    const v = (energy * (plan.vat_pct ?? 0)) / 100;
    vat += v;
    exportKwh += q.exp;
    credit += q.exp * plan.export_credit_per_kwh;
    // Several meters' quarters share a start: a household's quarter costs what all of them cost.
    perQuarter.set(q.start, (perQuarter.get(q.start) ?? 0) + energy + v - q.exp * plan.export_credit_per_kwh);
  }
  let fee = 0;
  for (let d = startOfDay(from); d < to; d = addDays(d, 1)) {
    const next = addDays(d, 1);
    const covered = Math.max(0, Math.min(next, to) - Math.max(d, from)) / (next - d);
    const plan = planOn(plans, dateInputValue(d));
    if (plan === null) continue;
    const f = (plan.fixed_fee_per_month / daysInMonth(d)) * covered;
    fee += f;
    vat += (f * (plan.vat_pct ?? 0)) / 100;
  }
  const energy: CostLine[] = [...lines.values()]
    .sort((a, b) => LINE_ORDER.indexOf(a.kind) - LINE_ORDER.indexOf(b.kind))
    .map((l) => ({ kind: l.kind, label: lineLabel(l.kind), kwh: l.kwh, price_per_kwh: l.kwh > 0 ? l.amount / l.kwh : 0, amount: l.amount }));
  const total = energy.reduce((s, l) => s + l.amount, 0) + fee + vat - credit;
  return {
    breakdown: {
      currency: last.currency.trim().toUpperCase(),
      energy,
      fixed_fee: fee,
      export_kwh: exportKwh,
      export_credit: credit,
      vat,
      total,
      unpriced_kwh: unpriced,
      plans: used,
    },
    perQuarter,
  };
}

// Queries ---------------------------------------------------------------------------------------------

const NOMINAL: Record<string, number> = { '1m': MIN, '15m': Q, '1h': HOUR, '1d': 86_400_000, '1w': 7 * 86_400_000, '1mo': 28 * 86_400_000, '1y': 365 * 86_400_000 };

export class BadRequest extends Error {}

/** The backend's check of a request: a known bucket, a range that ends after it starts, ≤ 2,000 buckets. */
export function bucketOf(req: HistoryRequest): string {
  if (!(req.to_ms > req.from_ms)) throw new BadRequest('the range ends before it starts');
  const code = req.bucket ?? autoBucket({ from: req.from_ms, to: req.to_ms });
  const nominal = NOMINAL[code];
  if (nominal === undefined) throw new BadRequest(`"${code}" is not a bucket size: use 1m, 15m, 1h, 1d, 1w, 1mo or 1y`);
  const n = Math.ceil((req.to_ms - req.from_ms) / nominal);
  if (n > MAX_BUCKETS)
    throw new BadRequest(
      `${code} buckets of ${code} would be ${n}; at most ${MAX_BUCKETS}: choose a larger bucket or a shorter range (raw readings: history export)`,
    );
  return code;
}

/** Buckets of one or more meters' quarters (a household adds them up). */
function bucketsOf(meters: Quarter[][], code: string, from: number, to: number, perQuarter: Map<number, number> | null): HistoryBucket[] {
  const out: HistoryBucket[] = [];
  const minutes = code === '1m';
  for (const slot of bucketSlots(minutes ? '15m' : code, { from, to })) {
    const qs = meters.flatMap((m) => quartersIn(m, slot.from, slot.to));
    if (qs.length === 0) continue;
    if (minutes) {
      // A quarter's energy spread over its minutes (a little unevenly), adding up to the quarter.
      const ws = Array.from({ length: 15 }, (_, k) => 0.7 + 0.6 * hash01(Math.floor(slot.from / MIN) + k));
      const total = ws.reduce((a, b) => a + b, 0);
      ws.forEach((w, k) => {
        const start = slot.from + k * MIN;
        if (start >= from && start < to) out.push(sum(qs.map((q) => scale(q, w / total, start)), start, start + MIN, null, meters.length > 1));
      });
      continue;
    }
    const cost = perQuarter === null ? null : [...new Set(qs.map((q) => q.start))].reduce((s, start) => s + (perQuarter.get(start) ?? 0), 0);
    out.push(sum(qs, slot.from, slot.to, cost, meters.length > 1));
  }
  return out;
}

function scale(q: Quarter, w: number, start: number): Quarter {
  const f = (v: number | null) => (v === null ? null : v * w);
  return { ...q, start, imp: q.imp * w, exp: q.exp * w, imp1: f(q.imp1), imp2: f(q.imp2), exp1: f(q.exp1), exp2: f(q.exp2), readings: q.source === 'live' ? 60 : 1 };
}

function sum(qs: Quarter[], start: number, end: number, cost: number | null, household = false): HistoryBucket {
  const add = (f: (q: Quarter) => number | null) => {
    const v = qs.map(f).filter((x): x is number => x !== null);
    return v.length === 0 ? null : v.reduce((a, b) => a + b, 0);
  };
  const live = qs.some((q) => q.source === 'live');
  const log = qs.some((q) => q.source === 'device_log');
  // Means: over the quarters of one meter; a household adds the meters' means of the same quarter.
  const byStart = new Map<number, number>();
  for (const q of qs) byStart.set(q.start, (byStart.get(q.start) ?? 0) + q.mean);
  const means = [...byStart.values()];
  return {
    start_ms: start,
    end_ms: end,
    import_kwh: add((q) => q.imp),
    export_kwh: add((q) => q.exp),
    import_t1_kwh: add((q) => q.imp1),
    import_t2_kwh: add((q) => q.imp2),
    export_t1_kwh: add((q) => q.exp1),
    export_t2_kwh: add((q) => q.exp2),
    power_mean_kw: means.reduce((a, b) => a + b, 0) / means.length,
    power_min_kw: household ? null : Math.min(...qs.map((q) => q.min)),
    power_max_kw: household ? null : Math.max(...qs.map((q) => q.max)),
    readings: qs.reduce((a, q) => a + q.readings, 0),
    source: live && log ? 'mixed' : log ? 'device_log' : 'live',
    cost,
  };
}

/** The answer to `history_query` over some meters' histories (one: with its gaps). */
export function answer(histories: MeterHistory[], req: HistoryRequest, tariffs: TariffSettings, zone: string): HistoryAnswer {
  const code = bucketOf(req);
  const { from_ms: from, to_ms: to } = req;
  const all = histories.map((h) => h.quarters);
  const inRange = all.flatMap((qs) => quartersIn(qs, from, to));
  const priced = costs(inRange, tariffs, from, to);
  const buckets = bucketsOf(all, code, from, to, priced !== null && code !== '1m' ? priced.perQuarter : null);
  const total = (f: (b: HistoryBucket) => number | null) => {
    const v = buckets.map(f).filter((x): x is number => x !== null);
    return v.length === 0 ? null : v.reduce((a, b) => a + b, 0);
  };
  return {
    bucket: code,
    zone,
    buckets,
    gaps: histories.length === 1 ? histories[0]!.gaps.filter((g) => g.end_ms > from && g.start_ms < to) : [],
    totals: {
      import_kwh: total((b) => b.import_kwh) ?? 0,
      export_kwh: total((b) => b.export_kwh) ?? 0,
      import_t1_kwh: total((b) => b.import_t1_kwh),
      import_t2_kwh: total((b) => b.import_t2_kwh),
      from_device_log: buckets.filter((b) => b.source !== 'live').length,
      costs: priced?.breakdown ?? null,
    },
  };
}

/** Monthly quarter-hour peaks of the last twelve months and the current quarter's outlook. */
export function peaks(histories: MeterHistory[], tariffs: TariffSettings, now: number, powerNowKw: number | null): PeakSummary {
  const floor = tariffs.capacity?.floor_kw ?? 2.5;
  let from = startOfMonth(now);
  for (let i = 0; i < 11; i++) from = addMonths(from, -1);
  const byStart = new Map<number, number>();
  for (const h of histories) for (const q of quartersIn(h.quarters, from, now + Q)) byStart.set(q.start, (byStart.get(q.start) ?? 0) + q.imp);
  const months = new Map<string, { kw: number; at: number }>();
  for (const [start, kwh] of [...byStart].sort((a, b) => a[0] - b[0])) {
    const key = dateInputValue(start).slice(0, 7);
    const m = months.get(key);
    if (m === undefined || kwh * 4 > m.kw) months.set(key, { kw: kwh * 4, at: start });
  }
  const list = [...months].map(([month, m]) => ({ month, peak_kw: m.kw, at_ms: m.at, counted_kw: Math.max(m.kw, floor) }));
  const rolling = list.length === 0 ? null : list.reduce((s, m) => s + m.counted_kw, 0) / list.length;
  const start = Math.floor(now / Q) * Q;
  const soFar = byStart.get(start);
  const limit = tariffs.quarter_limit_kw;
  let quarter: PeakSummary['quarter'] = null;
  if (soFar !== undefined) {
    const elapsed = (now - start) / 1000;
    const projected = (soFar + Math.max(0, powerNowKw ?? 0) * (Math.max(0, 900 - elapsed) / 3600)) * 4;
    quarter = { start_ms: start, elapsed_s: elapsed, import_kwh: soFar, projected_kw: projected, limit_kw: limit, heading_over: limit !== null && projected > limit };
  }
  const price = tariffs.capacity?.price_per_kw_year ?? null;
  return {
    months: list,
    rolling_average_kw: rolling,
    floor_kw: floor,
    yearly_cost: price !== null && rolling !== null ? price * rolling : null,
    quarter,
  };
}

/** The backend's plan checks (store/tariff.rs `checked`), with its messages. */
export function tariffProblem(s: TariffSettings): string | null {
  const seen = new Set<string>();
  for (const p of s.plans) {
    const bad = (what: string) => `plan "${p.name}": ${what}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.valid_from.trim()) || Number.isNaN(Date.parse(p.valid_from.trim())))
      return `plan "${p.name}": "${p.valid_from}" is not a date (YYYY-MM-DD)`;
    const ok = (v: number) => Number.isFinite(v) && v >= 0 && v <= 100;
    const e = p.energy;
    const prices = e.kind === 'flat' ? [e.price_per_kwh] : e.kind === 'registers' ? [e.t1_per_kwh, e.t2_per_kwh] : [e.high_per_kwh, e.low_per_kwh];
    if (e.kind === 'schedule') {
      for (const h of e.high_hours) {
        if (h.days.length === 0 || h.days.some((d) => d < 1 || d > 7)) return bad('high-tariff days are 1 (Monday) to 7 (Sunday)');
        if (h.from_hour >= h.to_hour || h.to_hour > 24) return bad('high-tariff hours run from an hour to a later one (0–24)');
      }
    }
    if (!prices.every(ok)) return bad('energy prices are between 0 and 100 per kWh');
    if (!ok(p.export_credit_per_kwh)) return bad('the export credit is between 0 and 100 per kWh');
    if (!(Number.isFinite(p.fixed_fee_per_month) && p.fixed_fee_per_month >= 0 && p.fixed_fee_per_month <= 100_000)) return bad('the monthly fee is between 0 and 100,000');
    if (p.vat_pct !== null && !ok(p.vat_pct)) return bad('VAT is a percentage between 0 and 100');
    if (!/^[A-Za-z]{3}$/.test(p.currency.trim())) return bad('the currency is a three-letter code like CHF or EUR');
    const day = p.valid_from.trim();
    if (seen.has(day)) return `two plans start on ${day}: one plan per start day`;
    seen.add(day);
  }
  const l = s.quarter_limit_kw;
  if (l !== null && !(Number.isFinite(l) && l > 0 && l <= 1000)) return 'the quarter-hour limit is between 0 and 1,000 kW';
  return null;
}
