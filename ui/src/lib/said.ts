// A sentence the backend composed (`Said`: a catalogue key and its values), in the user's language.
// The backend lists every key it uses (i18n::catalog::RUST_KEYS) and a Rust test checks all four
// catalogues have them with the same placeholders; an unknown key (a newer backend) shows the
// English text the backend sent beside it.
import type { Said } from './bindings';
import { m } from './i18n';

const messages = m as unknown as Record<string, ((args: Record<string, string>) => string) | undefined>;

export function say(said: Said, english: string): string {
  const f = messages[said.key];
  return typeof f === 'function' ? f(said.args) : english;
}
