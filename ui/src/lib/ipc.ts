// The only module that talks to Tauri. The commands themselves are generated from the Rust side
// (./commands.gen.ts, by src-tauri/build.rs); this file adds how a call is made: every failure rejects
// with an `AppError` (`{code, message}`), whatever shape the rejection had on the way in.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { EventPayloads } from './bindings';
import { commands, type Call, type MakeChannel } from './commands.gen';
import { toAppError } from './errors';
import { m } from './i18n';

/** True inside the WattDesk window (or when a mock backend is installed). */
function backendPresent(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** What every call rejects with outside the WattDesk window (made when thrown, so in the app's language). */
function noBackend() {
  return { code: 'internal', message: m.lib_ipc_no_backend() } as const;
}

const call: Call = async (cmd, args) => {
  if (!backendPresent()) throw noBackend();
  try {
    return await invoke(cmd, args);
  } catch (reason) {
    throw toAppError(reason);
  }
};

const channel: MakeChannel = (onMessage) => {
  if (!backendPresent()) throw noBackend();
  return new Channel(onMessage);
};

/** Every backend command as a typed function (names and documentation from src-tauri/src/commands/). */
export const ipc = commands(call, channel);

export type Ipc = typeof ipc;

export type Unlisten = () => void;

/**
 * Subscribes to a backend event. Resolves to the unsubscribe function; rejects with an `AppError`
 * when the event system is not reachable.
 */
export async function on<E extends keyof EventPayloads>(
  event: E,
  handler: (payload: EventPayloads[E]) => void,
): Promise<Unlisten> {
  if (!backendPresent()) throw noBackend();
  try {
    return await listen<EventPayloads[E]>(event, (e) => handler(e.payload));
  } catch (reason) {
    throw toAppError(reason);
  }
}
