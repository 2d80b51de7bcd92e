// The electricity prices editor's rules: plans as the form holds them (text, as typed), checked the way
// the backend checks them (so problems show under the field before saving), turned back into
// `TariffSettings`, and plans in words for the list.
import type { EnergyPricing, HighHours, TariffPlan, TariffSettings } from '../../lib/bindings';
import { formatMoney, formatPricePerKwh } from '../../lib/units';
import { parseDateInput } from './range';

export type PricingKind = EnergyPricing['kind'];

export const PRICING_KINDS: readonly { value: PricingKind; label: string; help: string }[] = [
  { value: 'flat', label: 'One price', help: 'The same price per kWh at any time.' },
  { value: 'schedule', label: 'High and low hours', help: 'A high price at set hours (weekdays by day, say), the low price otherwise.' },
  {
    value: 'registers',
    label: "The meter's T1/T2",
    help: "A price for each of the meter's two tariff counters (T1, T2): the meter itself switches between them.",
  },
];

/** The capacity tariff of Flanders (Belgium): a month's peak counts at least 2.5 kW. */
export const FLANDERS_FLOOR_KW = 2.5;

export interface HoursDraft {
  /** 1 = Monday … 7 = Sunday. */
  days: number[];
  from: number;
  to: number;
}

/** One plan as the form holds it: numbers as typed, every kind's prices kept while the kind changes. */
export interface PlanDraft {
  /** Stable key for the list (not saved). */
  key: number;
  name: string;
  validFrom: string;
  currency: string;
  kind: PricingKind;
  flat: string;
  t1: string;
  t2: string;
  high: string;
  low: string;
  hours: HoursDraft[];
  exportCredit: string;
  fee: string;
  /** Empty: the prices include VAT. */
  vat: string;
}

export interface SettingsDraft {
  plans: PlanDraft[];
  /** Quarter-hour limit (kW); empty: none. */
  limit: string;
  capacity: boolean;
  floor: string;
  pricePerKwYear: string;
}

export type PlanField = 'name' | 'validFrom' | 'currency' | 'flat' | 't1' | 't2' | 'high' | 'low' | 'exportCredit' | 'fee' | 'vat';

export interface PlanProblems {
  fields: Partial<Record<PlanField, string>>;
  /** Per high-hours row. */
  hours: (string | null)[];
}

export interface Problems {
  plans: PlanProblems[];
  limit: string | null;
  floor: string | null;
  pricePerKwYear: string | null;
  /** How many problems in all (the save button's message). */
  count: number;
}

let nextKey = 1;

/** A number as typed ("0.32", "0,32", " 8 "); null when empty, NaN when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\s/g, '');
  if (t === '') return null;
  const normal = /^-?\d*,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(normal)) return NaN;
  return Number(normal);
}

const text = (v: number) => String(Math.round(v * 1e6) / 1e6);

export function draftOfPlan(p: TariffPlan): PlanDraft {
  const e = p.energy;
  return {
    key: nextKey++,
    name: p.name,
    validFrom: p.valid_from,
    currency: p.currency,
    kind: e.kind,
    flat: e.kind === 'flat' ? text(e.price_per_kwh) : e.kind === 'schedule' ? text(e.high_per_kwh) : text(e.t1_per_kwh),
    t1: e.kind === 'registers' ? text(e.t1_per_kwh) : e.kind === 'schedule' ? text(e.high_per_kwh) : text(e.price_per_kwh),
    t2: e.kind === 'registers' ? text(e.t2_per_kwh) : e.kind === 'schedule' ? text(e.low_per_kwh) : text(e.price_per_kwh),
    high: e.kind === 'schedule' ? text(e.high_per_kwh) : e.kind === 'registers' ? text(e.t1_per_kwh) : text(e.price_per_kwh),
    low: e.kind === 'schedule' ? text(e.low_per_kwh) : e.kind === 'registers' ? text(e.t2_per_kwh) : text(e.price_per_kwh),
    hours:
      e.kind === 'schedule'
        ? e.high_hours.map((h) => ({ days: [...h.days], from: h.from_hour, to: h.to_hour }))
        : [{ days: [1, 2, 3, 4, 5], from: 7, to: 20 }],
    exportCredit: text(p.export_credit_per_kwh),
    fee: text(p.fixed_fee_per_month),
    vat: p.vat_pct === null ? '' : text(p.vat_pct),
  };
}

export function draftOf(s: TariffSettings): SettingsDraft {
  return {
    plans: s.plans.map(draftOfPlan),
    limit: s.quarter_limit_kw === null ? '' : text(s.quarter_limit_kw),
    capacity: s.capacity !== null,
    floor: text(s.capacity?.floor_kw ?? FLANDERS_FLOOR_KW),
    pricePerKwYear: s.capacity?.price_per_kw_year == null ? '' : text(s.capacity.price_per_kw_year),
  };
}

/** A plan to add: the backend's example, starting on `validFrom` when given (a day no plan starts on). */
export function newPlan(example: TariffPlan, existing: readonly PlanDraft[], today: string): PlanDraft {
  const d = draftOfPlan(example);
  const taken = new Set(existing.map((p) => p.validFrom));
  if (existing.length > 0 && taken.has(d.validFrom)) d.validFrom = today;
  if (existing.length > 0) {
    const last = existing[existing.length - 1]!;
    d.currency = last.currency;
    d.name = 'New plan';
  }
  return d;
}

/** Checks a price as the backend does: between 0 and `max`. */
function amount(textValue: string, what: string, max: number, optional = false): { value: number; problem: string | null } {
  const v = parseNumber(textValue);
  if (v === null) return optional ? { value: 0, problem: null } : { value: 0, problem: `Enter ${what}.` };
  if (Number.isNaN(v)) return { value: 0, problem: 'Enter a number, like 0.32.' };
  if (v < 0 || v > max) return { value: v, problem: `Between 0 and ${max.toLocaleString('en-GB')}.` };
  return { value: v, problem: null };
}

function planOf(d: PlanDraft): { plan: TariffPlan; problems: PlanProblems } {
  const fields: PlanProblems['fields'] = {};
  const price = (key: PlanField, value: string) => {
    const r = amount(value, 'the price per kWh', 100);
    if (r.problem) fields[key] = r.problem;
    return r.value;
  };
  if (d.name.trim() === '') fields.name = 'Give the plan a name (it shows on the bill breakdown).';
  if (parseDateInput(d.validFrom) === null) fields.validFrom = 'Choose the day the plan starts.';
  if (!/^[A-Za-z]{3}$/.test(d.currency.trim())) fields.currency = 'Three letters, like CHF or EUR.';
  let energy: EnergyPricing;
  const hours: (string | null)[] = [];
  switch (d.kind) {
    case 'flat':
      energy = { kind: 'flat', price_per_kwh: price('flat', d.flat) };
      break;
    case 'registers':
      energy = { kind: 'registers', t1_per_kwh: price('t1', d.t1), t2_per_kwh: price('t2', d.t2) };
      break;
    case 'schedule': {
      const high_hours: HighHours[] = d.hours.map((h) => ({ days: [...h.days].sort((a, b) => a - b), from_hour: h.from, to_hour: h.to }));
      for (const h of d.hours) {
        if (h.days.length === 0) hours.push('Pick at least one day.');
        else if (!(h.from < h.to) || h.to > 24 || h.from < 0) hours.push('The high price ends after it starts (0:00 to 24:00).');
        else hours.push(null);
      }
      energy = { kind: 'schedule', high_per_kwh: price('high', d.high), low_per_kwh: price('low', d.low), high_hours };
      break;
    }
  }
  const credit = amount(d.exportCredit, 'the credit per kWh', 100, true);
  if (credit.problem) fields.exportCredit = credit.problem;
  const fee = amount(d.fee, 'the monthly fee', 100_000, true);
  if (fee.problem) fields.fee = fee.problem;
  const vatText = d.vat.trim();
  let vat: number | null = null;
  if (vatText !== '') {
    const r = amount(vatText, 'the VAT', 100);
    if (r.problem) fields.vat = r.problem === 'Between 0 and 100.' ? 'A percentage between 0 and 100.' : r.problem;
    vat = r.value;
  }
  return {
    plan: {
      name: d.name.trim(),
      valid_from: d.validFrom.trim(),
      currency: d.currency.trim().toUpperCase(),
      energy,
      export_credit_per_kwh: credit.value,
      fixed_fee_per_month: fee.value,
      vat_pct: vat,
    },
    problems: { fields, hours },
  };
}

/** The settings to save, or what is wrong field by field (`settings` is null then). */
export function check(d: SettingsDraft): { settings: TariffSettings | null; problems: Problems } {
  const checked = d.plans.map(planOf);
  const seen = new Map<string, number>();
  checked.forEach((c, i) => {
    const day = c.plan.valid_from;
    if (c.problems.fields.validFrom) return;
    if (seen.has(day)) c.problems.fields.validFrom = 'Another plan starts on this day: one plan per start day.';
    else seen.set(day, i);
  });
  let limit: number | null = null;
  let limitProblem: string | null = null;
  const l = parseNumber(d.limit);
  if (l !== null) {
    if (Number.isNaN(l)) limitProblem = 'Enter a number of kW, like 5.';
    else if (!(l > 0 && l <= 1000)) limitProblem = 'Between 0 and 1,000 kW.';
    limit = l;
  }
  let floorProblem: string | null = null;
  let priceProblem: string | null = null;
  let capacity: TariffSettings['capacity'] = null;
  if (d.capacity) {
    const f = amount(d.floor, 'the minimum peak in kW', 100);
    floorProblem = f.problem;
    const p = parseNumber(d.pricePerKwYear);
    if (p !== null && (Number.isNaN(p) || p < 0 || p > 100_000)) priceProblem = 'A price between 0 and 100,000 per kW and year.';
    capacity = { floor_kw: f.value, price_per_kw_year: p === null || Number.isNaN(p) ? null : p };
  }
  const plans = checked.map((c) => c.problems);
  const count =
    plans.reduce((n, p) => n + Object.keys(p.fields).length + p.hours.filter((h) => h !== null).length, 0) +
    [limitProblem, floorProblem, priceProblem].filter((x) => x !== null).length;
  const problems: Problems = { plans, limit: limitProblem, floor: floorProblem, pricePerKwYear: priceProblem, count };
  return {
    settings: count === 0 ? { plans: checked.map((c) => c.plan), quarter_limit_kw: limit, capacity } : null,
    problems,
  };
}

const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** [1,2,3,4,5] → "Mon–Fri"; [6,7] → "Sat, Sun"; [1,3] → "Mon, Wed". */
export function daysText(days: readonly number[]): string {
  const d = [...new Set(days)].filter((x) => x >= 1 && x <= 7).sort((a, b) => a - b);
  if (d.length === 7) return 'Every day';
  const runs: number[][] = [];
  for (const x of d) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === x - 1) run.push(x);
    else runs.push([x]);
  }
  return runs
    .map((r) => (r.length >= 3 ? `${DAY_SHORT[r[0]! - 1]}–${DAY_SHORT[r[r.length - 1]! - 1]}` : r.map((x) => DAY_SHORT[x - 1]).join(', ')))
    .join(', ');
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** "Mon–Fri 07:00–20:00". */
export function hoursText(h: HighHours): string {
  return `${daysText(h.days)} ${hh(h.from_hour)}–${hh(h.to_hour)}`;
}

/** A plan's prices in one line for the list. */
export function planSummary(p: TariffPlan): string {
  const c = p.currency;
  const e = p.energy;
  const energy =
    e.kind === 'flat'
      ? formatPricePerKwh(e.price_per_kwh, c)
      : e.kind === 'registers'
        ? `T1 ${formatPricePerKwh(e.t1_per_kwh, c)}, T2 ${formatPricePerKwh(e.t2_per_kwh, c)}`
        : `${formatPricePerKwh(e.high_per_kwh, c)} high (${e.high_hours.length === 0 ? 'never' : e.high_hours.map(hoursText).join('; ')}), ${formatPricePerKwh(e.low_per_kwh, c)} low`;
  const parts = [energy];
  if (p.export_credit_per_kwh > 0) parts.push(`${formatPricePerKwh(p.export_credit_per_kwh, c)} back for solar`);
  if (p.fixed_fee_per_month > 0) parts.push(`${formatMoney(p.fixed_fee_per_month, c)} a month`);
  parts.push(p.vat_pct === null ? 'VAT included' : `plus ${p.vat_pct} % VAT`);
  return parts.join(' · ');
}

/** The same settings as typed (the list's keys aside): nothing to save. */
export function sameDraft(a: SettingsDraft, b: SettingsDraft): boolean {
  const plain = (d: SettingsDraft) => JSON.stringify({ ...d, plans: d.plans.map(({ key: _key, ...rest }) => rest) });
  return plain(a) === plain(b);
}

/** Which plan prices `today` (YYYY-MM-DD): the latest that started by then; -1 when none has. */
export function planInForce(plans: readonly { validFrom: string }[], today: string): number {
  let best = -1;
  plans.forEach((p, i) => {
    if (p.validFrom <= today && (best === -1 || p.validFrom >= plans[best]!.validFrom)) best = i;
  });
  return best;
}
