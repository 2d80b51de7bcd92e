// Formatting for people: licences and the meter link's status (times are in time.ts).
import { m } from './i18n';

export type BadgeTone = 'accent' | 'warning' | 'danger' | 'neutral' | 'success' | 'info';

/** Label and tone of a licence badge. FREE is spelled out because it limits features. */
export function licenceBadge(license: string | null): { label: string; tone: BadgeTone } {
  if (license === null || license.trim() === '') return { label: m.lib_unknown(), tone: 'neutral' };
  const l = license.trim().toUpperCase();
  if (l === 'FREE') return { label: m.lib_licence_free(), tone: 'warning' };
  return { label: l, tone: 'accent' };
}

/** The meter (not the reader) connection status as a short phrase. */
export function meterStatus(status: string | null): { label: string; tone: BadgeTone } {
  if (status === null || status.trim() === '') return { label: m.lib_unknown(), tone: 'neutral' };
  const s = status.trim().toUpperCase();
  if (s === 'OK') return { label: m.lib_meter_connected(), tone: 'success' };
  if (s === 'NOT CONNECTED') return { label: m.lib_meter_not_connected(), tone: 'warning' };
  // Any other status is the reader's own words (English), shown as it says them.
  if (s.includes('ERROR') || s.includes('FAIL')) return { label: sentence(status), tone: 'danger' };
  return { label: sentence(status), tone: 'neutral' };
}

function sentence(s: string): string {
  const t = s.trim().toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** A host name as people write it: mDNS names arrive fully qualified with a final dot ("whatwatt-9F8124.local."). */
export function hostLabel(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
