import type { WifiLink } from '../../lib/bindings';

/** The current link in words: the network first, then signal and address. */
export function linkWords(link: WifiLink | null): { network: string; detail: string } {
  if (link === null) return { network: 'Unknown', detail: 'The reader did not say.' };
  if (link.mode === 'AP') return { network: 'Its own Wi-Fi', detail: 'The reader is not on your network yet.' };
  const network = link.ssid ?? (link.ip ? 'Wi-Fi' : 'Not connected');
  const parts: string[] = [];
  if (link.rssi_dbm !== null) parts.push(`${signalWord(link.bars)} signal (${link.rssi_dbm} dBm)`);
  if (link.ip) parts.push(`address ${link.ip}`);
  return { network, detail: parts.join(' · ') };
}

const SIGNAL = ['no', 'poor', 'fair', 'good', 'very good'] as const;

function signalWord(bars: number): string {
  return SIGNAL[Math.max(0, Math.min(4, bars))] ?? 'no';
}
