import { afterEach, describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../lib/bindings';
import { applyLocale } from '../../lib/i18n';
import { fieldLabel, localizeFields } from './fieldWords';
import { inlineMessage, labelledMessage } from './edit';

const spec = (key: string, label: string, kind: FieldSpec['kind'] = { type: 'toggle' }): FieldSpec => ({
  key,
  group: 'device',
  section: 'services',
  label,
  help: `${label} help`,
  kind,
  plus_only: false,
  advanced: false,
});

describe('field words', () => {
  afterEach(() => applyLocale('en', null));

  it('words a field, its help and its choices in the user language', () => {
    applyLocale('de', null);
    const [interval, ifType] = localizeFields([
      spec('device.services.report_interval', 'Report every', { type: 'whole', min: 1, max: 3600, unit: 's' }),
      spec('meter.if_type', 'Meter connection', { type: 'choice', options: [{ value: 'auto', label: 'Find out by itself' }, { value: 'mbus', label: 'M-Bus' }] }),
    ]);
    expect(interval!.label).toBe('Melden alle');
    expect(interval!.help).toContain('services.report_interval');
    expect(interval!.help).not.toContain('How often');
    expect(ifType!.kind.type === 'choice' && ifType!.kind.options.map((o) => o.label)).toEqual(['Selbst herausfinden', 'M-Bus']);
  });

  it('keeps the backend words for a field the catalogue does not know', () => {
    applyLocale('fr', null);
    const [f] = localizeFields([spec('device.future.thing', 'Something new')]);
    expect(f!.label).toBe('Something new');
    expect(f!.help).toBe('Something new help');
    expect(fieldLabel('device.future.thing', 'Something new')).toBe('Something new');
  });

  it('says a problem in the language, under the local label', () => {
    applyLocale('it', null);
    const [f] = localizeFields([spec('device.services.report_interval', 'Report every')]);
    const problem = { message: 'Report every: 1 to 3600 s, not 0', said: { key: 'rule_range_unit', args: { min: '1', max: '3600', unit: 's', value: '0' } } };
    expect(inlineMessage(problem)).toBe('Da 1 a 3600 s, non 0');
    expect(labelledMessage(f!, problem)).toBe('Rapporto ogni: da 1 a 3600 s, non 0');
    // A sentence a newer backend has and this window does not: its English.
    const unknown = { message: 'something new', said: { key: 'rule_from_the_future', args: {} } };
    expect(labelledMessage(f!, unknown)).toBe('Rapporto ogni: something new');
  });
});
