// Settings › Sharing, the pure part: the form as typed (ports and web pages as text), checked the way the
// backend checks it (app/sharing.rs `validate`), and the words for what the backend answers (a problem that
// keeps sharing from running, a refused save, the kind of a connected program).
import type { AppError, SharingClientKind, SharingSettings } from '../../lib/bindings';
import { errorDiagnostic, MESSAGES, type Tone } from '../../lib/diagnostics';
import { errorReason } from '../../lib/errors';
import { formatLocale, m } from '../../lib/i18n';

/** WattDesk's API port unless the user picks another (DEFAULT_SHARING_PORT). */
export const DEFAULT_PORT = 8437;

/** One meter's "also answer like the reader itself" as typed: its port as text ('' = automatic). */
export interface CompatDraft {
  on: boolean;
  port: string;
}

/** The choices as the form holds them (everything but on/off, which the switch sets). */
export interface SharingDraft {
  port: string;
  allowLan: boolean;
  requireToken: boolean;
  /** By meter id (upper case, as the backend spells it); a meter without an entry is off. */
  compat: Record<string, CompatDraft>;
  /** One web page origin a line. */
  origins: string;
}

export interface DraftProblems {
  port: string | null;
  /** By meter id. */
  compat: Record<string, string>;
  origins: string | null;
  count: number;
}

export interface Checked {
  /** The choices to save (with `enabled` to be set), or null while something is wrong. */
  settings: Omit<SharingSettings, 'enabled'> | null;
  problems: DraftProblems;
}

export const meterKey = (id: string) => id.toUpperCase();

export function draftOf(s: SharingSettings): SharingDraft {
  const compat: Record<string, CompatDraft> = {};
  for (const c of s.compat) compat[meterKey(c.meter)] = { on: true, port: c.port === 0 ? '' : String(c.port) };
  return {
    port: String(s.port),
    allowLan: s.allow_lan,
    requireToken: s.require_token,
    compat,
    origins: s.allowed_origins.join('\n'),
  };
}

/** The same choices (what "unsaved changes" compares); meters switched off count as absent. */
export function sameDraft(a: SharingDraft, b: SharingDraft): boolean {
  const on = (d: SharingDraft) =>
    Object.entries(d.compat)
      .filter(([, c]) => c.on)
      .map(([id, c]) => `${id}:${c.port.trim() === '0' ? '' : c.port.trim()}`)
      .sort()
      .join(',');
  return (
    a.port.trim() === b.port.trim() &&
    a.allowLan === b.allowLan &&
    a.requireToken === b.requireToken &&
    on(a) === on(b) &&
    originLines(a.origins).join('\n') === originLines(b.origins).join('\n')
  );
}

function originLines(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((o) => o.trim())
    .filter((o) => o !== '');
}

/** A whole port number 1..65535, or null. */
export function parsePort(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 65535 ? n : null;
}

/** `http(s)://host[:port]` with nothing after it (a trailing `/` is dropped), or null. */
export function parseOrigin(text: string): string | null {
  const t = text.trim().replace(/\/$/, '');
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(t)) return null;
  try {
    const u = new URL(t);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '' || u.pathname !== '/') return null;
  } catch {
    return null;
  }
  return t;
}

/**
 * Checks the form as the backend would: the port 1..65535, each meter's port automatic or 1..65535 and
 * used once, the web pages as `http://host:port`. Meters no longer saved are left out.
 */
export function check(d: SharingDraft, meterIds: string[]): Checked {
  const problems: DraftProblems = { port: null, compat: {}, origins: null, count: 0 };
  const port = parsePort(d.port);
  if (port === null) problems.port = m.sharing_port_range();
  const used = new Map<number, string>();
  if (port !== null) used.set(port, 'WattDesk');
  const compat: SharingSettings['compat'] = [];
  for (const id of meterIds.map(meterKey)) {
    const c = d.compat[id];
    if (!c?.on) continue;
    const text = c.port.trim();
    if (text === '' || text === '0') {
      compat.push({ meter: id, port: 0 });
      continue;
    }
    const p = parsePort(text);
    if (p === null) {
      problems.compat[id] = `${m.sharing_port_range()} ${m.sharing_port_leave_empty()}`;
    } else if (used.has(p)) {
      problems.compat[id] = used.get(p) === 'WattDesk' ? m.sharing_port_wattdesk({ port: p }) : m.sharing_port_twice({ port: p });
    } else {
      used.set(p, id);
      compat.push({ meter: id, port: p });
    }
  }
  const origins: string[] = [];
  const wrong: string[] = [];
  for (const o of originLines(d.origins)) {
    const ok = parseOrigin(o);
    if (ok === null) wrong.push(o);
    else if (!origins.includes(ok)) origins.push(ok);
  }
  if (wrong.length > 0) {
    const list = wrong.map((w) => `"${w}"`).join(', ');
    problems.origins = wrong.length === 1 ? m.sharing_origins_wrong_one({ list }) : m.sharing_origins_wrong_other({ list });
  }
  problems.count = (problems.port ? 1 : 0) + Object.keys(problems.compat).length + (problems.origins ? 1 : 0);
  if (problems.count > 0 || port === null) return { settings: null, problems };
  return {
    settings: { allow_lan: d.allowLan, port, compat, allowed_origins: origins, require_token: d.requireToken },
    problems,
  };
}

/** Whether programs must present a token with these (saved) choices: on the network always, here when asked. */
export function needsToken(s: Pick<SharingSettings, 'allow_lan' | 'require_token'>): boolean {
  return s.allow_lan || s.require_token;
}

export interface Words {
  tone: Tone;
  title: string;
  /** The backend's own text, kept whole behind "Details"; null when the title says it all. */
  detail: string | null;
}

/** The port in the backend's "could not listen on 127.0.0.1:8437: …", if it names one. */
function portIn(problem: string): number | null {
  const match = /listen on \S*?:(\d{1,5}):/.exec(problem);
  return match ? Number(match[1]) : null;
}

/** Why sharing is on but not running, in plain words (status.problem is the backend's technical text). */
export function problemWords(problem: string): Words {
  const port = portIn(problem);
  if (/in use|os error (98|48|10048)/i.test(problem)) {
    const title = port === null ? m.sharing_problem_in_use() : m.sharing_problem_in_use_port({ port });
    return { tone: 'error', title, detail: problem };
  }
  if (/permission denied|os error (13|10013)|access permissions/i.test(problem)) {
    const title = port === null ? m.sharing_problem_denied() : m.sharing_problem_denied_port({ port });
    return { tone: 'error', title, detail: problem };
  }
  if (/needs a token/i.test(problem)) return { tone: 'warning', title: MESSAGES.tokenRequired, detail: problem };
  return { tone: 'error', title: m.sharing_problem_start(), detail: problem };
}

/**
 * A refused command in plain words. The backend words a refused choice (`invalid_input`) for people ("port 8081
 * is used twice; give each meter its own"), so that is the title; other codes get the app's message.
 */
export function errorWords(err: AppError): Words {
  if (err.code === 'invalid_input' && err.message.trim() !== '') {
    const text = errorReason(err).trim();
    return { tone: 'error', title: `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`, detail: null };
  }
  const d = errorDiagnostic(err, m.sharing_that_address());
  return { tone: d.tone, title: d.title, detail: d.detail };
}

/** Each read in the current language when it is used. */
export const KIND_WORDS: Record<SharingClientKind, string> = {
  get web_socket() {
    return m.sharing_kind_web_socket();
  },
  get live_stream() {
    return m.sharing_kind_live_stream();
  },
};

/** "2.0", "0.4", "12": messages a second (with the locale's decimal mark). */
export function perSecond(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0';
  const digits = n < 10 ? 1 : 0;
  return new Intl.NumberFormat(formatLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}
