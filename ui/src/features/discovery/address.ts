// A quick check of what someone typed in the address field, before anything is sent. It mirrors the
// backend's parser (IP, host name, host:port, http(s) URL); the backend stays the authority and answers
// `invalid_address` for anything this lets through that it cannot use.
import { m } from '../../lib/i18n';

export interface AddressCheck {
  ok: boolean;
  /** Why it cannot be used (ok = false), or null. */
  problem: string | null;
}

const OK: AddressCheck = { ok: true, problem: null };
const bad = (problem: string): AddressCheck => ({ ok: false, problem });

/** Each read in the current language when it is used. */
export const ADDRESS_PROBLEMS = {
  get empty() {
    return m.discovery_address_empty();
  },
  get spaces() {
    return m.discovery_address_spaces();
  },
  get scheme() {
    return m.discovery_address_scheme();
  },
  get incompleteIp() {
    return m.discovery_address_incomplete_ip();
  },
  get ipRange() {
    return m.discovery_address_ip_range();
  },
  get port() {
    return m.discovery_address_port();
  },
  get host() {
    return m.discovery_address_host();
  },
  get noHost() {
    return m.discovery_address_no_host();
  },
};

const DOTTED_NUMBERS = /^\d+(\.\d+)*\.?$/;
const HOST_LABELS = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

export function checkAddress(input: string): AddressCheck {
  const text = input.trim();
  if (text === '') return bad(ADDRESS_PROBLEMS.empty);
  if (/\s/.test(text)) return bad(ADDRESS_PROBLEMS.spaces);

  let rest = text;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (name !== 'http' && name !== 'https') return bad(ADDRESS_PROBLEMS.scheme);
    rest = text.slice(scheme[0].length);
  }
  // Drop any path, query or fragment; drop user:password@ (the backend drops it too).
  rest = rest.split(/[/?#]/, 1)[0] ?? '';
  const at = rest.lastIndexOf('@');
  if (at !== -1) rest = rest.slice(at + 1);
  if (rest === '') return bad(ADDRESS_PROBLEMS.noHost);

  let host: string;
  let port: string | null = null;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end === -1) return bad(ADDRESS_PROBLEMS.host);
    host = rest.slice(1, end);
    const after = rest.slice(end + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return bad(ADDRESS_PROBLEMS.host);
      port = after.slice(1);
    }
    if (!/^[0-9a-f:.]+(%[\w.-]+)?$/i.test(host) || !host.includes(':')) return bad(ADDRESS_PROBLEMS.host);
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) {
      // A bare IPv6 address: fine for the backend only in brackets, but say what to do.
      return /^[0-9a-f:]+$/i.test(rest)
        ? bad(m.discovery_address_ipv6())
        : bad(ADDRESS_PROBLEMS.host);
    }
    if (colons === 1) {
      const i = rest.indexOf(':');
      host = rest.slice(0, i);
      port = rest.slice(i + 1);
    } else {
      host = rest;
    }
    if (host === '') return bad(ADDRESS_PROBLEMS.noHost);
    if (DOTTED_NUMBERS.test(host)) {
      const parts = host.replace(/\.$/, '').split('.');
      if (parts.length !== 4) return bad(ADDRESS_PROBLEMS.incompleteIp);
      if (parts.some((p) => Number(p) > 255)) return bad(ADDRESS_PROBLEMS.ipRange);
    } else if (!HOST_LABELS.test(host)) {
      return bad(ADDRESS_PROBLEMS.host);
    }
  }
  if (port !== null) {
    if (!/^\d{1,5}$/.test(port)) return bad(ADDRESS_PROBLEMS.port);
    const n = Number(port);
    if (n < 1 || n > 65535) return bad(ADDRESS_PROBLEMS.port);
  }
  return OK;
}
