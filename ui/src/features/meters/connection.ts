// What a meter's live session is doing, as a badge: label, tone, a longer explanation, and whether readings
// are arriving (values shown normally) or not (the last values are greyed).
import type { MeterView, SessionState, Transport } from '../../lib/bindings';
import { formatCountdown } from '../../lib/units';

export type BadgeTone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

export interface ConnectionBadge {
  label: string;
  tone: BadgeTone;
  /** A sentence for the tooltip and the detail view; null when the label says it all. */
  detail: string | null;
  /** Readings are arriving (live, or polling while another app holds the stream). */
  receiving: boolean;
}

/** The badge of a session that receives readings, by how they arrive. */
const LIVE_LABEL: Record<Transport, string> = {
  sse: 'Live stream',
  poll: 'Live · polling',
  mqtt: 'Live · MQTT',
};

const TRANSPORT_WORDS: Record<Transport, string> = {
  sse: 'the live stream (SSE)',
  poll: 'polling',
  mqtt: 'MQTT',
};

/** The technical name of the reader's power reserve, for tooltips. */
export const SCAP_TERM = 'supercapacitor voltage, v_scap';

/** What "Meter link" means, for tooltips. */
export const METER_LINK_HELP =
  "Whether the reader gets data from your electricity meter (the reader's meter interface status).";

/**
 * What can be said about the meter link (reader ↔ electricity meter): the reader's last word only while its
 * session is live; "Checking…" while it connects; unknown while it cannot be reached.
 */
export type MeterLinkState = 'known' | 'checking' | 'unknown';

export function meterLinkState(state: SessionState | null): MeterLinkState {
  if (connectionBadge(state).receiving) return 'known';
  return state === null || state.state === 'connecting' ? 'checking' : 'unknown';
}

/** Readings are arriving: what the Meters view counts as online (connecting is not). */
export function isOnline(state: SessionState | null): boolean {
  return connectionBadge(state).receiving;
}

/** What a refused clear-text login means, in a homeowner's words (the badge's tooltip and the notes). */
export const BASIC_REFUSED_DETAIL =
  'The meter asked for its password in a way that sends it unencrypted, although it used a safer login before. ' +
  'This could be another device pretending to be your meter, so WattDesk did not send the password.';

/**
 * The badge for a session state. `elapsedS` is how long ago this state arrived: the backend sends
 * `retry_in_s` / `silent_s` once per state change, so countdowns run here.
 */
export function connectionBadge(state: SessionState | null, elapsedS = 0): ConnectionBadge {
  const el = Math.max(0, elapsedS);
  if (state === null) return { label: 'Checking…', tone: 'neutral', detail: null, receiving: false };
  switch (state.state) {
    case 'connecting':
      return {
        label: state.attempt > 1 ? `Connecting… (try ${state.attempt})` : 'Connecting…',
        tone: 'neutral',
        detail: null,
        receiving: false,
      };
    case 'live':
      return {
        label: LIVE_LABEL[state.transport],
        tone: 'success',
        detail: `Readings arrive over ${TRANSPORT_WORDS[state.transport]}.`,
        receiving: true,
      };
    case 'stale': {
      const silent = Math.round(state.silent_s + el);
      return {
        label: `Stale · ${formatCountdown(silent)} silent`,
        tone: 'warning',
        detail: `Still connected over ${TRANSPORT_WORDS[state.transport]}, but no reading for ${formatCountdown(silent)}.`,
        receiving: false,
      };
    }
    case 'preempted': {
      const retry = state.retry_in_s - el;
      const when = retry > 0 ? `in ${formatCountdown(retry)}` : 'now';
      if (state.fallback !== null) {
        return {
          label: LIVE_LABEL[state.fallback],
          tone: 'info',
          detail: `Another app is using the live stream, so WattDesk reads by ${TRANSPORT_WORDS[state.fallback]} for now (trying the stream again ${when}).`,
          receiving: true,
        };
      }
      return {
        label: 'Another app is using the live stream',
        tone: 'warning',
        detail: `The meter serves one live stream at a time. WattDesk tries again ${when}.`,
        receiving: false,
      };
    }
    case 'needs_password':
      return {
        label: 'Needs password',
        tone: 'warning',
        detail: 'The meter asks for its Web UI password. Remove and add it again with the password.',
        receiving: false,
      };
    case 'wrong_password':
      return {
        label: 'Wrong password',
        tone: 'danger',
        detail: 'The meter refused the saved password. Remove and add it again with the current one.',
        receiving: false,
      };
    case 'basic_refused':
      return {
        label: 'Password not sent',
        tone: 'danger',
        detail: BASIC_REFUSED_DETAIL,
        receiving: false,
      };
    case 'license_required':
      return {
        label: 'Licence required',
        tone: 'warning',
        detail: state.detail || 'This needs a PLUS licence on the meter.',
        receiving: false,
      };
    case 'offline': {
      const retry = state.retry_in_s - el;
      return {
        label: retry >= 1 ? `Offline · retrying in ${formatCountdown(retry)}` : 'Offline · retrying now',
        tone: 'neutral',
        detail: state.reason || null,
        receiving: false,
      };
    }
    case 'stopped':
      return { label: 'Stopped', tone: 'neutral', detail: 'WattDesk is not watching this meter.', receiving: false };
  }
}

/** One short line for a meter without a reading to show: why, and what happens next. */
export function noReadingHint(state: SessionState | null): string {
  switch (state?.state ?? 'connecting') {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Waiting for the first reading…';
    case 'stale':
      return 'The meter went quiet.';
    case 'preempted':
      return 'Another app has the stream.';
    case 'needs_password':
      return 'The meter needs its password.';
    case 'wrong_password':
      return 'The saved password was refused.';
    case 'basic_refused':
      return 'The password was not sent.';
    case 'license_required':
      return 'Needs a PLUS licence.';
    case 'offline':
      return 'Back when the meter answers.';
    case 'stopped':
      return 'Not being watched.';
  }
}

/** Remembers when each meter's connection state last changed (to run countdowns from it). */
export class StateClock {
  #seen = new Map<string, { key: string; at: number }>();

  /** Call with every new meter list. */
  update(list: readonly MeterView[], nowMs: number): void {
    const ids = new Set<string>();
    for (const m of list) {
      ids.add(m.device_id);
      const key = JSON.stringify(m.connection);
      const prev = this.#seen.get(m.device_id);
      if (prev === undefined || prev.key !== key) this.#seen.set(m.device_id, { key, at: nowMs });
    }
    for (const id of [...this.#seen.keys()]) if (!ids.has(id)) this.#seen.delete(id);
  }

  /** When the current state of `deviceId` arrived (ms), or null if unknown. */
  since(deviceId: string): number | null {
    return this.#seen.get(deviceId)?.at ?? null;
  }
}
