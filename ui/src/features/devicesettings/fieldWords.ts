// The settings catalogue arrives from the backend in English (crates/wattdesk-core/src/settings/catalogue.rs,
// which the CLI and backups speak too). The window shows every field in the user's language from the
// message catalogue, keyed by the field's key: `field_<key>` (label), `field_<key>_help` and
// `field_<key>_option_<value>`, where <key> is the field key in lower case with every run of other
// characters made `_` (`device.services.report_interval` → `field_device_services_report_interval`).
// A Rust test (settings::catalogue) keeps the English entries equal to catalogue.rs, so a field added
// there without words here fails CI; a word missing at run time falls back to the backend's English.
import type { FieldKind, FieldSpec } from '../../lib/bindings';
import { messageNamed } from '../../lib/i18n';

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function word(name: string, fallback: string): string {
  const f = messageNamed(name);
  return f === null ? fallback : f({});
}

/** A field's label in the user's language. */
export function fieldLabel(key: string, english: string): string {
  return word(`field_${slug(key)}`, english);
}

function localKind(name: string, kind: FieldKind): FieldKind {
  if (kind.type !== 'choice') return kind;
  return { ...kind, options: kind.options.map((o) => ({ ...o, label: word(`${name}_option_${slug(o.value)}`, o.label) })) };
}

/** The panel's fields with label, help and choices in the user's language. */
export function localizeFields(fields: readonly FieldSpec[]): FieldSpec[] {
  return fields.map((f) => {
    const name = `field_${slug(f.key)}`;
    return { ...f, label: word(name, f.label), help: word(`${name}_help`, f.help), kind: localKind(name, f.kind) };
  });
}
