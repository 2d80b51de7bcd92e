import { describe, expect, it } from 'vitest';
import type { TariffPlan } from '../../lib/bindings';
import { tariffPlan } from '../../lib/testFixtures';
import { check, daysText, draftOf, draftOfPlan, newPlan, parseNumber, planInForce, planSummary, sameDraft, type SettingsDraft } from './prices';

const example: TariffPlan = {
  name: 'My electricity plan',
  valid_from: '2026-12-01',
  currency: 'CHF',
  energy: {
    kind: 'schedule',
    high_per_kwh: 0.32,
    low_per_kwh: 0.24,
    high_hours: [
      { days: [1, 2, 3, 4, 5], from_hour: 7, to_hour: 20 },
      { days: [6], from_hour: 7, to_hour: 13 },
    ],
  },
  export_credit_per_kwh: 0.1,
  fixed_fee_per_month: 8,
  vat_pct: null,
};

const settings = (over: Partial<SettingsDraft> = {}): SettingsDraft => ({
  ...draftOf({ plans: [example], quarter_limit_kw: null, capacity: null }),
  ...over,
});

describe('numbers as typed', () => {
  it('reads dots and commas, and knows empty from wrong', () => {
    expect(parseNumber('0.32')).toBe(0.32);
    expect(parseNumber(' 0,32 ')).toBe(0.32);
    expect(parseNumber('8')).toBe(8);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('abc')).toBeNaN();
    expect(parseNumber('1.2.3')).toBeNaN();
  });
});

describe('a plan round trip', () => {
  it('gives back the same plan when nothing was edited', () => {
    const r = check(settings());
    expect(r.problems.count).toBe(0);
    expect(r.settings).toEqual({ plans: [example], quarter_limit_kw: null, capacity: null });
  });

  it('knows when nothing was changed', () => {
    const a = settings();
    const b = settings();
    expect(a.plans[0]!.key).not.toBe(b.plans[0]!.key);
    expect(sameDraft(a, b)).toBe(true);
    b.plans[0]!.hours[1]!.days.push(7);
    expect(sameDraft(a, b)).toBe(false);
    expect(sameDraft(a, { ...a, limit: '5' })).toBe(false);
  });

  it('keeps the other kinds’ prices while the kind changes', () => {
    const d = draftOfPlan(example);
    expect([d.flat, d.t1, d.t2, d.high, d.low]).toEqual(['0.32', '0.32', '0.24', '0.32', '0.24']);
    d.kind = 'flat';
    expect(check({ ...settings(), plans: [d] }).settings?.plans[0]?.energy).toEqual({ kind: 'flat', price_per_kwh: 0.32 });
    d.kind = 'registers';
    d.t2 = '0,2';
    expect(check({ ...settings(), plans: [d] }).settings?.plans[0]?.energy).toEqual({ kind: 'registers', t1_per_kwh: 0.32, t2_per_kwh: 0.2 });
  });

  it('saves VAT when given, none when the prices include it, and the capacity rule', () => {
    const d = draftOfPlan(example);
    d.vat = '8.1';
    d.fee = '';
    d.currency = 'eur';
    const r = check({ ...settings(), plans: [d], limit: '5', capacity: true, floor: '2.5', pricePerKwYear: '' });
    expect(r.settings?.plans[0]).toMatchObject({ vat_pct: 8.1, fixed_fee_per_month: 0, currency: 'EUR' });
    expect(r.settings?.quarter_limit_kw).toBe(5);
    expect(r.settings?.capacity).toEqual({ floor_kw: 2.5, price_per_kw_year: null });
  });
});

describe('problems under the fields, as the backend would refuse', () => {
  it('names each wrong field', () => {
    const d = draftOfPlan(example);
    d.name = ' ';
    d.validFrom = '2026-02-30';
    d.currency = 'Swiss francs';
    d.high = '-1';
    d.low = '';
    d.exportCredit = 'x';
    d.vat = '120';
    const r = check({ ...settings(), plans: [d] });
    expect(r.settings).toBeNull();
    expect(r.problems.plans[0]!.fields).toEqual({
      name: 'Give the plan a name (it shows on the bill breakdown).',
      validFrom: 'Choose the day the plan starts.',
      currency: 'Three letters, like CHF or EUR.',
      high: 'Between 0 and 100.',
      low: 'Enter the price per kWh.',
      exportCredit: 'Enter a number, like 0.32.',
      vat: 'A percentage between 0 and 100.',
    });
    expect(r.problems.count).toBe(7);
  });

  it('checks high-tariff hours row by row', () => {
    const d = draftOfPlan(example);
    d.hours = [
      { days: [], from: 7, to: 20 },
      { days: [6], from: 13, to: 7 },
      { days: [7], from: 0, to: 24 },
    ];
    const r = check({ ...settings(), plans: [d] });
    expect(r.problems.plans[0]!.hours).toEqual(['Pick at least one day.', 'The high price ends after it starts (0:00 to 24:00).', null]);
  });

  it('allows one plan per start day, and a sane limit and capacity rule', () => {
    const a = draftOfPlan(example);
    const b = draftOfPlan({ ...example, name: 'Second' });
    const r = check({ ...settings(), plans: [a, b], limit: '0', capacity: true, floor: 'lots', pricePerKwYear: '-3' });
    expect(r.problems.plans[1]!.fields.validFrom).toBe('Another plan starts on this day: one plan per start day.');
    expect(r.problems.plans[0]!.fields.validFrom).toBeUndefined();
    expect(r.problems.limit).toBe('Between 0 and 1,000 kW.');
    expect(r.problems.floor).toBe('Enter a number, like 0.32.');
    expect(r.problems.pricePerKwYear).toBe('A price between 0 and 100,000 per kW and year.');
  });
});

describe('plans in words', () => {
  it('summarises days and prices', () => {
    expect(daysText([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(daysText([6, 7])).toBe('Sat, Sun');
    expect(daysText([1, 3, 5, 6, 7])).toBe('Mon, Wed, Fri–Sun');
    expect(daysText([1, 2, 3, 4, 5, 6, 7])).toBe('Every day');
    expect(planSummary(example).replace(/\u00a0/g, ' ')).toBe(
      'CHF 0.32/kWh high (Mon–Fri 07:00–20:00; Sat 07:00–13:00), CHF 0.24/kWh low · CHF 0.10/kWh back for solar · CHF 8.00 a month · VAT included',
    );
    expect(planSummary(tariffPlan({ currency: 'EUR', vat_pct: 21, export_credit_per_kwh: 0, fixed_fee_per_month: 0 }))).toBe('€0.30/kWh · plus 21 % VAT');
  });

  it('knows the plan in force and where a new plan starts', () => {
    const plans = [{ validFrom: '2026-01-01' }, { validFrom: '2026-12-01' }, { validFrom: '2027-01-01' }];
    expect(planInForce(plans, '2026-12-02')).toBe(1);
    expect(planInForce(plans, '2025-12-31')).toBe(-1);
    const first = newPlan(example, [], '2026-12-02');
    expect([first.name, first.validFrom]).toEqual(['My electricity plan', '2026-12-01']);
    const second = newPlan(example, [draftOfPlan({ ...example, currency: 'EUR' })], '2026-12-02');
    expect([second.name, second.validFrom, second.currency]).toEqual(['New plan', '2026-12-02', 'EUR']);
  });
});
