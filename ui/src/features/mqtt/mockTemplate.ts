// The device side of MQTT templates in the mock backend: WattDesk's template, the device's variables with
// plausible values, rendering a template as the device would, guessing a mapping from it, and whether
// WattDesk can read a payload with a given mapping.
import type { MappingChoice, MappingGuess, TemplatePreview } from '../../lib/bindings';

export const WATTDESK_TEMPLATE =
  '{"id":"${sys.id}","t":${timestamp},"tariff":${tariff},' +
  '"p_in":${1_7_0},"p_out":${2_7_0},' +
  '"p1_in":${21_7_0},"p2_in":${41_7_0},"p3_in":${61_7_0},' +
  '"p1_out":${22_7_0},"p2_out":${42_7_0},"p3_out":${62_7_0},' +
  '"q_in":${3_7_0},"q_out":${4_7_0},' +
  '"v1":${32_7_0},"v2":${52_7_0},"v3":${72_7_0},' +
  '"i1":${31_7_0},"i2":${51_7_0},"i3":${71_7_0},"pf":${13_7_0},' +
  '"e_in":${1_8_0},"e_in_t1":${1_8_1},"e_in_t2":${1_8_2},' +
  '"e_out":${2_8_0},"e_out_t1":${2_8_1},"e_out_t2":${2_8_2},' +
  '"qe_in":${3_8_0},"qe_out":${4_8_0}}';

/** Device variables: plausible values and the quantity WattDesk reads them as. */
const VARIABLES: Record<string, [number | string, string | null]> = {
  'sys.id': ['ECC9FF5C7F14', null],
  timestamp: [0, 'unix_time'],
  tariff: [1, 'tariff'],
  '1_7_0': [1.234, 'power_import_kw'],
  '2_7_0': [0, 'power_export_kw'],
  '21_7_0': [0.412, 'power_import_l1_kw'],
  '41_7_0': [0.388, 'power_import_l2_kw'],
  '61_7_0': [0.434, 'power_import_l3_kw'],
  '22_7_0': [0, 'power_export_l1_kw'],
  '42_7_0': [0, 'power_export_l2_kw'],
  '62_7_0': [0, 'power_export_l3_kw'],
  '3_7_0': [0.121, 'reactive_import_kvar'],
  '4_7_0': [0.018, 'reactive_export_kvar'],
  '32_7_0': [231.4, 'voltage_l1_v'],
  '52_7_0': [229.8, 'voltage_l2_v'],
  '72_7_0': [232.1, 'voltage_l3_v'],
  '31_7_0': [1.82, 'current_l1_a'],
  '51_7_0': [1.71, 'current_l2_a'],
  '71_7_0': [1.93, 'current_l3_a'],
  '13_7_0': [0.97, 'power_factor'],
  '1_8_0': [12345.678, 'energy_import_kwh'],
  '1_8_1': [8012.345, 'energy_import_t1_kwh'],
  '1_8_2': [4333.333, 'energy_import_t2_kwh'],
  '2_8_0': [3456.789, 'energy_export_kwh'],
  '2_8_1': [2100.5, 'energy_export_t1_kwh'],
  '2_8_2': [1356.289, 'energy_export_t2_kwh'],
  '3_8_0': [321.5, 'reactive_energy_import_kvarh'],
  '4_8_0': [98.25, 'reactive_energy_export_kvarh'],
};

export function render(template: string): string {
  return template.replace(/\$\{([^}]+)\}/g, (_, v: string) => {
    if (v === 'timestamp') return String(Math.floor(Date.now() / 1000));
    const known = VARIABLES[v];
    return known === undefined ? 'null' : String(known[0]);
  });
}

/** `"key":${variable}` pairs of a template. */
function templateKeys(template: string): { key: string; variable: string }[] {
  return [...template.matchAll(/"([^"]+)"\s*:\s*"?\$\{([^}]+)\}/g)].map((m) => ({ key: m[1]!, variable: m[2]! }));
}

export function guess(template: string): MappingGuess {
  const t = template.trim() === '' ? WATTDESK_TEMPLATE : template;
  return {
    builtin: t.trim() === WATTDESK_TEMPLATE ? { kind: 'wattdesk' } : null,
    fields: templateKeys(t).map(({ key, variable }) => ({ key, variable, quantity: VARIABLES[variable]?.[1] ?? null })),
  };
}

/** Whether WattDesk can read `payload` with `mapping`, and the net power it carries. */
export function decode(payload: string, mapping: MappingChoice): Pick<TemplatePreview, 'decodes' | 'problem' | 'power_kw'> {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(payload) as Record<string, unknown>;
  } catch (e) {
    return { decodes: false, problem: `the payload is not JSON: ${(e as Error).message}`, power_kw: null };
  }
  const num = (k: string) => (typeof obj[k] === 'number' ? (obj[k] as number) : null);
  let imp: number | null = null;
  let exp: number | null = null;
  if (mapping.kind === 'wattdesk') {
    imp = num('p_in');
    exp = num('p_out');
  } else if (mapping.kind === 'home_assistant') {
    imp = num('power_import') ?? num('P_In');
    exp = num('power_export') ?? num('P_Out');
  } else if (mapping.kind === 'custom') {
    for (const [key, q] of mapping.fields) {
      if (!(key in obj)) return { decodes: false, problem: `the key "${key}" is not in the payload`, power_kw: null };
      if (q === 'power_import_kw') imp = num(key);
      if (q === 'power_export_kw') exp = num(key);
    }
  } else {
    // Any other choice (a format recognised from the payload itself): whichever known keys are there.
    imp = num('p_in') ?? num('power_import') ?? num('P_In');
    exp = num('p_out') ?? num('power_export') ?? num('P_Out');
  }
  if (imp === null && exp === null) return { decodes: false, problem: 'no power value found with this payload format', power_kw: null };
  return { decodes: true, problem: null, power_kw: (imp ?? 0) - (exp ?? 0) };
}
