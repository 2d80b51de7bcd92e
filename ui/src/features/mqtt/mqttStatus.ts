// After the device's MQTT settings are saved: ask the device every 2 s whether it reached the broker, up to 30 s.
import type { DeviceMqttStatus } from '../../lib/bindings';

export type StatusOutcome =
  | { kind: 'connected'; status: DeviceMqttStatus }
  | { kind: 'disabled'; status: DeviceMqttStatus }
  | { kind: 'timeout'; status: DeviceMqttStatus | null; error: string | null };

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait with the seconds elapsed and the latest status. */
  onProgress?: (elapsedS: number, status: DeviceMqttStatus | null) => void;
  /** Stops polling early (the view went away). */
  cancelled?: () => boolean;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function pollMqttStatus(
  fetch: () => Promise<DeviceMqttStatus>,
  { intervalMs = 2000, timeoutMs = 30_000, sleep = wait, onProgress, cancelled }: PollOptions = {},
): Promise<StatusOutcome> {
  let last: DeviceMqttStatus | null = null;
  let error: string | null = null;
  for (let elapsed = 0; elapsed <= timeoutMs; elapsed += intervalMs) {
    if (elapsed > 0) await sleep(intervalMs);
    if (cancelled?.()) break;
    try {
      last = await fetch();
      error = null;
      if (last.connected) return { kind: 'connected', status: last };
      if (!last.enabled) return { kind: 'disabled', status: last };
    } catch (reason) {
      error = (reason as { message?: string })?.message ?? String(reason);
    }
    onProgress?.((elapsed + intervalMs) / 1000, last);
  }
  return { kind: 'timeout', status: last, error };
}
