// What to tell a homeowner about a probe result or a failed command. Pure: the views only render it.
import type { AppError, ProbeView } from './bindings';
import { m } from './i18n';
import { errorDetail, errorSentence } from './errors';

export type Tone = 'success' | 'info' | 'warning' | 'error';

export interface Diagnostic {
  /** The probe kind or error code it came from (`unreachable`, `already_added`, …). */
  code: string;
  tone: Tone;
  /** One sentence a person can act on. */
  title: string;
  /** Technical detail from the backend, shown whole behind "Details"; null when there is none worth showing. */
  detail: string | null;
  /** The form field to move focus to, if any. */
  focus: 'address' | 'password' | null;
}

/** The sentences, in the app's language: read when used (each property calls the message catalogue). */
export const MESSAGES = {
  unreachable: (address: string) => m.lib_diag_unreachable({ address }),
  get notWhatwatt() {
    return m.lib_diag_not_whatwatt();
  },
  unknownHost: (host: string) => m.lib_diag_unknown_host({ host }),
  mqttBroker: (address: string) => m.lib_diag_mqtt_broker({ address }),
  otherWebServer: (address: string) => m.lib_diag_other_web_server({ address }),
  otherService: (address: string) => m.lib_diag_other_service({ address }),
  get needsPassword() {
    return m.lib_diag_needs_password();
  },
  get wrongPassword() {
    return m.lib_diag_wrong_password();
  },
  get alreadyAdded() {
    return m.lib_diag_already_added();
  },
  timeout: (address: string) => m.lib_diag_timeout({ address }),
  get invalidAddress() {
    return m.lib_diag_invalid_address();
  },
  get notFound() {
    return m.lib_diag_not_found();
  },
  get licenseRequired() {
    return m.lib_diag_license_required();
  },
  get internal() {
    return m.lib_diag_internal();
  },
  notThisMeter: (address: string) => m.lib_diag_not_this_meter({ address }),
  get basicRefused() {
    return m.lib_diag_basic_refused();
  },
  get historyUnavailable() {
    return m.lib_diag_history_unavailable();
  },
  get secretsExposed() {
    return m.lib_diag_secrets_exposed();
  },
  get badRequest() {
    return m.lib_diag_bad_request();
  },
  get payloadTooLarge() {
    return m.lib_diag_payload_too_large();
  },
  get serviceUnavailable() {
    return m.lib_diag_service_unavailable();
  },
  get unexpectedAnswer() {
    return m.lib_diag_unexpected_answer();
  },
  get liveDataBroken() {
    return m.lib_diag_live_data_broken();
  },
  get mdns() {
    return m.lib_diag_mdns();
  },
  get invalidInput() {
    return m.lib_diag_invalid_input();
  },
  get brokerUrl() {
    return m.lib_diag_broker_url();
  },
  get brokerTopic() {
    return m.lib_diag_broker_topic();
  },
  get brokerAuth() {
    return m.lib_diag_broker_auth();
  },
  get brokerRefused() {
    return m.lib_diag_broker_refused();
  },
  get brokerTls() {
    return m.lib_diag_broker_tls();
  },
  get brokerUnreachable() {
    return m.lib_diag_broker_unreachable();
  },
  get brokerOversized() {
    return m.lib_diag_broker_oversized();
  },
  get brokerLost() {
    return m.lib_diag_broker_lost();
  },
  get brokerInUse() {
    return m.lib_diag_broker_in_use();
  },
  get wifiJoinFailed() {
    return m.lib_diag_wifi_join_failed();
  },
  get deviceLost() {
    return m.lib_diag_device_lost();
  },
  get wpsFailed() {
    return m.lib_diag_wps_failed();
  },
  get meterNotReady() {
    return m.lib_diag_meter_not_ready();
  },
  get meterKeyWrong() {
    return m.lib_diag_meter_key_wrong();
  },
  get cancelled() {
    return m.lib_diag_cancelled();
  },
  get portInUse() {
    return m.lib_diag_port_in_use();
  },
  get tokenRequired() {
    return m.lib_diag_token_required();
  },
  get freeLicence() {
    return m.lib_diag_free_licence();
  },
};

/** The technical words for a refused clear-text login, shown under the plain sentence. */
const basicDetail = (): string => m.lib_diag_basic_detail();

/** What answered instead of a whatwatt Go, from the backend's detail (it names it in its own words). */
export type Answered = 'mqtt_broker' | 'web_server' | 'service' | 'unknown';

export function whatAnswered(detail: string | null): Answered {
  if (detail === null) return 'unknown';
  if (/not like a web server|another service/i.test(detail)) return 'service';
  if (/MQTT broker answers/i.test(detail)) return 'mqtt_broker';
  if (/web server answered|no whatwatt Go API|HTTP \d{3}|server:/i.test(detail)) return 'web_server';
  return 'unknown';
}

/** The sentence for "something answered, but not a whatwatt Go", naming what it was when the detail says. */
function notWhatwattTitle(detail: string | null, address: string): string {
  switch (whatAnswered(detail)) {
    case 'mqtt_broker':
      return MESSAGES.mqttBroker(address);
    case 'web_server':
      return MESSAGES.otherWebServer(address);
    case 'service':
      return MESSAGES.otherService(address);
    case 'unknown':
      return MESSAGES.notWhatwatt;
  }
}

/** The host of what the user typed (no scheme, port or path): "whatwatt-5C7F14.local". */
export function hostOf(address: string): string {
  const a = address.trim().replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '');
  const v6 = a.match(/^\[([^\]]+)\]/);
  if (v6) return v6[1]!;
  return a.replace(/:\d+$/, '');
}

/** A diagnostic for a probe result, or null when the probe found a whatwatt Go. */
export function probeDiagnostic(probe: ProbeView, address: string): Diagnostic | null {
  switch (probe.kind) {
    case 'device':
      return null;
    case 'needs_password':
      return { code: probe.kind, tone: 'info', title: MESSAGES.needsPassword, detail: null, focus: 'password' };
    case 'wrong_password':
      return { code: probe.kind, tone: 'error', title: MESSAGES.wrongPassword, detail: null, focus: 'password' };
    case 'basic_refused':
      return { code: probe.kind, tone: 'warning', title: MESSAGES.basicRefused, detail: basicDetail(), focus: 'address' };
    case 'not_whatwatt': {
      const detail = nonEmpty(probe.detail);
      return { code: probe.kind, tone: 'warning', title: notWhatwattTitle(detail, address), detail, focus: 'address' };
    }
    case 'unknown_host':
      return { code: probe.kind, tone: 'error', title: MESSAGES.unknownHost(probe.host), detail: null, focus: 'address' };
    case 'unreachable':
      return { code: probe.kind, tone: 'error', title: MESSAGES.unreachable(address), detail: nonEmpty(probe.detail), focus: 'address' };
  }
}

/**
 * A diagnostic for a rejected command (`add_meter`, `probe_address`, …). Every code of the generated
 * `ErrorCode` has a branch (the compiler checks it); a code from a newer backend falls to `default`.
 */
export function errorDiagnostic(err: AppError, address: string): Diagnostic {
  const detail = nonEmpty(err.message);
  const code = err.code;
  const say = (tone: Tone, title: string, focus: Diagnostic['focus'] = null, shown: string | null = detail): Diagnostic => ({
    code,
    tone,
    title,
    detail: shown,
    focus,
  });
  switch (err.code) {
    case 'unreachable':
      return say('error', MESSAGES.unreachable(address), 'address');
    case 'timeout':
      return say('error', MESSAGES.timeout(address));
    case 'not_whatwatt':
      return say('warning', notWhatwattTitle(detail, address), 'address');
    case 'unknown_host':
      return say('error', MESSAGES.unknownHost(hostOf(address)), 'address');
    case 'not_http':
      // Something accepted the connection but did not speak HTTP.
      return say('warning', whatAnswered(detail) === 'mqtt_broker' ? MESSAGES.mqttBroker(address) : MESSAGES.otherService(address), 'address');
    case 'not_this_meter':
      return say('warning', MESSAGES.notThisMeter(address), 'address');
    case 'password_required':
      return say('info', MESSAGES.needsPassword, 'password', null);
    case 'wrong_password':
      return say('error', MESSAGES.wrongPassword, 'password', null);
    case 'basic_refused':
      return say('warning', MESSAGES.basicRefused, 'address', detail ?? basicDetail());
    case 'already_added':
      return say('info', MESSAGES.alreadyAdded, null, null);
    case 'invalid_address':
      return say('error', MESSAGES.invalidAddress, 'address');
    case 'not_found':
      return say('warning', MESSAGES.notFound);
    case 'license_required':
      return say('warning', MESSAGES.licenseRequired);
    case 'bad_request':
      return say('error', MESSAGES.badRequest);
    case 'payload_too_large':
      return say('error', MESSAGES.payloadTooLarge);
    case 'service_unavailable':
      return say('warning', MESSAGES.serviceUnavailable);
    case 'http_status':
    case 'invalid_response':
      return say('error', MESSAGES.unexpectedAnswer);
    case 'malformed_event':
    case 'oversized_event':
    case 'stream_broken':
      return say('warning', MESSAGES.liveDataBroken);
    case 'mdns':
      return say('warning', MESSAGES.mdns);
    case 'invalid_input':
      // A rule the backend words by key says what to change, in the language.
      return err.said === undefined ? say('error', MESSAGES.invalidInput) : say('error', errorSentence(err), null, errorDetail(err));
    case 'secrets_exposed':
      return say('error', MESSAGES.secretsExposed);
    case 'history_unavailable':
      return say('warning', MESSAGES.historyUnavailable);
    case 'broker_url':
      return say('error', MESSAGES.brokerUrl);
    case 'broker_topic':
      return say('error', MESSAGES.brokerTopic);
    case 'broker_auth':
      return say('error', MESSAGES.brokerAuth);
    case 'broker_refused':
      return say('error', MESSAGES.brokerRefused);
    case 'broker_tls':
      return say('error', MESSAGES.brokerTls);
    case 'broker_unreachable':
      return say('error', MESSAGES.brokerUnreachable);
    case 'broker_oversized':
      return say('warning', MESSAGES.brokerOversized);
    case 'broker_lost':
      return say('warning', MESSAGES.brokerLost);
    case 'broker_in_use':
      return say('warning', MESSAGES.brokerInUse);
    case 'wifi_join_failed':
      return say('error', MESSAGES.wifiJoinFailed);
    case 'device_lost':
      return say('warning', MESSAGES.deviceLost);
    case 'wps_failed':
      return say('warning', MESSAGES.wpsFailed);
    case 'meter_not_ready':
      return say('warning', MESSAGES.meterNotReady);
    case 'meter_key_wrong':
      return say('error', MESSAGES.meterKeyWrong);
    case 'cancelled':
      return say('info', MESSAGES.cancelled, null, null);
    case 'port_in_use':
      return say('error', MESSAGES.portInUse);
    case 'token_required':
      return say('warning', MESSAGES.tokenRequired, null, null);
    case 'internal':
      return say('error', MESSAGES.internal, null, detail ?? code);
    default: {
      // Only a code this build does not know gets here (the backend is newer than the UI).
      const unknown: string = err.code satisfies never;
      return say('error', MESSAGES.internal, null, detail ?? unknown);
    }
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
