import type { WifiLink } from '../../lib/bindings';
import { m } from '../../lib/i18n';

/** The current link in words: the network first, then signal and address. */
export function linkWords(link: WifiLink | null): { network: string; detail: string } {
  if (link === null) return { network: m.ds_wifi_unknown(), detail: m.ds_wifi_unknown_detail() };
  if (link.mode === 'AP') return { network: m.ds_wifi_own(), detail: m.ds_wifi_own_detail() };
  const network = link.ssid ?? (link.ip ? 'Wi-Fi' : m.ds_wifi_not_connected());
  const parts: string[] = [];
  if (link.rssi_dbm !== null) parts.push(signalText(link.bars, link.rssi_dbm));
  if (link.ip) parts.push(m.ds_wifi_address({ ip: link.ip }));
  return { network, detail: parts.join(' · ') };
}

/** "good signal (-58 dBm)": one message per strength, so each language can agree its adjective. */
const SIGNAL = [m.ds_wifi_signal_none, m.ds_wifi_signal_poor, m.ds_wifi_signal_fair, m.ds_wifi_signal_good, m.ds_wifi_signal_very_good] as const;

function signalText(bars: number, dbm: number): string {
  return (SIGNAL[Math.max(0, Math.min(4, bars))] ?? m.ds_wifi_signal_none)({ dbm });
}
