// Checks for the device's MQTT publishing settings, run in the form before anything is sent.
// The device takes a broker URL of at most 127 characters and a template of at most 1023.
import type { AppError } from '../../lib/bindings';
import { m } from '../../lib/i18n';

export const URL_MAX = 127;
export const TEMPLATE_MAX = 1023;
/** The example broker address in placeholders and hints (the same in every language). */
export const URL_EXAMPLE = 'mqtt://192.168.1.10:1883';

/** Why a broker URL is not usable, or null when it is. `required`: an empty URL is a problem. */
export function mqttUrlProblem(url: string, required = true): string | null {
  const u = url.trim();
  if (u === '') return required ? m.mqtt_url_missing({ example: URL_EXAMPLE }) : null;
  if (u.length > URL_MAX) return m.mqtt_url_too_long({ max: URL_MAX, length: u.length });
  const parts = /^(mqtts?):\/\/([^/?#]*)(.*)$/i.exec(u);
  if (parts === null) return m.mqtt_url_scheme();
  if (/\s/.test(u)) return m.mqtt_url_spaces();
  const authority = parts[2]!.replace(/^[^@]*@/, '');
  const hostPort = /^(\[[^\]]+\]|[^:]+)(?::(\d*))?$/.exec(authority);
  if (hostPort === null || hostPort[1] === '') return m.mqtt_url_host();
  const port = hostPort[2];
  if (port !== undefined) {
    const n = Number(port);
    if (port === '' || !Number.isInteger(n) || n < 1 || n > 65535) return m.mqtt_url_port();
  }
  if (parts[3] !== '' && parts[3] !== '/') return m.mqtt_url_path();
  return null;
}

/** True for mqtts:// (TLS: certificates matter). */
export function isSecureUrl(url: string): boolean {
  return /^mqtts:\/\//i.test(url.trim());
}

export type PemKind = 'ca' | 'cert' | 'key';

/** "This is not a PEM file", with what to choose instead. */
function notPem(kind: PemKind): string {
  return kind === 'ca' ? m.mqtt_pem_not_pem_ca() : kind === 'cert' ? m.mqtt_pem_not_pem_cert() : m.mqtt_pem_not_pem_key();
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM block types in a text (`CERTIFICATE`, `PRIVATE KEY`, …), in order. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((b) => b[1]!);
}

/** Why a file's text is not the expected PEM, or null when it is. */
export function pemProblem(kind: PemKind, text: string): string | null {
  const blocks = pemBlocks(text);
  if (blocks.length === 0) {
    return /-----BEGIN /.test(text)
      ? m.mqtt_pem_incomplete()
      : notPem(kind);
  }
  const keys = blocks.filter((b) => b.endsWith('PRIVATE KEY'));
  if (kind === 'key') {
    if (blocks.includes('ENCRYPTED PRIVATE KEY')) return m.mqtt_pem_encrypted();
    if (keys.length === 0) return m.mqtt_pem_holds_not_key({ block: blocks[0]!.toLowerCase() });
    if (keys.length > 1 || blocks.length > 1) return m.mqtt_pem_only_key();
    return null;
  }
  if (keys.length > 0) return m.mqtt_pem_contains_key();
  if (!blocks.includes('CERTIFICATE')) return m.mqtt_pem_holds_not_cert({ block: blocks[0]!.toLowerCase() });
  return null;
}

/** Reads a chosen file as text and checks it; resolves to the PEM or a problem. */
export async function readPem(kind: PemKind, file: File): Promise<{ pem: string } | { problem: string }> {
  if (file.size > 16_384) return { problem: m.mqtt_pem_too_large() };
  const text = await file.text();
  const problem = pemProblem(kind, text);
  return problem === null ? { pem: text.trim() + '\n' } : { problem };
}

/** "712 / 1023" and whether it is over the limit. */
export function templateCount(template: string): { text: string; over: boolean } {
  const n = [...template].length;
  return { text: `${n} / ${TEMPLATE_MAX}`, over: n > TEMPLATE_MAX };
}

/** The headline for a failed write to the meter: it refused the settings (`invalid_input`), or `otherwise`. */
export function meterWriteFailed(otherwise: string): (error: AppError) => string {
  return (error) => (error.code === 'invalid_input' ? m.mqtt_meter_refused() : otherwise);
}
