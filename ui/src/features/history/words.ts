// History in a homeowner's words: why readings are missing, what filling from the SD card did, how an
// export is going, and the quarter-hour peaks. The technical term goes in a tooltip (`title`).
import type { BackfillSummary, ExportProgress, GapReason, MonthPeak, PeakSummary } from '../../lib/bindings';
import type { Tone } from '../../lib/diagnostics';
import { formatDuration, formatPower } from '../../lib/units';

/** Why a stretch has no readings: a short label (legend, tooltip) and a sentence. */
export const GAP_WORDS: Record<GapReason, { label: string; detail: string }> = {
  not_recording: {
    label: 'WattDesk was not running',
    detail: 'The app was closed or this computer was off, so nothing was recorded.',
  },
  offline: {
    label: 'Meter unreachable',
    detail: 'WattDesk was running but could not reach the reader (Wi-Fi, power, or the reader was busy).',
  },
  reboot: {
    label: 'Reader restarted',
    detail: 'The reader restarted; the readings of those moments are missing.',
  },
  counter_reset: {
    label: 'New meter or counter reset',
    detail: "The meter's energy counters started again (a new or replaced meter): counting starts over here.",
  },
  stream_taken: {
    label: 'Another app had the live data',
    detail: "Another app held the reader's live stream and WattDesk had no other way to read it.",
  },
};

export const SD_WORDS = "Filled from the reader's SD card";

/** A bucket's source in words, or null for live readings. */
export function sourceWords(source: string): string | null {
  if (source === 'device_log') return SD_WORDS;
  if (source === 'mixed') return "Partly filled from the reader's SD card";
  return null;
}

export const IMPORT_WORDS = 'Imported from the grid';
export const EXPORT_WORDS = 'Sent to the grid (solar)';
export const IMPORT_HELP = 'Import: energy your home took from the grid, as the meter counted it.';
export const EXPORT_HELP = 'Export: energy your home fed into the grid, usually from solar panels.';
export const NET_WORDS = 'Net (imported minus sent)';
export const PEAK_WORDS = 'Quarter-hour peak';
export const PEAK_HELP = 'Average import power of a 15-minute period; capacity tariffs bill the monthly highest.';

const capitalise = (s: string) => (s === '' ? s : s.charAt(0).toUpperCase() + s.slice(1));
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What filling from the SD card did, as a callout: the rows added, or why nothing was. */
export function backfillResult(s: BackfillSummary): { tone: Tone; title: string; detail: string | null } {
  const parts: string[] = [];
  if (s.files_seen > 0) parts.push(`${count(s.files_read, 'daily file')} of ${s.files_seen} read from the card`);
  if (s.already > 0) parts.push(`${count(s.already, 'reading')} already added before`);
  if (s.covered > 0) parts.push(`${count(s.covered, 'reading')} where WattDesk had recorded itself`);
  if (s.unfit > 0) parts.push(`${count(s.unfit, 'reading')} that did not fit this meter's counters`);
  const detail = parts.length > 0 ? `${capitalise(parts.join('; '))}.` : null;
  if (s.applied > 0) {
    return { tone: 'success', title: `Added ${count(s.applied, 'reading')} from the reader's SD card.`, detail };
  }
  if (s.note) return { tone: 'info', title: `Nothing was filled: ${s.note.replace(/\.$/, '')}.`, detail };
  return { tone: 'info', title: 'Nothing new: the history already has everything the SD card holds.', detail };
}

/** The export's line under its bar. */
export function exportLine(p: ExportProgress | null): { fraction: number; text: string } {
  if (p === null) return { fraction: 0, text: 'Choose where to save the file in the window that opened…' };
  const pct = Math.floor(Math.min(1, Math.max(0, p.fraction)) * 100);
  if (p.done) return { fraction: 1, text: `Saved ${count(p.rows, 'row')}.` };
  return { fraction: p.fraction, text: `Writing ${count(p.rows, 'row')}… ${pct} %` };
}

/** `YYYY-MM` of the local month holding `ms`. */
export function monthKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** This month's peak, if it has one. */
export function monthPeak(s: PeakSummary, now: number): MonthPeak | null {
  return s.months.find((m) => m.month === monthKey(now)) ?? null;
}

/** "Counts as 2.50 kW, the minimum of the capacity rule" or null when the peak itself counts. */
export function countedNote(m: MonthPeak, floorKw: number): string | null {
  if (m.counted_kw > m.peak_kw + 1e-9) return `Counts as ${formatPower(m.counted_kw).text}: the capacity rule's minimum is ${formatPower(floorKw).text}.`;
  return null;
}

/** The warning's sentence when the quarter hour heads over the limit. */
export function overLine(q: NonNullable<PeakSummary['quarter']>): string {
  return `At the present pace it averages ${formatPower(q.projected_kw).text} (${formatDuration(q.elapsed_s)} in). Switching something big off now keeps the peak lower.`;
}

/** The current quarter hour: where it is heading, in a sentence. */
export function quarterLine(q: NonNullable<PeakSummary['quarter']>): string {
  const so = `${formatDuration(q.elapsed_s)} in`;
  const pace = formatPower(q.projected_kw).text;
  if (q.limit_kw === null) return `This quarter hour (${so}) is heading for ${pace}.`;
  return `This quarter hour (${so}) is heading for ${pace}; your limit is ${formatPower(q.limit_kw).text}.`;
}
