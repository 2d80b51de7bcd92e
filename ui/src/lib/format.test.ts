import { describe, expect, it } from 'vitest';
import { hostLabel, licenceBadge, meterStatus } from './format';

describe('badges', () => {
  it('spells out the FREE licence', () => {
    expect(licenceBadge('FREE')).toEqual({ label: 'FREE – reduced features', tone: 'warning' });
    expect(licenceBadge('plus')).toEqual({ label: 'PLUS', tone: 'accent' });
    expect(licenceBadge(null)).toEqual({ label: 'Unknown', tone: 'neutral' });
  });
  it('names the meter status', () => {
    expect(meterStatus('OK')).toEqual({ label: 'Connected', tone: 'success' });
    expect(meterStatus('NOT CONNECTED')).toEqual({ label: 'Not connected', tone: 'warning' });
    expect(meterStatus('PARSE ERROR').tone).toBe('danger');
    expect(meterStatus(null).label).toBe('Unknown');
  });
});

describe('hostLabel', () => {
  it('drops the final dot of a fully qualified mDNS name and leaves other names alone', () => {
    expect(hostLabel('whatwatt-9F8124.local.')).toBe('whatwatt-9F8124.local');
    expect(hostLabel('meter.example')).toBe('meter.example');
  });
});
