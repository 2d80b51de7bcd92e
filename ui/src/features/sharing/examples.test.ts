import { describe, expect, it } from 'vitest';
import { exampleLines, exampleText } from './examples';

const texts = (...a: Parameters<typeof exampleLines>) => exampleLines(...a).map((l) => l.text);

describe('sharing examples', () => {
  it('reads the meters and follows one live, without a token when none is needed', () => {
    expect(texts({ apiUrl: 'http://127.0.0.1:8437', token: false, meter: 'ECC9FF5C7F14', compatUrl: null })).toEqual([
      'curl http://127.0.0.1:8437/api/v1/meters',
      'websocat ws://127.0.0.1:8437/api/v1/ws',
      '{"type":"subscribe","meters":["ECC9FF5C7F14"]}',
    ]);
  });

  it('sends the token as a header when one is needed', () => {
    expect(texts({ apiUrl: 'http://192.168.1.20:8437/', token: true, meter: 'ECC9FF5C7F14', compatUrl: 'http://192.168.1.20:8081' })).toEqual([
      'curl -H "Authorization: Bearer TOKEN" http://192.168.1.20:8437/api/v1/meters',
      'websocat -H "Authorization: Bearer TOKEN" ws://192.168.1.20:8437/api/v1/ws',
      '{"type":"subscribe","meters":["ECC9FF5C7F14"]}',
      'curl -H "Authorization: Bearer TOKEN" http://192.168.1.20:8081/api/v1/live',
    ]);
  });

  it('reads a meter like the reader itself when one answers so', () => {
    const lines = texts({ apiUrl: 'http://127.0.0.1:8437', token: false, meter: 'A4CF12B7E0D2', compatUrl: 'http://127.0.0.1:45001' });
    expect(lines.at(-1)).toBe('curl http://127.0.0.1:45001/api/v1/live');
  });

  it('uses wss for https and a placeholder without a meter', () => {
    const lines = texts({ apiUrl: 'https://wattdesk.local:8437', token: false, meter: null, compatUrl: null });
    expect(lines[1]).toBe('websocat wss://wattdesk.local:8437/api/v1/ws');
    expect(lines[2]).toBe('{"type":"subscribe","meters":["METER_ID"]}');
  });

  it('copies as commented lines', () => {
    const text = exampleText(exampleLines({ apiUrl: 'http://127.0.0.1:8437', token: false, meter: 'X', compatUrl: null }));
    expect(text.split('\n')).toEqual([
      '# Your meters and their latest readings',
      'curl http://127.0.0.1:8437/api/v1/meters',
      '',
      '# Live updates: connect, then type the next line',
      'websocat ws://127.0.0.1:8437/api/v1/ws',
      '',
      '# Which meters to follow',
      '{"type":"subscribe","meters":["X"]}',
    ]);
  });
});
