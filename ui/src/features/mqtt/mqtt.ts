// Checks for the device's MQTT publishing settings, run in the form before anything is sent.
// The device takes a broker URL of at most 127 characters and a template of at most 1023.
import type { AppError } from '../../lib/bindings';

export const URL_MAX = 127;
export const TEMPLATE_MAX = 1023;

/** Why a broker URL is not usable, or null when it is. `required`: an empty URL is a problem. */
export function mqttUrlProblem(url: string, required = true): string | null {
  const u = url.trim();
  if (u === '') return required ? 'Enter the broker address, e.g. mqtt://192.168.1.10:1883.' : null;
  if (u.length > URL_MAX) return `Use at most ${URL_MAX} characters (this has ${u.length}).`;
  const m = /^(mqtts?):\/\/([^/?#]*)(.*)$/i.exec(u);
  if (m === null) return 'Start with mqtt:// or mqtts:// (secure).';
  if (/\s/.test(u)) return 'Remove the spaces.';
  const authority = m[2]!.replace(/^[^@]*@/, '');
  const hostPort = /^(\[[^\]]+\]|[^:]+)(?::(\d*))?$/.exec(authority);
  if (hostPort === null || hostPort[1] === '') return 'Add the broker host after the ://.';
  const port = hostPort[2];
  if (port !== undefined) {
    const n = Number(port);
    if (port === '' || !Number.isInteger(n) || n < 1 || n > 65535) return 'The port must be a number from 1 to 65535.';
  }
  if (m[3] !== '' && m[3] !== '/') return 'Leave out any path: the topic is set separately.';
  return null;
}

/** True for mqtts:// (TLS: certificates matter). */
export function isSecureUrl(url: string): boolean {
  return /^mqtts:\/\//i.test(url.trim());
}

export type PemKind = 'ca' | 'cert' | 'key';

export const PEM_LABEL: Record<PemKind, string> = {
  ca: 'CA certificate',
  cert: 'client certificate',
  key: 'client key',
};

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM block types in a text (`CERTIFICATE`, `PRIVATE KEY`, …), in order. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((m) => m[1]!);
}

/** Why a file's text is not the expected PEM, or null when it is. */
export function pemProblem(kind: PemKind, text: string): string | null {
  const blocks = pemBlocks(text);
  if (blocks.length === 0) {
    return /-----BEGIN /.test(text)
      ? 'The PEM block is incomplete (its END line is missing).'
      : `This is not a PEM file. Choose the ${PEM_LABEL[kind]} as text starting with -----BEGIN.`;
  }
  const keys = blocks.filter((b) => b.endsWith('PRIVATE KEY'));
  if (kind === 'key') {
    if (blocks.includes('ENCRYPTED PRIVATE KEY')) return 'This key is encrypted with a passphrase; the device needs it unencrypted.';
    if (keys.length === 0) return `This file holds ${blocks[0]!.toLowerCase()}, not a private key.`;
    if (keys.length > 1 || blocks.length > 1) return 'Choose a file with only the private key in it.';
    return null;
  }
  if (keys.length > 0) return 'This file contains a private key. Choose the certificate (keys go in Client key).';
  if (!blocks.includes('CERTIFICATE')) return `This file holds ${blocks[0]!.toLowerCase()}, not a certificate.`;
  return null;
}

/** Reads a chosen file as text and checks it; resolves to the PEM or a problem. */
export async function readPem(kind: PemKind, file: File): Promise<{ pem: string } | { problem: string }> {
  if (file.size > 16_384) return { problem: 'This file is too large for a certificate or key (over 16 kB).' };
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
  return (error) => (error.code === 'invalid_input' ? 'The meter did not accept these settings.' : otherwise);
}
