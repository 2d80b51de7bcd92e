// History in a homeowner's words: why readings are missing, what filling from the SD card did, how an
// export is going, and the quarter-hour peaks. The technical term goes in a tooltip (`title`).
import type { BackfillSummary, ExportProgress, GapReason, MonthPeak, PeakSummary } from '../../lib/bindings';
import type { Tone } from '../../lib/diagnostics';
import { formatLocale, m } from '../../lib/i18n';
import { formatDuration, formatPower } from '../../lib/units';

/** Why a stretch has no readings: a short label (legend, tooltip) and a sentence. */
export function gapWords(reason: GapReason): { label: string; detail: string } {
  switch (reason) {
    case 'not_recording':
      return { label: m.history_gap_not_recording(), detail: m.history_gap_not_recording_detail() };
    case 'offline':
      return { label: m.history_gap_offline(), detail: m.history_gap_offline_detail() };
    case 'reboot':
      return { label: m.history_gap_reboot(), detail: m.history_gap_reboot_detail() };
    case 'counter_reset':
      return { label: m.history_gap_counter_reset(), detail: m.history_gap_counter_reset_detail() };
    case 'stream_taken':
      return { label: m.history_gap_stream_taken(), detail: m.history_gap_stream_taken_detail() };
  }
}

/** A bucket's source in words, or null for live readings. */
export function sourceWords(source: string): string | null {
  if (source === 'device_log') return m.history_sd_filled();
  if (source === 'mixed') return m.history_sd_partly();
  return null;
}

const capitalise = (s: string) => (s === '' ? s : s.charAt(0).toUpperCase() + s.slice(1));
/** `n` in this computer's number format, and the message for one or for many. */
const count = (n: number, one: (p: { count: string }) => string, many: (p: { count: string }) => string) =>
  (n === 1 ? one : many)({ count: n.toLocaleString(formatLocale()) });

/** What filling from the SD card did, as a callout: the rows added, or why nothing was. */
export function backfillResult(s: BackfillSummary): { tone: Tone; title: string; detail: string | null } {
  const parts: string[] = [];
  if (s.files_seen > 0) {
    const seen = s.files_seen.toLocaleString(formatLocale());
    parts.push(count(s.files_read, (p) => m.history_backfill_files_one({ ...p, seen }), (p) => m.history_backfill_files_other({ ...p, seen })));
  }
  if (s.already > 0) parts.push(count(s.already, m.history_backfill_already_one, m.history_backfill_already_other));
  if (s.covered > 0) parts.push(count(s.covered, m.history_backfill_covered_one, m.history_backfill_covered_other));
  if (s.unfit > 0) parts.push(count(s.unfit, m.history_backfill_unfit_one, m.history_backfill_unfit_other));
  const detail = parts.length > 0 ? `${capitalise(parts.join('; '))}.` : null;
  if (s.applied > 0) {
    return { tone: 'success', title: count(s.applied, m.history_backfill_added_one, m.history_backfill_added_other), detail };
  }
  if (s.note) return { tone: 'info', title: m.history_backfill_nothing_reason({ reason: s.note.replace(/\.$/, '') }), detail };
  return { tone: 'info', title: m.history_backfill_nothing_new(), detail };
}

/** The export's line under its bar. */
export function exportLine(p: ExportProgress | null): { fraction: number; text: string } {
  if (p === null) return { fraction: 0, text: m.history_export_choose() };
  const pct = Math.floor(Math.min(1, Math.max(0, p.fraction)) * 100);
  if (p.done) return { fraction: 1, text: count(p.rows, m.history_export_saved_one, m.history_export_saved_other) };
  return {
    fraction: p.fraction,
    text: count(
      p.rows,
      (c) => m.history_export_writing_one({ ...c, pct }),
      (c) => m.history_export_writing_other({ ...c, pct }),
    ),
  };
}

/** `YYYY-MM` of the local month holding `ms`. */
export function monthKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** This month's peak, if it has one. */
export function monthPeak(s: PeakSummary, now: number): MonthPeak | null {
  return s.months.find((x) => x.month === monthKey(now)) ?? null;
}

/** "Counts as 2.50 kW, the minimum of the capacity rule" or null when the peak itself counts. */
export function countedNote(mp: MonthPeak, floorKw: number): string | null {
  if (mp.counted_kw > mp.peak_kw + 1e-9) return m.history_peak_counted({ counted: formatPower(mp.counted_kw).text, floor: formatPower(floorKw).text });
  return null;
}

/** The warning's sentence when the quarter hour heads over the limit. */
export function overLine(q: NonNullable<PeakSummary['quarter']>): string {
  return m.history_peak_over_line({ power: formatPower(q.projected_kw).text, elapsed: formatDuration(q.elapsed_s) });
}

/** The current quarter hour: where it is heading, in a sentence. */
export function quarterLine(q: NonNullable<PeakSummary['quarter']>): string {
  const elapsed = formatDuration(q.elapsed_s);
  const power = formatPower(q.projected_kw).text;
  if (q.limit_kw === null) return m.history_quarter_line({ elapsed, power });
  return m.history_quarter_line_limit({ elapsed, power, limit: formatPower(q.limit_kw).text });
}
