// What the live charts show and when they redraw. Pure: LiveChart.svelte turns this into uPlot options.
import { m } from '../../lib/i18n';
import { direction, formatCurrent, formatDuration, formatPower, formatVoltage } from '../../lib/units';
import { S, type Phase } from './feed';
import type { Window } from './ring';

export const WINDOWS = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
] as const;
export type WindowId = (typeof WINDOWS)[number]['id'];

export function windowMs(id: WindowId): number {
  return WINDOWS.find((w) => w.id === id)!.ms;
}

export type ChartKind = 'power' | 'voltage' | 'current';

/** CSS custom properties the chart colours come from (styles/tokens.css), so both themes follow the tokens. */
export type ColorToken = '--chart-import' | '--chart-export' | '--chart-l1' | '--chart-l2' | '--chart-l3';

export interface SeriesSpec {
  /** Ring column. */
  column: number;
  label: string;
  color: ColorToken;
  /** The net power line: coloured by sign and filled to zero. */
  net?: boolean;
}

const PHASE_COLOR: Record<Phase, ColorToken> = { 1: '--chart-l1', 2: '--chart-l2', 3: '--chart-l3' };
const COLUMNS: Record<ChartKind, Record<Phase, number>> = {
  power: { 1: S.p1, 2: S.p2, 3: S.p3 },
  voltage: { 1: S.v1, 2: S.v2, 3: S.v3 },
  current: { 1: S.i1, 2: S.i2, 3: S.i3 },
};

/**
 * The series of a chart for the phases the meter has. Power: the net total plus each phase (a
 * single-phase meter's L1 equals the total, so it gets only the total).
 */
export function seriesFor(kind: ChartKind, phases: readonly Phase[]): SeriesSpec[] {
  const perPhase = phases.map((p) => ({ column: COLUMNS[kind][p], label: `L${p}`, color: PHASE_COLOR[p] }));
  if (kind !== 'power') return perPhase;
  const net: SeriesSpec = { column: S.net, label: m.meters_live_net(), color: '--chart-import', net: true };
  return phases.length > 1 ? [net, ...perPhase] : [net];
}

/** Y range for net power: always shows zero, 10 % headroom, at least ±100 W. */
export function powerRange(min: number | null, max: number | null): [number, number] {
  const lo = Math.min(0, min ?? 0);
  const hi = Math.max(0, max ?? 0);
  const pad = Math.max(0.1, (hi - lo) * 0.1);
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : lo < 0 ? pad / 2 : pad];
}

/** Y range for voltage: around the data, at least 6 V tall so mains noise does not look dramatic. */
export function voltageRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) return [225, 235];
  const mid = (min + max) / 2;
  const half = Math.max(3, (max - min) / 2 + 0.5);
  return [Math.floor(mid - half), Math.ceil(mid + half)];
}

/** Y range for current: from zero, 15 % headroom, at least 1 A. */
export function currentRange(_min: number | null, max: number | null): [number, number] {
  return [0, Math.max(1, (max ?? 0) * 1.15)];
}

/** Frames (new readings on screen, charts drawn) come at least this far apart: about once a second at most. */
export const MIN_DRAW_GAP_MS = 900;
/** Without new readings a chart slides at most this often (a meter reporting every second never needs it). */
export const SLIDE_MIN_MS = 2000;
/** New readings reach a long chart (1 h, 24 h) at most this late, although they move less than a pixel. */
export const MAX_DATA_LAG_MS = 10_000;

/** What a chart knows about its last draw. */
export interface DrawState {
  lastDrawMs: number;
  windowMs: number;
  widthPx: number;
  /** Readings arrived since the last draw. */
  newData: boolean;
  /** The last draw showed any data (else sliding changes nothing). */
  hasData: boolean;
  /** Draw at once (new size, theme, window, or the window was shown again). */
  force: boolean;
}

const pixelMs = (o: DrawState) => o.windowMs / Math.max(1, o.widthPx);

/**
 * Whether a chart draws in a frame at `nowMs` (frames come when a shown meter has new readings, at most every
 * MIN_DRAW_GAP_MS, or when a chart's wake-up time came). New readings are drawn in the frame that shows them
 * on a short chart; on a long one, whose pixel spans many readings, once per pixel of time but at least every
 * MAX_DATA_LAG_MS. Without new readings a chart with data slides when its axis moved a pixel, and at most
 * every SLIDE_MIN_MS.
 */
export function shouldDraw(o: DrawState, nowMs: number): boolean {
  if (o.force) return true;
  const elapsed = nowMs - o.lastDrawMs;
  // A short chart takes new readings in whatever frame shows them (the frames are paced), so it never needs
  // a frame of its own a moment after the readings' one.
  const dataGap = pixelMs(o) <= MIN_DRAW_GAP_MS ? 0 : Math.min(pixelMs(o), MAX_DATA_LAG_MS);
  if (o.newData && elapsed >= dataGap) return true;
  return (o.hasData || o.newData) && elapsed >= Math.max(pixelMs(o), SLIDE_MIN_MS);
}

/**
 * When the store must wake up for this chart even if no reading comes (ms epoch): now when forced; when new
 * readings are waiting for their turn on a long chart; when the axis has to slide a pixel; never for an empty
 * chart (sliding it changes nothing). A 24 h chart over 900 px wakes every 96 s.
 */
export function wakeAt(o: DrawState): number {
  if (o.force) return -Infinity;
  if (o.newData) return o.lastDrawMs + Math.max(MIN_DRAW_GAP_MS, Math.min(pixelMs(o), MAX_DATA_LAG_MS));
  if (o.hasData) return o.lastDrawMs + Math.max(pixelMs(o), SLIDE_MIN_MS);
  return Infinity;
}

/** The newest, lowest and highest value of one drawn column (null when it holds no value). */
function extent(values: readonly (number | null)[]): { now: number; min: number; max: number } | null {
  let now: number | null = null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    now = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return now === null ? null : { now, min, max };
}

/** Net power with the way it flows: "1.20 kW from the grid", "850 W to the grid", "0 W". */
function powerWords(kw: number): string {
  const power = formatPower(kw, { abs: true }).text;
  const d = direction(kw);
  if (d === 'import') return m.a11y_live_power_import({ power });
  if (d === 'export') return m.a11y_live_power_export({ power });
  return power;
}

/** A chart's time span in words: the window's own label ("5 min", "24 h"), else a duration. */
export function spanWords(spanMs: number): string {
  return WINDOWS.find((w) => w.ms === spanMs)?.label ?? formatDuration(spanMs / 1000);
}

/**
 * What a live chart shows, in one sentence for screen readers, from the rows it drew (`rows.y[k]` belongs
 * to `specs[k]`): power as now / highest / lowest of the net line with its direction, voltage and current
 * per phase. One pass over the drawn rows (at most a few thousand): LiveChart calls it at most once a second.
 */
export function liveSummary(kind: ChartKind, specs: readonly SeriesSpec[], rows: Pick<Window, 'y'> | undefined, spanMs: number): string {
  const span = spanWords(spanMs);
  if (kind === 'power') {
    const net = rows === undefined ? null : extent(rows.y[0] ?? []);
    if (net === null) return m.a11y_live_power_empty({ span });
    return m.a11y_live_power({ span, now: powerWords(net.now), max: powerWords(net.max), min: powerWords(net.min) });
  }
  const format = kind === 'voltage' ? formatVoltage : formatCurrent;
  const phases: string[] = [];
  specs.forEach((s, k) => {
    const e = rows === undefined ? null : extent(rows.y[k] ?? []);
    if (e !== null) phases.push(m.a11y_live_phase({ phase: s.label, now: format(e.now), min: format(e.min), max: format(e.max) }));
  });
  if (kind === 'voltage') return phases.length === 0 ? m.a11y_live_voltage_empty({ span }) : m.a11y_live_voltage({ span, phases: phases.join('; ') });
  return phases.length === 0 ? m.a11y_live_current_empty({ span }) : m.a11y_live_current({ span, phases: phases.join('; ') });
}
