// Restart, firmware and factory reset in words: the upload's progress, how long the reader was away, and
// the confirmation a factory reset asks for.
import type { FirmwareProgress, RestartReport } from '../../lib/bindings';
import { humanSize } from './sdcard';

/** The firmware run as a bar and a line: choosing the file, uploading, then waiting for the restart. */
export function firmwareStep(p: FirmwareProgress | null): { fraction: number; text: string } {
  if (p === null) return { fraction: 0, text: 'Choose the firmware file (.bin) in the window that opened…' };
  if (p.stage === 'restarting') return { fraction: 1, text: 'Restarting with the new firmware — usually 30 to 60 seconds…' };
  const fraction = p.total > 0 ? Math.min(1, p.sent / p.total) : 0;
  return { fraction, text: `Uploading ${humanSize(p.sent)} of ${humanSize(p.total)} (${Math.floor(fraction * 100)} %)` };
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
  const firmware = r.firmware_after === r.firmware_before ? `firmware ${r.firmware_after}` : `firmware ${r.firmware_after} (was ${r.firmware_before})`;
  return `The reader was away for ${downtimeText(r.downtime_s)} and came back with ${firmware}.`;
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
