// What to tell a homeowner about a probe result or a failed command. Pure: the views only render it.
import type { AppError, ProbeView } from './bindings';

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

export const MESSAGES = {
  unreachable: (address: string) =>
    `Nothing answered at ${address}. Check the address and that the meter is powered and on the same network.`,
  notWhatwatt: 'Something answered, but it is not a whatwatt Go.',
  unknownHost: (host: string) => `No device on your network is called ${host}. Check the spelling, or use its IP address.`,
  mqttBroker: (address: string) =>
    `An MQTT broker answers at ${address}, not a whatwatt Go. The meter's own page is usually on port 80: try the address without a port.`,
  otherWebServer: (address: string) => `Another web server answers at ${address}, not a whatwatt Go. Check the address.`,
  otherService: (address: string) => `Another service answers at ${address}, not a whatwatt Go. Check the address and the port.`,
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
  notThisMeter: (address: string) => `A different whatwatt Go answers at ${address}, not this meter.`,
  basicRefused:
    'The device asked for the password in a way that would send it unencrypted, so WattDesk did not send it. It may be another device pretending to be your meter.',
  historyUnavailable:
    'History cannot be saved on this computer right now. Live readings go on.',
  secretsExposed:
    'Other people using this computer can read the file of saved passwords, so WattDesk does not use it until only you can read it.',
  badRequest: 'The meter refused these values.',
  payloadTooLarge: 'That is more than the meter accepts. Use shorter values.',
  serviceUnavailable: 'The meter cannot do this right now (it may be busy, or missing what it needs). Try again in a moment.',
  unexpectedAnswer: 'The meter gave an answer WattDesk does not understand. A firmware update of the meter may help.',
  liveDataBroken: 'The live data from the meter was cut off or garbled. WattDesk connects again by itself.',
  mdns: 'WattDesk could not look for meters on the network. You can still add a meter by its address.',
  invalidInput: 'Some of what you entered cannot be used.',
  brokerUrl: 'The broker address is not usable.',
  brokerTopic: 'The topic is not usable.',
  brokerAuth: 'The broker refused the username or password.',
  brokerRefused: 'The broker refused the connection.',
  brokerTls: 'The secure connection failed: check the CA certificate and the host name.',
  brokerUnreachable: 'The broker did not answer. Check the address and that it runs.',
  brokerOversized: 'A message from the broker was too large to read.',
  brokerLost: 'The connection to the broker was lost.',
  brokerInUse: 'This broker is still in use.',
  wifiJoinFailed: 'The meter reader could not join that Wi-Fi network. Check the password and that the network is 2.4 GHz.',
  deviceLost: 'The meter reader did not show up on your home network in time.',
  wpsFailed: 'WPS did not connect the meter reader to your router.',
  meterNotReady: 'The meter reader is not talking to the meter yet.',
  meterKeyWrong: 'The meter does not accept this key. Check it against your grid operator\'s letter.',
  cancelled: 'Setup stopped. You can continue it later from where it stopped.',
  portInUse: 'Another program on this computer already uses that port. Choose another port, or close that program.',
  tokenRequired:
    'Create a token first: sharing with other devices on your network, or asking programs on this computer for a token, needs one.',
  freeLicence:
    'Works with reduced features: live data via the stream; reports, MQTT and history need a PLUS licence.',
} as const;

/** The technical words for a refused clear-text login, shown under the plain sentence. */
const BASIC_DETAIL = 'HTTP Basic login refused: the password was not sent in clear text.';

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
      return { code: probe.kind, tone: 'warning', title: MESSAGES.basicRefused, detail: BASIC_DETAIL, focus: 'address' };
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
      return say('warning', MESSAGES.basicRefused, 'address', detail ?? BASIC_DETAIL);
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
      return say('error', MESSAGES.invalidInput);
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
