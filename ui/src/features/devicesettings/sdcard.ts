// The SD card browser's words and paths: sizes people read, the way back up, what a delete removes, and
// what a card error means at the reader.
import type { AppError, SdEntry } from '../../lib/bindings';

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
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${unit}`;
}

export interface Crumb {
  label: string;
  /** The folder's path from the card's root ('' is the root; folders end with `/`). */
  path: string;
}

/** The folders from the card's root to `path`: SD card › 2026 › logs. */
export function breadcrumbs(path: string): Crumb[] {
  const parts = path.split('/').filter((p) => p !== '');
  const crumbs: Crumb[] = [{ label: 'SD card', path: '' }];
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
  return entry.is_dir ? `Delete the folder ${entry.name} and everything in it?` : `Delete ${entry.name}?`;
}

/** A card the reader cannot read (503 from the device). */
export const NO_CARD =
  'No SD card in the reader, or the reader could not read it (not mounted). Insert a FAT32 card and restart the reader.';

/** What to say when the card could not be listed or changed. */
export function cardProblem(error: AppError): { title: string; noCard: boolean } {
  if (error.code === 'service_unavailable') return { title: NO_CARD, noCard: true };
  if (error.code === 'not_found') return { title: 'That file or folder is no longer on the card.', noCard: false };
  if (error.code === 'license_required') return { title: 'The reader needs a PLUS licence for this.', noCard: false };
  return { title: "Couldn't read the SD card.", noCard: false };
}
