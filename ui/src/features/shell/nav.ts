// The app's pages and keyboard movement in the navigation list.
import { m } from '../../lib/i18n';

export const VIEWS = ['meters', 'discovery', 'history', 'settings', 'about'] as const;
export type ViewId = (typeof VIEWS)[number];

const VIEW_TITLES: Record<ViewId, () => string> = {
  meters: m.shell_nav_meters,
  discovery: m.shell_nav_discovery,
  history: m.shell_nav_history,
  settings: m.shell_nav_settings,
  about: m.shell_nav_about,
};

/** A page's name in the navigation, in the app's language. */
export function viewTitle(view: ViewId): string {
  return VIEW_TITLES[view]();
}

export function isViewId(s: string): s is ViewId {
  return (VIEWS as readonly string[]).includes(s);
}

/** `#/discovery`, `#discovery` → 'discovery'; anything else → 'meters'. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return isViewId(id) ? id : 'meters';
}

export function hashFor(view: ViewId): string {
  return `#/${view}`;
}

/** The electricity prices in Settings (the page scrolls to them). */
export const PRICES_HASH = '#/settings/prices';

/** `#/settings/prices` → true: the Settings page opens at the electricity prices. */
export function wantsPrices(hash: string): boolean {
  return /^#\/?settings\/prices\b/.test(hash);
}

/** Sharing in Settings (the page scrolls to it). */
export const SHARING_HASH = '#/settings/sharing';

/** `#/settings/sharing` → true: the Settings page opens at Sharing. */
export function wantsSharing(hash: string): boolean {
  return /^#\/?settings\/sharing\b/.test(hash);
}

/** `#/meter/ECC9FF5C7F14` → 'ECC9FF5C7F14'; anything else → null. */
export function meterFromHash(hash: string): string | null {
  const m = /^#\/?meter\/([^/?#]+)/.exec(hash);
  if (m === null) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/** The pages of one meter: its detail, its history, its connection settings, the transport inspector, its device settings. */
export const METER_PAGES = ['detail', 'history', 'connection', 'transports', 'settings'] as const;
export type MeterPage = (typeof METER_PAGES)[number];

/**
 * `#/meter/ID/transports` → 'transports'; `#/meter/ID/settings/wifi` → 'settings' (the settings page reads
 * its section itself); `#/meter/ID` (or anything unknown) → 'detail'.
 */
export function meterPageFromHash(hash: string): MeterPage {
  const m = /^#\/?meter\/[^/?#]+\/([^/?#]+)/.exec(hash);
  const page = m?.[1] ?? 'detail';
  return (METER_PAGES as readonly string[]).includes(page) ? (page as MeterPage) : 'detail';
}

/** The detail page of a meter (it belongs to the Meters section), or one of its sub-pages. */
export function hashForMeter(deviceId: string, page: MeterPage = 'detail'): string {
  return `#/meter/${encodeURIComponent(deviceId)}${page === 'detail' ? '' : `/${page}`}`;
}

/** Index to focus after a key press in a vertical list of `count` items; null when the key does nothing. */
export function navKeyTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
