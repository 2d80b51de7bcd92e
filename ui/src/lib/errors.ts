import type { AppError, ErrorCode } from './bindings';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Turns whatever a rejected `invoke` gave us into an `AppError`.
 * The backend sends `{code, message}` with a code from `ErrorCode` (generated from Rust, so every
 * `switch` over codes is checked by the compiler); a code this build does not know falls into the
 * `default` branch. Panics or the IPC layer itself may send a bare string or an `Error`: those become
 * `internal`, so the UI always has a code to branch on.
 */
export function toAppError(reason: unknown): AppError {
  if (isRecord(reason) && typeof reason.code === 'string' && reason.code !== '') {
    const message = typeof reason.message === 'string' ? reason.message : reason.code;
    return { code: reason.code as ErrorCode, message };
  }
  if (typeof reason === 'string') {
    // Some layers serialise the error object as JSON text.
    const trimmed = reason.trim();
    if (trimmed.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (isRecord(parsed) && typeof parsed.code === 'string') return toAppError(parsed);
      } catch {
        // not JSON: fall through
      }
    }
    return { code: 'internal', message: reason || 'Unknown error' };
  }
  if (reason instanceof Error) {
    return { code: 'internal', message: reason.message || reason.name };
  }
  if (isRecord(reason) && typeof reason.message === 'string') {
    return { code: 'internal', message: reason.message };
  }
  return { code: 'internal', message: 'Unknown error' };
}

export function isAppError(v: unknown): v is AppError {
  return isRecord(v) && typeof v.code === 'string' && typeof v.message === 'string';
}
