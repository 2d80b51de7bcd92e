// What to tell a homeowner about a probe result or a failed command. Pure: the views only render it.
import type { AppError, ProbeView } from './bindings';

export type Tone = 'success' | 'info' | 'warning' | 'error';

export interface Diagnostic {
  /** The probe kind or error code it came from (`unreachable`, `already_added`, …). */
  code: string;
  tone: Tone;
  /** One sentence a person can act on. */
  title: string;
  /** Technical detail from the backend, shown smaller; null when there is none worth showing. */
  detail: string | null;
  /** The form field to move focus to, if any. */
  focus: 'address' | 'password' | null;
}

export const MESSAGES = {
  unreachable: (address: string) =>
    `Nothing answered at ${address}. Check the address and that the meter is powered and on the same network.`,
  notWhatwatt: 'Something answered, but it is not a whatwatt Go.',
  needsPassword: 'This meter is protected by its Web UI password.',
  wrongPassword: 'That password was not accepted.',
  alreadyAdded: 'This meter is already in your list.',
  timeout: (address: string) =>
    `The meter at ${address} took too long to answer. It may be busy or restarting; try again in a moment.`,
  invalidAddress:
    'That is not an address WattDesk can use. Enter an IP address (192.168.1.50), a host name (whatwatt-9F8124.local), host:port or an http:// URL.',
  notFound: 'That meter is no longer in your list.',
  licenseRequired: 'This needs a PLUS licence on the meter.',
  internal: 'Something went wrong inside WattDesk.',
  freeLicence:
    'Works with reduced features: live data via the stream; reports, MQTT and history need a PLUS licence.',
} as const;

/** A diagnostic for a probe result, or null when the probe found a whatwatt Go. */
export function probeDiagnostic(probe: ProbeView, address: string): Diagnostic | null {
  switch (probe.kind) {
    case 'device':
      return null;
    case 'needs_password':
      return { code: probe.kind, tone: 'info', title: MESSAGES.needsPassword, detail: null, focus: 'password' };
    case 'wrong_password':
      return { code: probe.kind, tone: 'error', title: MESSAGES.wrongPassword, detail: null, focus: 'password' };
    case 'not_whatwatt':
      return { code: probe.kind, tone: 'warning', title: MESSAGES.notWhatwatt, detail: nonEmpty(probe.detail), focus: 'address' };
    case 'unreachable':
      return { code: probe.kind, tone: 'error', title: MESSAGES.unreachable(address), detail: nonEmpty(probe.detail), focus: 'address' };
  }
}

/** A diagnostic for a rejected command (`add_meter`, `probe_address`, …). */
export function errorDiagnostic(err: AppError, address: string): Diagnostic {
  const detail = nonEmpty(err.message);
  const code = err.code;
  switch (err.code) {
    case 'unreachable':
      return { code, tone: 'error', title: MESSAGES.unreachable(address), detail, focus: 'address' };
    case 'timeout':
      return { code, tone: 'error', title: MESSAGES.timeout(address), detail, focus: null };
    case 'not_whatwatt':
      return { code, tone: 'warning', title: MESSAGES.notWhatwatt, detail, focus: 'address' };
    case 'password_required':
      return { code, tone: 'info', title: MESSAGES.needsPassword, detail: null, focus: 'password' };
    case 'wrong_password':
      return { code, tone: 'error', title: MESSAGES.wrongPassword, detail: null, focus: 'password' };
    case 'already_added':
      return { code, tone: 'info', title: MESSAGES.alreadyAdded, detail: null, focus: null };
    case 'invalid_address':
      return { code, tone: 'error', title: MESSAGES.invalidAddress, detail, focus: 'address' };
    case 'not_found':
      return { code, tone: 'warning', title: MESSAGES.notFound, detail, focus: null };
    case 'license_required':
      return { code, tone: 'warning', title: MESSAGES.licenseRequired, detail, focus: null };
    default:
      return { code, tone: 'error', title: MESSAGES.internal, detail: detail ?? err.code, focus: null };
  }
}

/** True for the licence that limits what WattDesk can do with the meter. */
export function isFreeLicence(license: string | null): boolean {
  return license !== null && license.trim().toUpperCase() === 'FREE';
}

function nonEmpty(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}
