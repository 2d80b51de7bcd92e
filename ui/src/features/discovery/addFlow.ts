// The steps of adding a meter, shared by the manual form and the "Add" button of a discovered meter.
// The backend calls are passed in, so the flow is tested without Tauri.
import type { AddMeterRequest, DiscoveredView, MeterView, ProbeView } from '../../lib/bindings';
import { errorDiagnostic, probeDiagnostic, type Diagnostic } from '../../lib/diagnostics';
import { toAppError } from '../../lib/errors';
import { m } from '../../lib/i18n';

export interface AddApi {
  probeAddress(address: string, password: string | null): Promise<ProbeView>;
  addMeter(request: AddMeterRequest): Promise<MeterView>;
}

/** Where a check (`probe_address`) leaves the flow. */
export type CheckOutcome =
  | { kind: 'device'; device: DiscoveredView }
  | { kind: 'needs_password'; diagnostic: Diagnostic }
  | { kind: 'problem'; diagnostic: Diagnostic };

/** Where an add (`add_meter`) leaves the flow. */
export type AddOutcome =
  | { kind: 'added'; meter: MeterView }
  | { kind: 'needs_password'; diagnostic: Diagnostic }
  | { kind: 'problem'; diagnostic: Diagnostic };

function emptyToNull(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = s.trim();
  return t === '' ? null : t;
}

export async function check(api: AddApi, address: string, password: string | null): Promise<CheckOutcome> {
  const addr = address.trim();
  let probe: ProbeView;
  try {
    probe = await api.probeAddress(addr, password === '' ? null : password);
  } catch (reason) {
    const err = toAppError(reason);
    const diagnostic = errorDiagnostic(err, addr);
    return err.code === 'password_required' ? { kind: 'needs_password', diagnostic } : { kind: 'problem', diagnostic };
  }
  if (probe.kind === 'device') return { kind: 'device', device: probe.device };
  const diagnostic = probeDiagnostic(probe, addr);
  if (diagnostic === null) return unexpected(addr);
  return probe.kind === 'needs_password' ? { kind: 'needs_password', diagnostic } : { kind: 'problem', diagnostic };
}

export async function add(
  api: AddApi,
  address: string,
  password: string | null,
  name: string | null,
): Promise<AddOutcome> {
  const addr = address.trim();
  try {
    const meter = await api.addMeter({
      address: addr,
      // Sent as typed (a password may begin or end with a space); empty means none.
      password: password === null || password === '' ? null : password,
      name: emptyToNull(name),
    });
    return { kind: 'added', meter };
  } catch (reason) {
    const err = toAppError(reason);
    const diagnostic = errorDiagnostic(err, addr);
    return err.code === 'password_required' ? { kind: 'needs_password', diagnostic } : { kind: 'problem', diagnostic };
  }
}

/**
 * The "Add" button of a discovered meter: probe first; add straight away when no password is needed.
 * `needs_password` means: ask for the password, then call `add` with it.
 */
export async function quickAdd(api: AddApi, address: string): Promise<AddOutcome> {
  const checked = await check(api, address, null);
  switch (checked.kind) {
    case 'device':
      return add(api, address, null, null);
    case 'needs_password':
      return checked;
    case 'problem':
      return checked;
  }
}

function unexpected(address: string): CheckOutcome {
  return { kind: 'problem', diagnostic: errorDiagnostic({ code: 'internal', message: m.discovery_unexpected_probe() }, address) };
}
