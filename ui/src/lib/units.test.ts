import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale } from './i18n';
import {
  DIRECTION_WORD,
  ageLabel,
  ageLabelNextChangeMs,
  axisPowerUnit,
  direction,
  formatAxisEnergy,
  formatAxisPower,
  formatCountdown,
  formatCounter,
  formatCurrent,
  formatDbm,
  formatRegister,
  formatDuration,
  formatEnergy,
  formatLatency,
  formatMoney,
  formatPower,
  formatPricePerKwh,
  formatVoltage,
} from './units';

describe('formatPower', () => {
  it.each([
    [0, '0 W'],
    [0.0004, '0 W'],
    [-0.0004, '0 W'],
    [0.85, '850 W'],
    [0.9994, '999 W'],
    [0.9996, '1.00 kW'],
    [2.4149, '2.41 kW'],
    [-1.2, '−1.20 kW'],
    [-0.25, '−250 W'],
    [12.345, '12.3 kW'],
    [123.4, '123 kW'],
    [1234.5, '1,235 kW'],
  ])('%s kW → %s', (kw, text) => {
    expect(formatPower(kw).text).toBe(text);
  });

  it('splits value and unit, optionally without the sign', () => {
    expect(formatPower(-2.5)).toEqual({ value: '−2.50', unit: 'kW', text: '−2.50 kW' });
    expect(formatPower(-2.5, { abs: true }).value).toBe('2.50');
  });
});

describe('direction', () => {
  it('imports, exports, or neither within a few watts', () => {
    expect(direction(0.3)).toBe('import');
    expect(direction(-0.3)).toBe('export');
    expect(direction(0.002)).toBe('idle');
  });
});

describe('axis units', () => {
  it('uses W below 1 kW and kW above', () => {
    expect(axisPowerUnit(0.8)).toBe('W');
    expect(axisPowerUnit(1.2)).toBe('kW');
    expect(formatAxisPower(0.5, 'W')).toBe('500 W');
    expect(formatAxisPower(-0.25, 'W')).toBe('−250 W');
    expect(formatAxisPower(2.5, 'kW', 0.5)).toBe('2.5 kW');
    expect(formatAxisPower(-2, 'kW', 1)).toBe('−2 kW');
    expect(formatAxisPower(0, 'kW', 1)).toBe('0 kW');
    expect(formatAxisPower(0, 'kW', 0.5)).toBe('0 kW');
    expect(formatAxisPower(1.25, 'kW', 0.25)).toBe('1.25 kW');
  });
});

describe('other quantities', () => {
  it('formats energy, counters, voltage and current', () => {
    expect(formatEnergy(0.421)).toBe('0.42 kWh');
    expect(formatEnergy(12.34)).toBe('12.3 kWh');
    expect(formatEnergy(123.4)).toBe('123 kWh');
    expect(formatCounter(12345.6784)).toBe('12,345.678 kWh');
    expect(formatRegister(12345.6784)).toBe('12,345.678');
    expect(formatDbm(-58)).toBe('−58 dBm');
    expect(formatVoltage(231.44)).toBe('231.4 V');
    expect(formatCurrent(1.744)).toBe('1.74 A');
    expect(formatCurrent(16.26)).toBe('16.3 A');
  });

  it('says how old a reading is', () => {
    expect(ageLabel(400)).toBe('just now');
    expect(ageLabel(2_300)).toBe('just now');
    expect(ageLabel(7_300)).toBe('7 s ago');
    expect(ageLabel(5 * 60_000)).toBe('5 min ago');
    expect(ageLabel(3 * 3_600_000)).toBe('3 h ago');
    expect(ageLabel(2 * 86_400_000)).toBe('2 d ago');
    expect(ageLabel(-5)).toBe('just now');
  });

  it('says when an age label next reads differently (nothing ticks while it would not)', () => {
    expect(ageLabelNextChangeMs(0)).toBe(5_000);
    expect(ageLabelNextChangeMs(4_200)).toBe(800);
    expect(ageLabelNextChangeMs(7_300)).toBe(700);
    expect(ageLabelNextChangeMs(5 * 60_000 + 10_000)).toBe(50_000);
    expect(ageLabelNextChangeMs(3 * 3_600_000)).toBe(3_600_000);
    for (const age of [0, 4_999, 5_000, 59_999, 61_000, 3_599_000, 90_000_000]) {
      const wait = ageLabelNextChangeMs(age);
      expect(ageLabel(age + wait - 1), `${age}`).toBe(ageLabel(age));
      expect(ageLabel(age + wait), `${age}`).not.toBe(ageLabel(age));
    }
  });

  it('formats durations, countdowns and latencies', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(12 * 60)).toBe('12 min');
    expect(formatDuration(5 * 3600 + 12 * 60)).toBe('5 h 12 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe('3 d 4 h');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 17 * 60, { minutes: true })).toBe('3 d 4 h 17 min');
    expect(formatCountdown(11.2)).toBe('12 s');
    expect(formatCountdown(150)).toBe('3 min');
    expect(formatLatency(0.4)).toBe('< 1 ms');
    expect(formatLatency(42.4)).toBe('42 ms');
    expect(formatLatency(1234)).toBe('1.2 s');
    expect(formatLatency(-30)).toBe('device clock ahead');
  });
});

describe('money and energy axes', () => {
  it('formats money in the currency, with a real minus sign', () => {
    expect(formatMoney(12.3, 'CHF')).toBe('CHF\u00a012.30');
    expect(formatMoney(3.1, 'eur')).toBe('€3.10');
    expect(formatMoney(-0.45, 'EUR')).toBe('−€0.45');
    expect(formatMoney(-0.001, 'EUR')).toBe('€0.00');
    expect(formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
    expect(formatMoney(12, 'CHF', 0)).toBe('CHF\u00a012');
  });
  it('still reads for a code Intl does not know', () => {
    expect(formatMoney(2.5, 'X1Z')).toBe('2.50 X1Z');
    expect(formatPricePerKwh(0.3, 'X1Z')).toBe('0.30 X1Z/kWh');
  });
  it('keeps up to four decimals of a price', () => {
    expect(formatPricePerKwh(0.32, 'CHF')).toBe('CHF\u00a00.32/kWh');
    expect(formatPricePerKwh(0.1275, 'EUR')).toBe('€0.1275/kWh');
    expect(formatPricePerKwh(0.123456, 'EUR')).toBe('€0.1235/kWh');
  });
  it('labels an energy axis by its step', () => {
    expect(formatAxisEnergy(0.25, 0.05)).toBe('0.25');
    expect(formatAxisEnergy(-0.5, 0.5)).toBe('−0.5');
    expect(formatAxisEnergy(0, 0.1)).toBe('0');
    expect(formatAxisEnergy(1250, 250)).toBe('1,250');
  });
});

describe('in the app locale', () => {
  afterEach(() => applyLocale('en', null));

  it('writes numbers and words the way the locale does, with a formatter per locale tag', () => {
    expect(formatEnergy(12.34)).toBe('12.3 kWh');
    applyLocale('fr', null);
    expect(formatEnergy(12.34)).toBe('12,3 kWh');
    expect(formatPower(-2.41).text).toBe('\u22122,41 kW');
    expect(ageLabel(3 * 60_000)).toBe('il y a 3 min');
    expect(formatDuration(90_061, { minutes: true })).toBe('1 j 1 h 1 min');
    applyLocale('de', 'de-CH');
    expect(formatCounter(12_345.678)).toMatch(/^12[’']345\.678 kWh$/); // the Swiss apostrophe (ICU versions differ)
    expect(DIRECTION_WORD.export).toBe('Einspeisung');
    applyLocale('en', null);
    expect(formatEnergy(12.34)).toBe('12.3 kWh');
    expect(DIRECTION_WORD.export).toBe('Exporting');
  });
});
