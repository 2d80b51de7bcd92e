import type { AppError, ErrorCode, Said } from './bindings';
import { language, m } from './i18n';
import { say } from './said';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isSaid(v: unknown): v is Said {
  return isRecord(v) && typeof v.key === 'string' && isRecord(v.args) && Object.values(v.args).every((a) => typeof a === 'string');
}

/**
 * Turns whatever a rejected `invoke` gave us into an `AppError`.
 * The backend sends `{code, message, said?}` with a code from `ErrorCode` (generated from Rust, so every
 * `switch` over codes is checked by the compiler); a code this build does not know falls into the
 * `default` branch. Panics or the IPC layer itself may send a bare string or an `Error`: those become
 * `internal`, so the UI always has a code to branch on.
 */
export function toAppError(reason: unknown): AppError {
  if (isRecord(reason) && typeof reason.code === 'string' && reason.code !== '') {
    const message = typeof reason.message === 'string' ? reason.message : reason.code;
    const said = isSaid(reason.said) ? { said: reason.said } : {};
    return { code: reason.code as ErrorCode, message, ...said };
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

/**
 * One sentence per error code, in the app's language (the backend's `message` is always English). Every
 * code of the generated `ErrorCode` needs an entry (the compiler checks it).
 */
const ERROR_TEXT: Record<ErrorCode, () => string> = {
  unreachable: m.lib_error_unreachable,
  timeout: m.lib_error_timeout,
  password_required: m.lib_error_password_required,
  wrong_password: m.lib_error_wrong_password,
  license_required: m.lib_error_license_required,
  not_found: m.lib_error_not_found,
  bad_request: m.lib_error_bad_request,
  payload_too_large: m.lib_error_payload_too_large,
  service_unavailable: m.lib_error_service_unavailable,
  http_status: m.lib_error_http_status,
  invalid_response: m.lib_error_invalid_response,
  invalid_address: m.lib_error_invalid_address,
  unknown_host: m.lib_error_unknown_host,
  not_http: m.lib_error_not_http,
  malformed_event: m.lib_error_malformed_event,
  oversized_event: m.lib_error_oversized_event,
  stream_broken: m.lib_error_stream_broken,
  mdns: m.lib_error_mdns,
  not_whatwatt: m.lib_error_not_whatwatt,
  not_this_meter: m.lib_error_not_this_meter,
  already_added: m.lib_error_already_added,
  invalid_input: m.lib_error_invalid_input,
  internal: m.lib_error_internal,
  secrets_exposed: m.lib_error_secrets_exposed,
  basic_refused: m.lib_error_basic_refused,
  history_unavailable: m.lib_error_history_unavailable,
  broker_url: m.lib_error_broker_url,
  broker_topic: m.lib_error_broker_topic,
  broker_auth: m.lib_error_broker_auth,
  broker_refused: m.lib_error_broker_refused,
  broker_tls: m.lib_error_broker_tls,
  broker_unreachable: m.lib_error_broker_unreachable,
  broker_oversized: m.lib_error_broker_oversized,
  broker_lost: m.lib_error_broker_lost,
  broker_in_use: m.lib_error_broker_in_use,
  wifi_join_failed: m.lib_error_wifi_join_failed,
  device_lost: m.lib_error_device_lost,
  wps_failed: m.lib_error_wps_failed,
  meter_not_ready: m.lib_error_meter_not_ready,
  meter_key_wrong: m.lib_error_meter_key_wrong,
  cancelled: m.lib_error_cancelled,
  port_in_use: m.lib_error_port_in_use,
  token_required: m.lib_error_token_required,
};

/**
 * What to tell the user about `e`: in English the backend's own message, unchanged (it is the most
 * specific); in another language the translated sentence for its code (a code this build does not know
 * reads as `internal`). Show `errorDetail(e)` under it for the English original.
 */
export function errorText(e: AppError): string {
  // A rule the backend words by key (`said`) reads in any language; else English says the backend's own
  // message and the other languages a line for the code.
  if (e.said !== undefined) return say(e.said, e.message);
  if (language() === 'en' && e.message.trim() !== '') return e.message;
  const text = (ERROR_TEXT as Partial<Record<string, () => string>>)[e.code] ?? m.lib_error_internal;
  return text();
}

/**
 * What went wrong, under a headline of the window's own ("Restore failed"): the backend's sentence in the
 * language where it came by key (`said`), else its English message.
 */
export function errorReason(e: AppError): string {
  return e.said === undefined ? e.message : say(e.said, e.message);
}

/** The backend's English message, as a technical detail under `errorText(e)`; null where it would only repeat it. */
export function errorDetail(e: AppError): string | null {
  const original = e.message.trim();
  return original === '' || original === errorText(e).trim() ? null : original;
}

/** `errorText(e)` as a sentence on its own: capital first letter, closing full stop. */
export function errorSentence(e: AppError): string {
  const t = errorText(e).trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}
