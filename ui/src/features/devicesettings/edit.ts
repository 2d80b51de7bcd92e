// Values and edits of one settings group, as pure functions: what counts as a change, what the user typed
// turned into what the backend takes, and values, problems and changes put into words. The rules
// themselves live in the backend (`settings_review`); nothing here decides whether a value is allowed.
import type { FieldChange, FieldNote, FieldProblem, FieldSpec, Said, SecretState } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { say } from '../../lib/said';
import { fieldLabel } from './fieldWords';

export type FieldValue = boolean | number | string | null;
export type Values = Record<string, FieldValue>;

export const isSecret = (spec: FieldSpec): boolean => spec.kind.type === 'secret';

/** Two values are the same setting (the device may answer `30.0` for `30`), as the backend compares them. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), 1);
  return (a ?? null) === (b ?? null);
}

/** The value a field shows: the user's edit, else what was read. */
export function valueOf(base: Values, edits: Values, key: string): FieldValue {
  return key in edits ? (edits[key] ?? null) : (base[key] ?? null);
}

/**
 * The edits once the user set `spec` to `value`: a value equal to the one read is no edit (the field is
 * back as it was); a write-only value always is one (the device never shows it, so it cannot be compared).
 */
export function withEdit(base: Values, edits: Values, spec: FieldSpec, value: FieldValue): Values {
  const next = { ...edits };
  if (!isSecret(spec) && sameValue(base[spec.key], value)) delete next[spec.key];
  else next[spec.key] = value;
  return next;
}

export function withoutEdit(edits: Values, key: string): Values {
  const next = { ...edits };
  delete next[key];
  return next;
}

/** After the values were read again: the edits that still differ from them (the others are done already). */
export function rebase(base: Values, edits: Values, fields: readonly FieldSpec[]): Values {
  const next: Values = {};
  for (const [key, value] of Object.entries(edits)) {
    const spec = fields.find((f) => f.key === key);
    if (spec === undefined || isSecret(spec) || !sameValue(base[key], value)) next[key] = value;
  }
  return next;
}

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/**
 * What the user typed into a number field, as the backend takes it: a number when it reads as one ("12",
 * "0,5"), else the text as typed (the review then says what is wrong with it).
 */
export function parseNumber(text: string): number | string {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t.replace(',', '.')) : text;
}

/** A value as an input's text. */
export function inputText(v: FieldValue): string {
  return v === null ? '' : String(v);
}

/** A value in words: On/Off, the choice's plain label, the number with its unit, "(empty)". */
export function formatValue(spec: FieldSpec | undefined, v: FieldValue): string {
  if (v === null) return m.ds_value_not_set();
  if (typeof v === 'boolean') return v ? m.ds_value_on() : m.ds_value_off();
  const kind = spec?.kind;
  if (kind?.type === 'choice') return kind.options.find((o) => o.value === String(v))?.label ?? String(v);
  if (typeof v === 'number' && (kind?.type === 'whole' || kind?.type === 'decimal') && kind.unit !== '') return `${v} ${kind.unit}`;
  if (v === '') return m.ds_value_empty();
  return String(v);
}

/** What the device says about a write-only value. */
export function secretStateLabel(state: SecretState | undefined): { label: string; tone: 'success' | 'neutral' } {
  switch (state) {
    case 'set':
      return { label: m.ds_secret_state_set(), tone: 'success' };
    case 'not_set':
      return { label: m.ds_secret_state_not_set(), tone: 'neutral' };
    default:
      return { label: m.ds_secret_state_hidden(), tone: 'neutral' };
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A problem or a note the backend sent: its English `message`, and the same sentence by key where it has one. */
export interface Told {
  /** The field it is about, if any. */
  key?: string | null;
  message: string;
  said?: Said | null;
}

/** The sentence in the user's language where the backend gave it by key (without the field's name), else its English. */
function words(t: Told): string {
  return t.said == null ? t.message : say(t.said, t.message);
}

/** A problem's message next to its field: without the field's name (it is right there). */
export function inlineMessage(t: Told): string {
  return capitalise(words(t));
}

/**
 * A problem's message away from its field: with the field's name in front, so it says which. A message
 * only in English (the device's own) keeps a name it already starts with.
 */
export function labelledMessage(spec: FieldSpec | undefined, t: Told): string {
  // A field this panel does not list: its name only in the English message.
  if (spec === undefined && t.key != null) return capitalise(t.message);
  const text = words(t);
  if (spec === undefined || (t.said == null && text.startsWith(`${spec.label}: `))) return capitalise(text);
  return `${spec.label}: ${text}`;
}

/** A note of the review: a sentence on its own, or the field's name in front where it names one. */
export function noteText(note: FieldNote, fields: readonly FieldSpec[]): string {
  const spec = note.key === null ? undefined : fields.find((f) => f.key === note.key);
  return labelledMessage(spec, note);
}

/**
 * Problems by the field they name, for fields shown here; the rest (the whole group's, or a field shown in
 * another section of the same group) as sentences that say which field.
 */
export function splitProblems(
  problems: readonly FieldProblem[],
  shown: ReadonlySet<string>,
  fields: readonly FieldSpec[],
): { byKey: Record<string, string[]>; other: string[] } {
  const byKey: Record<string, string[]> = {};
  const other: string[] = [];
  for (const p of problems) {
    const spec = p.key === null ? undefined : fields.find((f) => f.key === p.key);
    if (p.key !== null && spec !== undefined && shown.has(p.key)) (byKey[p.key] ??= []).push(inlineMessage(p));
    else other.push(labelledMessage(spec, p));
  }
  return { byKey, other };
}

/** One line of the review: "before → after", or what happens to a write-only value (never the value). */
export function changeText(change: FieldChange, spec: FieldSpec | undefined): { secret: string } | { before: string; after: string } {
  if (change.secret_action !== null) return { secret: change.secret_action === 'clear' ? m.ds_secret_will_clear() : m.ds_secret_will_set() };
  return { before: formatValue(spec, change.before), after: formatValue(spec, change.after) };
}

/** A field that did not read back as sent: "The device shows 60 s instead of 10 s". */
export function differenceText(d: FieldChange, spec: FieldSpec | undefined): string {
  return m.ds_difference({ after: formatValue(spec, d.after), before: formatValue(spec, d.before) });
}

/** A value the device changed since it was read: "Report every: 10 s → 60 s". */
export function conflictText(c: FieldChange, spec: FieldSpec | undefined): string {
  return `${fieldLabel(c.key, c.label)}: ${formatValue(spec, c.before)} → ${formatValue(spec, c.after)}`;
}

/** "1 change", "3 changes". */
export function changesCount(n: number): string {
  return n === 1 ? m.ds_changes_one({ count: n }) : m.ds_changes_other({ count: n });
}
