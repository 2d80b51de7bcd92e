import { describe, expect, it } from 'vitest';
import type { MappingGuess } from '../../lib/bindings';
import { customChoice, isQuantity, mappingProblem, QUANTITIES, rowsFrom, type MappingRow } from './mapping';

const GUESS: MappingGuess = {
  builtin: null,
  fields: [
    { key: 'P_In', variable: '1_7_0', quantity: 'power_import_kw' },
    { key: 'P_Out', variable: '2_7_0', quantity: 'power_export_kw' },
    { key: 'dev', variable: 'sys.id', quantity: null },
  ],
};

describe('mapping editor', () => {
  it('knows all 29 quantities', () => {
    expect(QUANTITIES).toHaveLength(29);
    expect(isQuantity('voltage_l1_v')).toBe(true);
    expect(isQuantity('nope')).toBe(false);
  });
  it('starts from the guess', () => {
    expect(rowsFrom(GUESS, null)).toEqual([
      { key: 'P_In', variable: '1_7_0', quantity: 'power_import_kw' },
      { key: 'P_Out', variable: '2_7_0', quantity: 'power_export_kw' },
      { key: 'dev', variable: 'sys.id', quantity: '' },
    ]);
    expect(rowsFrom(null, null)).toEqual([]);
  });
  it('keeps what was saved over the guess, and saved keys the template lost', () => {
    const rows = rowsFrom(GUESS, { kind: 'custom', fields: [['P_In', 'power_import_l1_kw'], ['old', 'tariff'], ['bad', 'nonsense']] });
    expect(rows[0]!.quantity).toBe('power_import_l1_kw');
    expect(rows[1]!.quantity).toBe('power_export_kw');
    expect(rows.slice(3)).toEqual([
      { key: 'old', variable: '', quantity: 'tariff' },
      { key: 'bad', variable: '', quantity: '' },
    ]);
    expect(rowsFrom(GUESS, { kind: 'wattdesk' })).toHaveLength(3);
  });
  it('turns rows into a custom mapping without ignored keys', () => {
    expect(customChoice(rowsFrom(GUESS, null))).toEqual({
      kind: 'custom',
      fields: [
        ['P_In', 'power_import_kw'],
        ['P_Out', 'power_export_kw'],
      ],
    });
  });
  it('says what is missing or doubled', () => {
    const row = (key: string, quantity: MappingRow['quantity']): MappingRow => ({ key, variable: '', quantity });
    expect(mappingProblem(rowsFrom(GUESS, null))).toBeNull();
    expect(mappingProblem([])).toMatch(/at least one/);
    expect(mappingProblem([row('a', '')])).toMatch(/at least one/);
    expect(mappingProblem([row(' ', 'power_import_kw')])).toMatch(/needs a key/);
    expect(mappingProblem([row('a', 'power_import_kw'), row('a', 'tariff')])).toMatch(/"a" is listed twice/);
    expect(mappingProblem([row('a', 'power_import_kw'), row('b', 'power_import_kw')])).toMatch(/Power import \(kW\) is chosen for two/);
    expect(mappingProblem([row('v', 'voltage_l1_v')])).toMatch(/power key/);
  });
});
