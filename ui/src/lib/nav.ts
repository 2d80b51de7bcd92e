// The app's pages and keyboard movement in the navigation list.

export const VIEWS = ['meters', 'discovery', 'settings', 'about'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  meters: 'Meters',
  discovery: 'Discovery',
  settings: 'Settings',
  about: 'About',
};

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

/** The detail page of a meter (it belongs to the Meters section). */
export function hashForMeter(deviceId: string): string {
  return `#/meter/${encodeURIComponent(deviceId)}`;
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
