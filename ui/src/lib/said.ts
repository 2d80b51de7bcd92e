// A sentence the backend composed (`Said`: a catalogue key and its values), in the user's language.
// The backend lists every key it uses (i18n::catalog::RUST_KEYS) and a Rust test checks all four
// catalogues have them with the same placeholders; an unknown key (a newer backend) shows the
// English text the backend sent beside it.
import type { Said } from './bindings';
import { messageNamed } from './i18n';

export function say(said: Said, english: string): string {
  const f = messageNamed(said.key);
  return f === null ? english : f(said.args);
}
