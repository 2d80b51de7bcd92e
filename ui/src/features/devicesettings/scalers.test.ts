import { describe, expect, it } from 'vitest';
import { normalObis, sameRows, scaleText, scalerProblems } from './scalers';

describe('scalers', () => {
  it('say what a scaler does', () => {
    expect(scaleText(0)).toBe('as sent');
    expect(scaleText(3)).toBe('× 1,000');
    expect(scaleText(-1)).toBe('÷ 10');
  });

  it('check registers and scalers as the core does', () => {
    expect(normalObis(' 32.7.0 ')).toBe('32.7.0');
    expect(normalObis('1.8.255')).toBe('1.8.255');
    expect(normalObis('1.8')).toBeNull();
    expect(normalObis('255.8.0')).toBeNull();
    expect(normalObis('1.8.256')).toBeNull();
    expect(scalerProblems([{ obis: '1.8.0', scaler: 3 }, { obis: '1.8.0', scaler: 1 }, { obis: '2.8.0', scaler: 7 }, { obis: 'x', scaler: 0 }])).toEqual({
      1: '1.8.0 is in the list twice.',
      2: 'A power of ten from -6 to 6.',
      3: 'A register like 1.8.0 (C.D.E; C and D up to 254, E up to 255).',
    });
    expect(scalerProblems([])).toEqual({});
  });

  it('tell a changed list', () => {
    expect(sameRows([{ obis: '1.8.0', scaler: 3 }], [{ obis: '1.8.0 ', scaler: 3 }])).toBe(true);
    expect(sameRows([{ obis: '1.8.0', scaler: 3 }], [{ obis: '1.8.0', scaler: 2 }])).toBe(false);
    expect(sameRows([], [{ obis: '1.8.0', scaler: 3 }])).toBe(false);
  });
});
