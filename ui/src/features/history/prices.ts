// The electricity prices editor's rules: plans as the form holds them (text, as typed), checked the way
// the backend checks them (so problems show under the field before saving), turned back into
// `TariffSettings`, and plans in words for the list.
import type { EnergyPricing, HighHours, TariffPlan, TariffSettings } from '../../lib/bindings';
import { formatLocale, m } from '../../lib/i18n';
import { formatMoney, formatPricePerKwh } from '../../lib/units';
import { parseDateInput } from './range';

export type PricingKind = EnergyPricing['kind'];

/** The ways a plan can price energy, in words. */
export function pricingKinds(): { value: PricingKind; label: string; help: string }[] {
  return [
    { value: 'flat', label: m.history_kind_flat(), help: m.history_kind_flat_help() },
    { value: 'schedule', label: m.history_kind_schedule(), help: m.history_kind_schedule_help() },
    { value: 'registers', label: m.history_kind_registers(), help: m.history_kind_registers_help() },
  ];
}

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
    d.name = m.history_new_plan();
  }
  return d;
}

/**
 * Checks a price as the backend does: between 0 and `max`. `missing` is the problem when it is empty (null:
 * optional); `outOfRange` replaces the plain "Between 0 and …".
 */
function amount(textValue: string, missing: string | null, max: number, outOfRange?: string): { value: number; problem: string | null } {
  const v = parseNumber(textValue);
  if (v === null) return { value: 0, problem: missing };
  if (Number.isNaN(v)) return { value: 0, problem: m.history_problem_number() };
  if (v < 0 || v > max) return { value: v, problem: outOfRange ?? m.history_problem_between({ max: max.toLocaleString(formatLocale()) }) };
  return { value: v, problem: null };
}

function planOf(d: PlanDraft): { plan: TariffPlan; problems: PlanProblems } {
  const fields: PlanProblems['fields'] = {};
  const price = (key: PlanField, value: string) => {
    const r = amount(value, m.history_problem_enter_price(), 100);
    if (r.problem) fields[key] = r.problem;
    return r.value;
  };
  if (d.name.trim() === '') fields.name = m.history_problem_name();
  if (parseDateInput(d.validFrom) === null) fields.validFrom = m.history_problem_valid_from();
  if (!/^[A-Za-z]{3}$/.test(d.currency.trim())) fields.currency = m.history_problem_currency();
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
        if (h.days.length === 0) hours.push(m.history_problem_pick_day());
        else if (!(h.from < h.to) || h.to > 24 || h.from < 0) hours.push(m.history_problem_hours());
        else hours.push(null);
      }
      energy = { kind: 'schedule', high_per_kwh: price('high', d.high), low_per_kwh: price('low', d.low), high_hours };
      break;
    }
  }
  const credit = amount(d.exportCredit, null, 100);
  if (credit.problem) fields.exportCredit = credit.problem;
  const fee = amount(d.fee, null, 100_000);
  if (fee.problem) fields.fee = fee.problem;
  const vatText = d.vat.trim();
  let vat: number | null = null;
  if (vatText !== '') {
    const r = amount(vatText, null, 100, m.history_problem_vat());
    if (r.problem) fields.vat = r.problem;
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
    if (seen.has(day)) c.problems.fields.validFrom = m.history_problem_same_day();
    else seen.set(day, i);
  });
  let limit: number | null = null;
  let limitProblem: string | null = null;
  const l = parseNumber(d.limit);
  if (l !== null) {
    if (Number.isNaN(l)) limitProblem = m.history_problem_limit_number();
    else if (!(l > 0 && l <= 1000)) limitProblem = m.history_problem_limit_range({ max: (1000).toLocaleString(formatLocale()) });
    limit = l;
  }
  let floorProblem: string | null = null;
  let priceProblem: string | null = null;
  let capacity: TariffSettings['capacity'] = null;
  if (d.capacity) {
    const f = amount(d.floor, m.history_problem_enter_floor(), 100);
    floorProblem = f.problem;
    const p = parseNumber(d.pricePerKwYear);
    if (p !== null && (Number.isNaN(p) || p < 0 || p > 100_000)) priceProblem = m.history_problem_capacity_price({ max: (100_000).toLocaleString(formatLocale()) });
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

const DAY_SHORT = [
  m.history_day_mon_short,
  m.history_day_tue_short,
  m.history_day_wed_short,
  m.history_day_thu_short,
  m.history_day_fri_short,
  m.history_day_sat_short,
  m.history_day_sun_short,
];
const DAY_NAME = [m.history_day_mon, m.history_day_tue, m.history_day_wed, m.history_day_thu, m.history_day_fri, m.history_day_sat, m.history_day_sun];

/** Monday … Sunday, in words. */
export function dayNames(): string[] {
  return DAY_NAME.map((f) => f());
}
const dayShort = (x: number) => DAY_SHORT[x - 1]!();

/** [1,2,3,4,5] → "Mon–Fri"; [6,7] → "Sat, Sun"; [1,3] → "Mon, Wed". */
export function daysText(days: readonly number[]): string {
  const d = [...new Set(days)].filter((x) => x >= 1 && x <= 7).sort((a, b) => a - b);
  if (d.length === 7) return m.history_every_day();
  const runs: number[][] = [];
  for (const x of d) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === x - 1) run.push(x);
    else runs.push([x]);
  }
  return runs
    .map((r) => (r.length >= 3 ? `${dayShort(r[0]!)}–${dayShort(r[r.length - 1]!)}` : r.map(dayShort).join(', ')))
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
        : m.history_plan_schedule({
            high: formatPricePerKwh(e.high_per_kwh, c),
            hours: e.high_hours.length === 0 ? m.history_plan_never() : e.high_hours.map(hoursText).join('; '),
            low: formatPricePerKwh(e.low_per_kwh, c),
          });
  const parts = [energy];
  if (p.export_credit_per_kwh > 0) parts.push(m.history_plan_credit({ price: formatPricePerKwh(p.export_credit_per_kwh, c) }));
  if (p.fixed_fee_per_month > 0) parts.push(m.history_plan_fee({ fee: formatMoney(p.fixed_fee_per_month, c) }));
  parts.push(p.vat_pct === null ? m.history_plan_vat_included() : m.history_plan_vat_plus({ vat: p.vat_pct.toLocaleString(formatLocale(), { maximumFractionDigits: 6 }) }));
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
