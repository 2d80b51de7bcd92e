// What a meter's live session is doing, as a badge: label, tone, a longer explanation, and whether readings
// are arriving (values shown normally) or not (the last values are greyed).
import type { MeterView, SessionState, Transport } from '../../lib/bindings';
import { language, m } from '../../lib/i18n';
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
function liveLabel(t: Transport): string {
  return { sse: m.meters_live_sse, poll: m.meters_live_poll, mqtt: m.meters_live_mqtt }[t]();
}

/** How readings arrive, as said after "over" / "by" ("the live stream (SSE)", "polling"). */
function transportWords(t: Transport): string {
  return { sse: m.meters_transport_sse, poll: m.meters_transport_poll, mqtt: m.meters_transport_mqtt }[t]();
}

/** The technical name of the reader's power reserve, for tooltips. */
export function scapTerm(): string {
  return m.meters_scap_term();
}

/** What "Meter link" means, for tooltips. */
export function meterLinkHelp(): string {
  return m.meters_link_help();
}

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
export function basicRefusedDetail(): string {
  return m.meters_basic_refused_detail();
}

/**
 * The badge for a session state. `elapsedS` is how long ago this state arrived: the backend sends
 * `retry_in_s` / `silent_s` once per state change, so countdowns run here.
 */
export function connectionBadge(state: SessionState | null, elapsedS = 0): ConnectionBadge {
  const el = Math.max(0, elapsedS);
  if (state === null) return { label: m.meters_checking(), tone: 'neutral', detail: null, receiving: false };
  switch (state.state) {
    case 'connecting':
      return {
        label: state.attempt > 1 ? m.meters_conn_connecting_try({ attempt: state.attempt }) : m.meters_conn_connecting(),
        tone: 'neutral',
        detail: null,
        receiving: false,
      };
    case 'live':
      return {
        label: liveLabel(state.transport),
        tone: 'success',
        detail: m.meters_conn_live_detail({ transport: transportWords(state.transport) }),
        receiving: true,
      };
    case 'stale': {
      const silent = Math.round(state.silent_s + el);
      return {
        label: m.meters_conn_stale({ time: formatCountdown(silent) }),
        tone: 'warning',
        detail: m.meters_conn_stale_detail({ transport: transportWords(state.transport), time: formatCountdown(silent) }),
        receiving: false,
      };
    }
    case 'preempted': {
      const retry = state.retry_in_s - el;
      const when = retry > 0 ? m.meters_conn_retry_in({ time: formatCountdown(retry) }) : m.meters_conn_retry_now();
      if (state.fallback !== null) {
        return {
          label: liveLabel(state.fallback),
          tone: 'info',
          detail: m.meters_conn_preempted_fallback({ transport: transportWords(state.fallback), when }),
          receiving: true,
        };
      }
      return {
        label: m.meters_stream_taken(),
        tone: 'warning',
        detail: m.meters_conn_preempted_detail({ when }),
        receiving: false,
      };
    }
    case 'needs_password':
      return {
        label: m.meters_conn_needs_password(),
        tone: 'warning',
        detail: m.meters_conn_needs_password_detail(),
        receiving: false,
      };
    case 'wrong_password':
      return {
        label: m.meters_conn_wrong_password(),
        tone: 'danger',
        detail: m.meters_conn_wrong_password_detail(),
        receiving: false,
      };
    case 'basic_refused':
      return {
        label: m.meters_conn_basic_refused(),
        tone: 'danger',
        detail: basicRefusedDetail(),
        receiving: false,
      };
    case 'license_required':
      return {
        label: m.meters_conn_licence(),
        tone: 'warning',
        // The backend's own words are English: other languages get the general sentence.
        detail: (language() === 'en' ? state.detail : '') || m.lib_diag_license_required(),
        receiving: false,
      };
    case 'offline': {
      const retry = state.retry_in_s - el;
      return {
        label: retry >= 1 ? m.meters_conn_offline_retry({ time: formatCountdown(retry) }) : m.meters_conn_offline_now(),
        tone: 'neutral',
        detail: state.reason || null,
        receiving: false,
      };
    }
    case 'stopped':
      return { label: m.meters_conn_stopped(), tone: 'neutral', detail: m.meters_conn_stopped_detail(), receiving: false };
  }
}

/** One short line for a meter without a reading to show: why, and what happens next. */
export function noReadingHint(state: SessionState | null): string {
  switch (state?.state ?? 'connecting') {
    case 'connecting':
      return m.meters_conn_connecting();
    case 'live':
      return m.meters_waiting_first();
    case 'stale':
      return m.meters_hint_stale();
    case 'preempted':
      return m.meters_hint_preempted();
    case 'needs_password':
      return m.meters_hint_needs_password();
    case 'wrong_password':
      return m.meters_hint_wrong_password();
    case 'basic_refused':
      return m.meters_hint_basic_refused();
    case 'license_required':
      return m.meters_hint_licence();
    case 'offline':
      return m.meters_hint_offline();
    case 'stopped':
      return m.meters_hint_stopped();
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
