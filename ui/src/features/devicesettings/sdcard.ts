// The SD card browser's words and paths: sizes people read, the way back up, what a delete removes, and
// what a card error means at the reader.
import type { AppError, SdEntry } from '../../lib/bindings';
import { formatLocale, m } from '../../lib/i18n';

/** "0 B", "812 B", "4.1 kB", "23 kB", "1.2 MB" (powers of 1000, as file managers show them). */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let unit = 'B';
  for (const u of units) {
    if (v < 1000) break;
    v /= 1000;
    unit = u;
  }
  const digits = v < 10 ? 1 : 0;
  return `${v.toLocaleString(formatLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

export interface Crumb {
  label: string;
  /** The folder's path from the card's root ('' is the root; folders end with `/`). */
  path: string;
}

/** The folders from the card's root to `path`: SD card › 2026 › logs. */
export function breadcrumbs(path: string): Crumb[] {
  const parts = path.split('/').filter((p) => p !== '');
  const crumbs: Crumb[] = [{ label: m.ds_sd_root(), path: '' }];
  parts.forEach((part, i) => crumbs.push({ label: part, path: `${parts.slice(0, i + 1).join('/')}/` }));
  return crumbs;
}

/** The folder above `path` ('' at the root). */
export function parentPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length <= 1 ? '' : `${parts.slice(0, -1).join('/')}/`;
}

/** The delete dialog's question, naming what goes. */
export function deleteQuestion(entry: SdEntry): string {
  return entry.is_dir ? m.ds_sd_delete_folder_question({ name: entry.name }) : m.ds_sd_delete_file_question({ name: entry.name });
}

/** A card the reader cannot read (503 from the device). */
export function noCardText(): string {
  return m.ds_sd_no_card();
}

/** What to say when the card could not be listed or changed. */
export function cardProblem(error: AppError): { title: string; noCard: boolean } {
  if (error.code === 'service_unavailable') return { title: noCardText(), noCard: true };
  if (error.code === 'not_found') return { title: m.ds_sd_not_found(), noCard: false };
  if (error.code === 'license_required') return { title: m.ds_sd_needs_plus(), noCard: false };
  return { title: m.ds_sd_read_failed(), noCard: false };
}
