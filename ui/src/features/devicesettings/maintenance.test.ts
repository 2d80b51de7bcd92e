import { describe, expect, it } from 'vitest';
import { bootChange, confirmsReset, downtimeText, firmwareStep, restartSummary } from './maintenance';

const report = { downtime_s: 38.4, boot_id_before: 'a1', boot_id_after: 'b2', firmware_before: '1.10.3', firmware_after: '1.10.4', message: null };

describe('maintenance', () => {
  it('shows the firmware run as a bar and a line', () => {
    expect(firmwareStep(null)).toEqual({ fraction: 0, text: expect.stringMatching(/Choose the firmware file/) });
    expect(firmwareStep({ stage: 'uploading', sent: 786_432, total: 1_572_864 })).toEqual({ fraction: 0.5, text: 'Uploading 786 kB of 1.6 MB (50 %)' });
    expect(firmwareStep({ stage: 'uploading', sent: 0, total: 0 }).fraction).toBe(0);
    expect(firmwareStep({ stage: 'restarting' })).toEqual({ fraction: 1, text: expect.stringMatching(/^Restarting/) });
  });

  it('says how long the reader was away and how it came back', () => {
    expect(downtimeText(38.4)).toBe('38 s');
    expect(downtimeText(72)).toBe('1 min 12 s');
    expect(downtimeText(120)).toBe('2 min');
    expect(restartSummary(report)).toBe('The reader was away for 38 s and came back with firmware 1.10.4 (was 1.10.3).');
    expect(restartSummary({ ...report, firmware_after: '1.10.3' })).toBe('The reader was away for 38 s and came back with firmware 1.10.3.');
    expect(bootChange(report)).toBe('a1 → b2');
    expect(bootChange({ ...report, boot_id_before: null, boot_id_after: null })).toBeNull();
  });

  it('resets only once the name or "reset" is typed', () => {
    expect(confirmsReset('', ['House meter'])).toBe(false);
    expect(confirmsReset('reset', ['House meter'])).toBe(true);
    expect(confirmsReset(' RESET ', [])).toBe(true);
    expect(confirmsReset('house meter', ['House meter'])).toBe(true);
    expect(confirmsReset('House', ['House meter'])).toBe(false);
    expect(confirmsReset('', [''])).toBe(false);
  });
});
