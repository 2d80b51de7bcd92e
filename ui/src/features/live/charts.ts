// What the live charts show and when they redraw. Pure: LiveChart.svelte turns this into uPlot options.
import { S, type Phase } from './feed';

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
  const net: SeriesSpec = { column: S.net, label: 'Net', color: '--chart-import', net: true };
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

/**
 * Whether a chart should draw this frame. New data draws in the frame it arrives while a pixel is at most a
 * second (the 5 min window), else at most once a second (1 h, 24 h: a new reading moves less than a pixel);
 * without new data the chart still scrolls whenever time has moved by a pixel.
 */
export function redrawDue(o: {
  nowMs: number;
  lastDrawMs: number;
  windowMs: number;
  widthPx: number;
  newData: boolean;
  force: boolean;
}): boolean {
  if (o.force) return true;
  const elapsed = o.nowMs - o.lastDrawMs;
  const pixelMs = o.windowMs / Math.max(1, o.widthPx);
  if (o.newData) return pixelMs <= 1000 || elapsed >= 1000;
  return elapsed >= pixelMs;
}

/** "14:05:09" for short windows, "14:05" for long ones (ticks and the legend). */
export function timeLabel(sec: number, withSeconds: boolean): string {
  const d = new Date(sec * 1000);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  if (!withSeconds) return `${hh}:${mm}`;
  return `${hh}:${mm}:${String(d.getSeconds()).padStart(2, '0')}`;
}
