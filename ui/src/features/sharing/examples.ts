// Settings › Sharing › "Try it": commands to paste into a terminal, built from the running addresses. `TOKEN`
// stands for a token's value (shown only when it was created); without a token needed, no header is sent.
import { m } from '../../lib/i18n';

export interface ExampleInput {
  /** WattDesk's address while sharing runs (`http://127.0.0.1:8437`). */
  apiUrl: string;
  /** Programs must present a token (other devices allowed, or asked on this computer too). */
  token: boolean;
  /** A meter to follow live (its id), or null when none is saved. */
  meter: string | null;
  /** A meter answering like the reader itself (`http://127.0.0.1:8081`), if any. */
  compatUrl: string | null;
}

export interface ExampleLine {
  /** What the line does, in plain words (shown as a `#` comment). */
  note: string;
  text: string;
}

const AUTH = '-H "Authorization: Bearer TOKEN"';

const base = (url: string) => url.trim().replace(/\/+$/, '');

export function exampleLines(i: ExampleInput): ExampleLine[] {
  const api = base(i.apiUrl);
  const auth = i.token ? ` ${AUTH}` : '';
  const ws = api.replace(/^http/i, 'ws');
  const lines: ExampleLine[] = [
    { note: m.sharing_example_meters(), text: `curl${auth} ${api}/api/v1/meters` },
    { note: m.sharing_example_live(), text: `websocat${auth} ${ws}/api/v1/ws` },
    { note: m.sharing_example_subscribe(), text: JSON.stringify({ type: 'subscribe', meters: [i.meter ?? 'METER_ID'] }) },
  ];
  if (i.compatUrl !== null) {
    lines.push({ note: m.sharing_example_stream(), text: `curl${auth} ${base(i.compatUrl)}/api/v1/live` });
  }
  return lines;
}

/** The lines as one text (comments and commands), for the copy button. */
export function exampleText(lines: ExampleLine[]): string {
  return lines.map((l) => `# ${l.note}\n${l.text}`).join('\n\n');
}
