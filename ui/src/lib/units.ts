// Numbers for people: power auto-scaled W/kW, energy, voltage, current, ages and durations.
// Every function returns plain text; the big readouts split value and unit themselves.
// Numbers are written the app's way (formatLocale(): "2.41" in English, "2,41" in French); the words come
// from the message catalogue. Formatters are made on first use, one per locale tag and shape.
import { formatLocale, m } from './i18n';

/** U+2212: a real minus sign is as wide as a digit in tabular figures (a hyphen is not). */
const MINUS = '\u2212';

export type PowerUnit = 'W' | 'kW';
export type Direction = 'import' | 'export' | 'idle';

export interface PowerText {
  value: string;
  unit: PowerUnit;
  /** `value unit`, e.g. "2.41 kW", "−850 W". */
  text: string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number formatter for the app's locale, made once per locale tag and options. */
function numberFormat(key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const tag = formatLocale();
  const k = `${tag}/${key}`;
  let f = numberFormats.get(k);
  if (f === undefined) {
    f = new Intl.NumberFormat(tag, opts);
    numberFormats.set(k, f);
  }
  return f;
}

/** Whole numbers with the locale's grouping: "1,250". */
function grouped(n: number): string {
  return numberFormat('group', { useGrouping: true, maximumFractionDigits: 0 }).format(n);
}

function fixed(n: number, digits: number): string {
  return numberFormat(`fixed${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true }).format(n);
}

/** A plain number with exactly `digits` decimals in the app's locale: "4.87" ("4,87" in French). */
export function formatDecimal(n: number, digits: number): string {
  return fixed(n, digits);
}

/** A plain number with at most `maxDigits` decimals (trailing zeros dropped): "1.5", "230". */
export function formatNumber(n: number, maxDigits = 2): string {
  return numberFormat(`max${maxDigits}`, { minimumFractionDigits: 0, maximumFractionDigits: maxDigits, useGrouping: true }).format(n);
}

function signed(abs: string, negative: boolean): string {
  return negative ? MINUS + abs : abs;
}

/**
 * Power in kW as people read it: below 1 kW in whole watts ("850 W"), then "2.41 kW", "12.4 kW", "123 kW".
 * Negative (export) values keep their sign unless `abs` is set.
 */
export function formatPower(kw: number, opts: { abs?: boolean } = {}): PowerText {
  const negative = kw < 0 && !opts.abs;
  const a = Math.abs(kw);
  const watts = Math.round(a * 1000);
  let value: string;
  let unit: PowerUnit;
  if (watts < 1000) {
    unit = 'W';
    value = String(watts);
  } else {
    unit = 'kW';
    const digits = a < 9.995 ? 2 : a < 99.95 ? 1 : 0;
    value = fixed(a, digits);
  }
  const isZero = /^[0.,]+$/.test(value);
  value = signed(value, negative && !isZero);
  return { value, unit, text: `${value} ${unit}` };
}

/** Import, export or (within ±`idleKw`) neither. */
export function direction(netKw: number, idleKw = 0.005): Direction {
  if (netKw > idleKw) return 'import';
  if (netKw < -idleKw) return 'export';
  return 'idle';
}

/** The word under the big power figure (read when shown, in the app's language). */
export const DIRECTION_WORD: Readonly<Record<Direction, string>> = {
  get import() {
    return m.lib_direction_import();
  },
  get export() {
    return m.lib_direction_export();
  },
  get idle() {
    return m.lib_direction_idle();
  },
};

/** The unit a chart axis uses for values up to `maxAbsKw`. */
export function axisPowerUnit(maxAbsKw: number): PowerUnit {
  return maxAbsKw < 1 ? 'W' : 'kW';
}

/** An axis tick in the axis unit, e.g. "500 W", "2.5 kW", "−1 kW"; `stepKw` (the tick spacing) sets the decimals. */
export function formatAxisPower(kw: number, unit: PowerUnit, stepKw = 1): string {
  const negative = kw < 0;
  const a = Math.abs(kw);
  if (unit === 'W') {
    const w = Math.round(a * 1000);
    return `${signed(grouped(w), negative && w !== 0)} W`;
  }
  const digits = [0, 1, 2].find((d) => Math.abs(Math.round(stepKw * 10 ** d) - stepKw * 10 ** d) < 1e-6) ?? 3;
  const text = fixed(a, digits);
  if (/^[0.,]+$/.test(text)) return '0 kW';
  return `${signed(text, negative)} kW`;
}

/** Energy so far today: "0.42 kWh", "12.3 kWh", "123 kWh". */
export function formatEnergy(kwh: number): string {
  const a = Math.abs(kwh);
  const digits = a < 9.995 ? 2 : a < 99.95 ? 1 : 0;
  return `${signed(fixed(a, digits), kwh < 0)} kWh`;
}

/** Energy without its unit for a chart axis: "0.25", "12", "1,250"; `stepKwh` (the tick spacing) sets the decimals. */
export function formatAxisEnergy(kwh: number, stepKwh = 1): string {
  const digits = [0, 1, 2].find((d) => Math.abs(Math.round(stepKwh * 10 ** d) - stepKwh * 10 ** d) < 1e-6) ?? 3;
  const text = fixed(Math.abs(kwh), digits);
  return /^[0.,]+$/.test(text) ? '0' : signed(text, kwh < 0);
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string, digits: { min: number; max: number }): Intl.NumberFormat | null {
  const key = `${formatLocale()}/${currency}/${digits.min}/${digits.max}`;
  let f = moneyFormats.get(key);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat(formatLocale(), {
        style: 'currency',
        currency,
        minimumFractionDigits: digits.min,
        maximumFractionDigits: digits.max,
      });
    } catch {
      f = null; // not a currency Intl knows
    }
    moneyFormats.set(key, f);
  }
  return f;
}

/**
 * Money: "CHF 12.30", "€3.10", "−€0.45" (a real minus sign). A code Intl does not know still reads:
 * "12.30 XYZ". `digits` overrides the two decimals (axis ticks: 0).
 */
export function formatMoney(amount: number, currency: string, digits?: number): string {
  const code = currency.trim().toUpperCase();
  const d = digits ?? 2;
  const f = moneyFormat(code, { min: d, max: d });
  const negative = amount < 0 && Math.abs(amount) >= 0.5 * 10 ** -d;
  const abs = f === null ? `${fixed(Math.abs(amount), d)} ${code}` : f.format(Math.abs(amount));
  return signed(abs, negative);
}

/** A price per kWh with the decimals it was given (two to four): "CHF 0.32/kWh", "€0.1275/kWh". */
export function formatPricePerKwh(price: number, currency: string): string {
  const code = currency.trim().toUpperCase();
  const f = moneyFormat(code, { min: 2, max: 4 });
  const abs = f === null ? `${fixed(Math.abs(price), 2)} ${code}` : f.format(Math.abs(price));
  return `${signed(abs, price < 0)}/kWh`;
}

/** A meter register as the meter shows it: "12,345.678 kWh". */
export function formatCounter(kwh: number): string {
  return `${fixed(kwh, 3)} kWh`;
}

/** A register value without its unit (a table header carries it): "12,345.678". */
export function formatRegister(kwh: number): string {
  return fixed(kwh, 3);
}

/** Wi-Fi signal strength with a real minus sign: "−58 dBm". */
export function formatDbm(dbm: number): string {
  return `${signed(String(Math.abs(Math.round(dbm))), dbm < 0)} dBm`;
}

export function formatVoltage(v: number): string {
  return `${fixed(v, 1)} V`;
}

export function formatCurrent(a: number): string {
  return `${fixed(a, Math.abs(a) < 9.995 ? 2 : 1)} A`;
}

export function formatPowerFactor(pf: number): string {
  return fixed(pf, 2);
}

/** Younger than this, a reading is "just now" (a meter reporting every second never shows a ticking count). */
const JUST_NOW_S = 5;

/** "just now", "7 s ago", "3 min ago", "2 h ago", "3 d ago". */
export function ageLabel(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < JUST_NOW_S) return m.lib_age_just_now();
  if (s < 60) return m.lib_age_seconds({ count: s });
  if (s < 3600) return m.lib_age_minutes({ count: Math.floor(s / 60) });
  if (s < 86_400) return m.lib_age_hours({ count: Math.floor(s / 3600) });
  return m.lib_age_days({ count: Math.floor(s / 86_400) });
}

/** In how many ms `ageLabel` of something `ms` old reads differently. */
export function ageLabelNextChangeMs(ms: number): number {
  const age = Math.max(0, ms);
  const step = age < JUST_NOW_S * 1000 ? JUST_NOW_S * 1000 : age < 60_000 ? 1000 : age < 3_600_000 ? 60_000 : age < 86_400_000 ? 3_600_000 : 86_400_000;
  const next = age < JUST_NOW_S * 1000 ? step : (Math.floor(age / step) + 1) * step;
  return Math.max(1, next - age);
}

/** A duration: "45 s", "12 min", "5 h 12 min", "3 d 4 h" ("3 d 4 h 17 min" with `minutes`, for an uptime). */
export function formatDuration(seconds: number, opts: { minutes?: boolean } = {}): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  const min = Math.floor((s % 3600) / 60);
  if (s < 86_400) return min === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${min} min`;
  const h = Math.floor((s % 86_400) / 3600);
  const days = `${Math.floor(s / 86_400)} ${m.lib_unit_day()}`;
  if (opts.minutes) return `${days} ${h} h ${min} min`;
  return h === 0 ? days : `${days} ${h} h`;
}

/** A countdown: "12 s", "2 min". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** A latency: "< 1 ms", "42 ms", "1.2 s"; negative (the device clock runs ahead) is said so. */
export function formatLatency(ms: number): string {
  if (ms < 0) return m.lib_latency_clock_ahead();
  if (ms < 1) return '< 1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${fixed(ms / 1000, ms < 9950 ? 1 : 0)} s`;
}
