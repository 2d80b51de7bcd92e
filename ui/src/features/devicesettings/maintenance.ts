// Restart, firmware and factory reset in words: the upload's progress, how long the reader was away, and
// the confirmation a factory reset asks for.
import type { FirmwareProgress, RestartReport } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { humanSize } from './sdcard';

/** The firmware run as a bar and a line: choosing the file, uploading, then waiting for the restart. */
export function firmwareStep(p: FirmwareProgress | null): { fraction: number; text: string } {
  if (p === null) return { fraction: 0, text: m.ds_fw_choose() };
  if (p.stage === 'restarting') return { fraction: 1, text: m.ds_fw_restarting() };
  const fraction = p.total > 0 ? Math.min(1, p.sent / p.total) : 0;
  return { fraction, text: m.ds_fw_uploading({ sent: humanSize(p.sent), total: humanSize(p.total), percent: Math.floor(fraction * 100) }) };
}

/** "38 s", "1 min 12 s". */
export function downtimeText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const rest = s % 60;
  return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`;
}

/** "The reader was away for 38 s and came back with firmware 1.10.3." */
export function restartSummary(r: RestartReport): string {
  const downtime = downtimeText(r.downtime_s);
  return r.firmware_after === r.firmware_before
    ? m.ds_restart_summary({ downtime, firmware: r.firmware_after })
    : m.ds_restart_summary_changed({ downtime, after: r.firmware_after, before: r.firmware_before });
}

/** The boot ids before → after, or null when the reader does not report them (FREE). */
export function bootChange(r: RestartReport): string | null {
  if (r.boot_id_before === null && r.boot_id_after === null) return null;
  return `${r.boot_id_before ?? '—'} → ${r.boot_id_after ?? '—'}`;
}

/** A factory reset goes ahead once the user typed the reader's name or "reset". */
export function confirmsReset(typed: string, names: readonly string[]): boolean {
  const t = typed.trim().toLowerCase();
  if (t === '') return false;
  return t === 'reset' || names.some((n) => n.trim() !== '' && n.trim().toLowerCase() === t);
}
