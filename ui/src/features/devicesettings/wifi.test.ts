import { describe, expect, it } from 'vitest';
import { linkWords } from './wifi';

describe('linkWords', () => {
  it('names the network, then signal and address', () => {
    const w = linkWords({ ssid: 'HomeNet', bars: 3, rssi_dbm: -58, ip: '192.168.1.40', mode: 'STA', status: 'Connected' });
    expect(w.network).toBe('HomeNet');
    expect(w.detail).toBe('good signal (-58 dBm) · address 192.168.1.40');
  });
  it('says when the reader is on its own Wi-Fi or says nothing', () => {
    expect(linkWords({ ssid: null, bars: 0, rssi_dbm: null, ip: '192.168.4.1', mode: 'AP', status: null }).network).toBe('Its own Wi-Fi');
    expect(linkWords(null).network).toBe('Unknown');
  });
});
