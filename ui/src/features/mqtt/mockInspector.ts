// The transport inspector in the mock backend: what a meter's session received per transport, and a
// side-by-side comparison (plausible figures with a little jitter).
import type { Comparison, MeterView, PayloadProblem, TransportFigures } from '../../lib/bindings';
import { streamingTransport } from '../live/mockFeeds';

function figure(transport: TransportFigures['transport'], over: Partial<TransportFigures> = {}): TransportFigures {
  return { transport, readings: 0, mean_interval_s: null, bytes_per_reading: null, latency_ms_p50: null, errors: 0, last_error: null, note: null, ...over };
}
const jitter = (x: number, spread = 0.08) => x * (1 - spread + 2 * spread * Math.random());

/**
 * transport_figures: the session of `m` (running since `started`), with an MQTT link or without one; the
 * link's last payload problem counts as its errors.
 */
export function transportFigures(m: MeterView, started: number, mqtt: { problem: PayloadProblem | null } | null): TransportFigures[] {
  const t = streamingTransport(m.connection);
  const secs = Math.max(1, Math.round((Date.now() - started) / 1000));
  const base = { readings: secs, mean_interval_s: 1.0, errors: 0 };
  return [
    t === 'sse' ? figure('sse', { ...base, bytes_per_reading: 712, latency_ms_p50: 420 }) : figure('sse', { note: t === null ? 'Not connected.' : 'Not used: another transport is delivering.' }),
    t === 'poll' ? figure('poll', { ...base, bytes_per_reading: 2710, latency_ms_p50: 610 }) : figure('poll', { note: 'Not used: the live stream is running.' }),
    mqtt
      ? figure('mqtt', { readings: Math.floor(secs / 30), mean_interval_s: 30, bytes_per_reading: 698, latency_ms_p50: 380, errors: mqtt.problem?.count ?? 0, last_error: mqtt.problem?.reason ?? null })
      : figure('mqtt', { note: 'Not set up: choose a broker under Connection.' }),
  ];
}

/** The backend's one-sentence verdict (wattdesk-core live/inspector.rs `conclusion`), in the same words. */
export function conclusion(rows: TransportFigures[], seconds: number): string {
  const worked = (t: TransportFigures['transport']) => rows.find((r) => r.transport === t && r.readings > 0 && r.errors === 0);
  const delay = (r: TransportFigures) =>
    r.latency_ms_p50 === null ? 'as they come' : r.latency_ms_p50 < 1500 ? 'within about a second' : `about ${Math.round(r.latency_ms_p50 / 1000)} s late`;
  const sse = worked('sse');
  const mqtt = worked('mqtt');
  if (sse) return `The live stream suits this meter best: every report arrives ${delay(sse)}, and it costs the meter nothing extra.`;
  if (mqtt)
    return `MQTT through your broker suits this meter while the live stream is not available: readings arrive ${delay(mqtt)} every ${Math.round(mqtt.mean_interval_s ?? 0)} s or so.`;
  if (worked('poll'))
    return 'Asking the meter (polling) works here, but it wakes the meter up for every reading; the live stream is better whenever no other app uses it.';
  return `No transport delivered readings in ${seconds} s: check that the meter is switched on and reachable from this computer.`;
}

/** compare_transports over `seconds` for a meter with PLUS (`plus`) or FREE. */
export function comparison(seconds: number, plus: boolean): Comparison {
  const n = (interval: number) => Math.max(1, Math.round(seconds / interval));
  const rows = [
    figure('sse', { readings: n(1), mean_interval_s: jitter(1.0, 0.02), bytes_per_reading: Math.round(jitter(710)), latency_ms_p50: Math.round(jitter(400)) }),
    plus
      ? figure('poll', { readings: n(1), mean_interval_s: jitter(1.02, 0.02), bytes_per_reading: Math.round(jitter(2700)), latency_ms_p50: Math.round(jitter(650)) })
      : figure('poll', { note: 'polling needs a PLUS licence' }),
    plus
      ? figure('mqtt', { readings: Math.max(1, Math.floor(seconds / 30)), mean_interval_s: 30, bytes_per_reading: Math.round(jitter(700)), latency_ms_p50: Math.round(jitter(380)), errors: seconds >= 60 ? 1 : 0, last_error: seconds >= 60 ? 'payload did not decode: missing key "p_in"' : null })
      : figure('mqtt', { note: 'MQTT publishing needs PLUS.' }),
  ];
  return { seconds, rows, conclusion: conclusion(rows, seconds) };
}
