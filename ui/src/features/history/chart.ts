// What the History chart draws, built from the backend's answer. Pure: HistoryChart.svelte turns it into
// uPlot options. Every bucket the range should have gets a slot (the answer lists only buckets with data: a
// missing one is a gap, null), bars for what is shown (kWh imported up and sent down, one of them, net,
// high/low tariff stacked, or money), the average power line, the previous period slot by slot, the
// stretches without readings with their reasons, and which buckets came from the reader's SD card.
import type { GapReason, HistoryAnswer, HistoryBucket } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { formatEnergy, formatMoney, formatPower } from '../../lib/units';
import { bucketSlots, slotLabel, type Range } from './range';
import { gapWords, sourceWords } from './words';

export type Measure = 'energy' | 'money';
export type Flow = 'both' | 'import' | 'export' | 'net';

export interface Slot {
  from: number;
  to: number;
  bucket: HistoryBucket | null;
  /**
   * The first bucket after readings went missing: the meter kept counting meanwhile, so its energy includes
   * that of the missing stretch.
   */
  afterGap: boolean;
}

/** How bars are coloured: import, export, by sign (net, money), the low tariff's part of a stack. */
export type BarTone = 'import' | 'export' | 'signed' | 't2';

export interface Bars {
  key: 'import' | 'export' | 'net' | 'cost' | 't1' | 't2';
  label: string;
  /** Heights as drawn: the upper part of a stack includes the lower one, export points down. */
  values: (number | null)[];
  /** The part itself, as the tooltip names it (export positive). */
  shown: (number | null)[];
  tone: BarTone;
}

/** A stretch without readings, clipped to the range. */
export interface Band {
  from: number;
  to: number;
  reason: GapReason;
  label: string;
  /** The reader's SD card filled (some of) it. */
  filled: boolean;
}

export interface ChartModel {
  bucket: string;
  range: Range;
  slots: Slot[];
  /** Middle of each slot (ms): bars stand centred in their bucket. */
  x: number[];
  bars: Bars[];
  /** Average net power per slot (kW), when drawn. */
  power: (number | null)[] | null;
  /**
   * The previous period, slot by slot (the first quarter hour of yesterday under today's first); `before` is
   * its line in the tooltip ("Before: imported from the grid").
   */
  previous: { label: string; before: string; values: (number | null)[] }[];
  /** Slot filled from the reader's SD card (partly, for buckets of an hour or less). */
  sd: boolean[];
  bands: Band[];
  hasData: boolean;
  /** Some bucket has high/low tariff counters. */
  hasTariffs: boolean;
  measure: Measure;
  /** The money's currency (from the answer's costs). */
  currency: string | null;
  /** The bars' scale: what the buckets need, leaving out those holding a gap's energy (drawn cut off). */
  yRange: [number, number];
  /** kW per unit of the bars' scale (15-minute kWh × 4): the power line shares the bars' zero. */
  kwPerUnit: number | null;
  /** Bars taller than the scale (they hold a gap's energy): drawn cut off, their value written by them. */
  cut: { i: number; value: number; text: string }[];
}

export interface ChartInput {
  answer: HistoryAnswer;
  range: Range;
  measure: Measure;
  flow: Flow;
  /** Split import into high and low tariff (when the meter counts them). */
  tariffs: boolean;
  /** Draw the average power line. */
  power: boolean;
  previous?: { answer: HistoryAnswer; range: Range } | null;
}

/** The slots of an answer: every expected bucket, and any the answer has off that grid, in time order. */
export function slotsOf(answer: HistoryAnswer, range: Range): Slot[] {
  const byStart = new Map(answer.buckets.map((b) => [b.start_ms, b]));
  const slots: Slot[] = bucketSlots(answer.bucket, range).map((s) => {
    const bucket = byStart.get(s.from) ?? null;
    byStart.delete(s.from);
    return { from: s.from, to: s.to, bucket, afterGap: false };
  });
  // A bucket the grid did not expect (the backend cut days in another zone): kept, never dropped.
  for (const b of byStart.values()) slots.push({ from: b.start_ms, to: b.end_ms, bucket: b, afterGap: false });
  slots.sort((a, b) => a.from - b.from);
  for (const g of answer.gaps) {
    if (g.filled_rows > 0 || g.reason === 'counter_reset') continue;
    // The reading that ended the gap lies in this slot; the counters telescope, so it holds the gap's energy.
    const s = slots.find((x) => x.from <= g.end_ms && g.end_ms < x.to);
    if (s && s.bucket !== null && g.start_ms < s.from) s.afterGap = true;
  }
  return slots;
}

type Quantity = (b: HistoryBucket) => number | null;

const imp: Quantity = (b) => b.import_kwh;
const exp: Quantity = (b) => b.export_kwh;
const net: Quantity = (b) => (b.import_kwh === null && b.export_kwh === null ? null : (b.import_kwh ?? 0) - (b.export_kwh ?? 0));
const cost: Quantity = (b) => b.cost;
const t1: Quantity = (b) => b.import_t1_kwh;
const t2: Quantity = (b) => b.import_t2_kwh;
const stackTop: Quantity = (b) => (b.import_t1_kwh === null && b.import_t2_kwh === null ? null : (b.import_t1_kwh ?? 0) + (b.import_t2_kwh ?? 0));
const down = (q: Quantity): Quantity => (b) => {
  const v = q(b);
  return v === null ? null : -v;
};

const column = (slots: Slot[], q: Quantity) => slots.map((s) => (s.bucket === null ? null : q(s.bucket)));

/** The quantities drawn for a measure and flow, with the previous period's counterpart of each. */
function quantities(input: ChartInput, hasTariffs: boolean): { bars: { key: Bars['key']; label: string; drawn: Quantity; shown: Quantity; tone: BarTone }[]; compare: { label: string; before: string; q: Quantity }[] } {
  if (input.measure === 'money') {
    return { bars: [{ key: 'cost', label: m.history_cost(), drawn: cost, shown: cost, tone: 'signed' }], compare: [{ label: m.history_cost(), before: m.history_tip_before_cost(), q: cost }] };
  }
  const importWords = m.history_import();
  const exportWords = m.history_export();
  const netWords = m.history_net();
  const split = input.tariffs && hasTariffs && (input.flow === 'both' || input.flow === 'import');
  const importBars = split
    ? [
        { key: 't2' as const, label: m.history_tariff_low(), drawn: stackTop, shown: t2, tone: 't2' as const },
        { key: 't1' as const, label: m.history_tariff_high(), drawn: t1, shown: t1, tone: 'import' as const },
      ]
    : [{ key: 'import' as const, label: importWords, drawn: imp, shown: imp, tone: 'import' as const }];
  const compareImport = { label: importWords, before: m.history_tip_before_import(), q: imp };
  switch (input.flow) {
    case 'both':
      return {
        bars: [...importBars, { key: 'export', label: exportWords, drawn: down(exp), shown: exp, tone: 'export' }],
        compare: [compareImport, { label: exportWords, before: m.history_tip_before_export(), q: down(exp) }],
      };
    case 'import':
      return { bars: importBars, compare: [compareImport] };
    case 'export':
      return { bars: [{ key: 'export', label: exportWords, drawn: exp, shown: exp, tone: 'export' }], compare: [{ label: exportWords, before: m.history_tip_before_export(), q: exp }] };
    case 'net':
      return { bars: [{ key: 'net', label: netWords, drawn: net, shown: net, tone: 'signed' }], compare: [{ label: netWords, before: m.history_tip_before_net(), q: net }] };
  }
}

/** The gaps of an answer inside the range, in words. */
export function bandsOf(answer: HistoryAnswer, range: Range): Band[] {
  return answer.gaps
    .filter((g) => g.end_ms > range.from && g.start_ms < range.to && g.end_ms > g.start_ms)
    .map((g) => ({
      from: Math.max(range.from, g.start_ms),
      to: Math.min(range.to, g.end_ms),
      reason: g.reason,
      label: gapWords(g.reason).label,
      filled: g.filled_rows > 0,
    }));
}

export function buildChart(input: ChartInput): ChartModel {
  const { answer, range } = input;
  const slots = slotsOf(answer, range);
  const hasTariffs = answer.buckets.some((b) => b.import_t1_kwh !== null || b.import_t2_kwh !== null);
  const { bars: specs, compare } = quantities(input, hasTariffs);
  const bars: Bars[] = specs.map((s) => ({ key: s.key, label: s.label, values: column(slots, s.drawn), shown: column(slots, s.shown), tone: s.tone }));
  const powerColumn = input.power ? column(slots, (b) => b.power_mean_kw) : null;
  const power = powerColumn?.some((v) => v !== null) ? powerColumn : null;
  let previous: ChartModel['previous'] = [];
  if (input.previous) {
    const before = slotsOf(input.previous.answer, input.previous.range);
    previous = compare.map((c) => ({
      label: c.label,
      before: c.before,
      values: slots.map((_, i) => {
        const b = before[i]?.bucket;
        return b ? c.q(b) : null;
      }),
    }));
  }
  const kwPerUnit = input.measure === 'energy' && FIXED_MS[answer.bucket] !== undefined ? 3_600_000 / FIXED_MS[answer.bucket]! : null;
  const yRange = scaleOf(slots, bars, previous, power, kwPerUnit);
  const cut: ChartModel['cut'] = [];
  slots.forEach((s, i) => {
    if (!s.afterGap) return;
    for (const b of bars) {
      const v = b.values[i];
      if (v != null && (v > yRange[1] || v < yRange[0])) {
        cut.push({ i, value: v, text: input.measure === 'money' ? formatMoney(b.shown[i] ?? v, answer.totals.costs?.currency ?? 'CHF') : formatEnergy(b.shown[i] ?? v) });
      }
    }
  });
  return {
    bucket: answer.bucket,
    range,
    slots,
    x: slots.map((s) => (s.from + s.to) / 2),
    bars,
    power,
    previous,
    // A day or month with a few hours from the card is not "filled from the card": only short buckets are.
    sd: slots.map((s) => s.bucket !== null && (s.bucket.source === 'device_log' || (s.bucket.source === 'mixed' && FIXED_MS[answer.bucket] !== undefined))),
    bands: bandsOf(answer, range),
    hasData: bars.some((b) => b.values.some((v) => v !== null)),
    hasTariffs,
    measure: input.measure,
    currency: answer.totals.costs?.currency ?? null,
    yRange,
    kwPerUnit,
    cut,
  };
}

/** Buckets of a fixed length (ms): their average power is their energy times this many per hour. */
const FIXED_MS: Record<string, number> = { '1m': 60_000, '15m': 900_000, '1h': 3_600_000 };

/**
 * The bars' scale: every bar, the period before and the power line (in the bars' units) fit, except the
 * buckets right after a gap, whose energy includes the gap's: one of those would flatten everything else.
 */
function scaleOf(slots: Slot[], bars: Bars[], previous: ChartModel['previous'], power: (number | null)[] | null, kwPerUnit: number | null): [number, number] {
  let lo = 0;
  let hi = 0;
  const take = (v: number | null | undefined) => {
    if (v == null || !Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  slots.forEach((s, i) => {
    if (s.afterGap) return;
    for (const b of bars) take(b.values[i]);
    for (const p of previous) take(p.values[i]);
    if (power !== null && kwPerUnit !== null) take(power[i] == null ? null : power[i]! / kwPerUnit);
  });
  return barRange(lo === 0 && hi === 0 ? null : lo, lo === 0 && hi === 0 ? null : hi);
}

/** Y range for bars: always shows zero, 10 % headroom, never flat. */
export function barRange(min: number | null, max: number | null): [number, number] {
  const lo = Math.min(0, min ?? 0);
  const hi = Math.max(0, max ?? 0);
  const span = hi - lo;
  if (span === 0) return [0, 1];
  const pad = span * 0.1;
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : pad / 2];
}

/** One line of the tooltip. */
export interface TipLine {
  label: string;
  value: string;
  tone?: 'import' | 'export' | 'power' | 'previous' | 'note' | 'gap';
}

/** A value in the chart's measure: "0.42 kWh", "CHF 0.12". */
export function measureText(model: ChartModel, v: number): string {
  return model.measure === 'money' ? formatMoney(v, model.currency ?? 'CHF') : formatEnergy(v);
}

/** The tooltip of slot `i`: its time, its figures, and anything worth knowing about where they came from. */
export function tooltipLines(model: ChartModel, i: number): { title: string; lines: TipLine[] } {
  const slot = model.slots[i];
  if (slot === undefined) return { title: '', lines: [] };
  const title = slotLabel(model.bucket, { from: slot.from, to: slot.to });
  const lines: TipLine[] = [];
  const b = slot.bucket;
  const gaps = model.bands.filter((g) => g.from < slot.to && g.to > slot.from);
  if (b === null) {
    lines.push({ label: m.history_tip_no_readings(), value: '', tone: 'gap' });
  } else {
    for (const bars of model.bars) {
      const v = bars.shown[i];
      if (v == null) continue;
      const tone = bars.tone === 'export' ? 'export' : bars.tone === 'signed' ? (v < 0 ? 'export' : 'import') : 'import';
      lines.push({ label: bars.key === 'cost' && v < 0 ? m.history_tip_credit() : bars.label, value: measureText(model, bars.key === 'cost' ? Math.abs(v) : v), tone });
    }
    if (model.power !== null && model.power[i] != null) lines.push({ label: m.history_average_power(), value: formatPower(model.power[i]!).text, tone: 'power' });
  }
  for (const p of model.previous) {
    const v = p.values[i];
    if (v != null) lines.push({ label: p.before, value: measureText(model, Math.abs(v)), tone: 'previous' });
  }
  const source = b === null ? null : sourceWords(b.source);
  if (source) lines.push({ label: source, value: '', tone: 'note' });
  if (slot.afterGap) lines.push({ label: m.history_tip_after_gap(), value: '', tone: 'note' });
  for (const g of gaps) lines.push({ label: g.filled ? m.history_tip_gap_filled({ gap: g.label }) : g.label, value: '', tone: 'gap' });
  return { title, lines };
}

/**
 * The change from `before` to `now` in percent, or null when a percentage says nothing: nothing before, or
 * the sign changed (a net that went from sending to taking).
 */
export function percentChange(now: number, before: number): number | null {
  if (!Number.isFinite(now) || !Number.isFinite(before) || Math.abs(before) < 1e-9) return null;
  if (now !== 0 && Math.sign(now) !== Math.sign(before)) return null;
  return ((now - before) / Math.abs(before)) * 100;
}

/** "+12 %", "−8 %", "±0 %". */
export function changeText(pct: number | null): string {
  if (pct === null) return '—';
  const r = Math.round(pct);
  if (r === 0) return '±0 %';
  return `${r > 0 ? '+' : '\u2212'}${Math.abs(r)} %`;
}

/**
 * The bucket with the most energy taken and the one with the most sent, in words ("" for fewer than two
 * buckets). A bucket right after readings went missing holds the missing stretch's energy (slotsOf): it is
 * not a peak.
 */
function peakWords(answer: HistoryAnswer): string {
  if (answer.buckets.length < 2) return '';
  const gapEnds = answer.gaps.filter((g) => g.filled_rows === 0 && g.reason !== 'counter_reset');
  const afterGap = (b: HistoryBucket) => gapEnds.some((g) => b.start_ms <= g.end_ms && g.end_ms < b.end_ms && g.start_ms < b.start_ms);
  const most = (q: Quantity) => {
    let best: HistoryBucket | null = null;
    let value = 0;
    for (const b of answer.buckets) {
      const v = q(b);
      if (v !== null && v > value && afterGap(b)) continue;
      if (v !== null && v > value) {
        best = b;
        value = v;
      }
    }
    return best === null ? null : { when: slotLabel(answer.bucket, { from: best.start_ms, to: best.end_ms }), energy: formatEnergy(value) };
  };
  const taken = most(imp);
  const sent = most(exp);
  return (taken === null ? '' : ` ${m.a11y_history_peak_import(taken)}`) + (sent === null ? '' : ` ${m.a11y_history_peak_export(sent)}`);
}

/** The chart in a few sentences, for screen readers (the plot's name): totals, the highest buckets, gaps. */
export function chartSummary(answer: HistoryAnswer, period: string): string {
  const t = answer.totals;
  if (answer.buckets.length === 0) return m.history_summary_none({ period });
  const imported = formatEnergy(t.import_kwh);
  const sent = formatEnergy(t.export_kwh);
  const main = t.costs
    ? m.history_summary_cost({ period, imported, sent, cost: formatMoney(t.costs.total, t.costs.currency) })
    : m.history_summary({ period, imported, sent });
  const gaps = answer.gaps.length;
  const tail = gaps === 0 ? '' : ` ${(gaps === 1 ? m.history_summary_gaps_one : m.history_summary_gaps_other)({ count: gaps })}`;
  return `${main}${peakWords(answer)}${tail}`;
}
