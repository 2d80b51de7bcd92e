// Where a meter's password may go, in a homeowner's words: a meter that seems to have moved to another
// address (the user is asked before its password goes there), and a meter that asked for its password
// unencrypted (HTTP Basic) after it used the safer Digest login. Pure: the notices and dialogs render it.
import type { AppError } from '../../lib/bindings';
import { errorDiagnostic, type Diagnostic } from '../../lib/diagnostics';
import { m } from '../../lib/i18n';

/** Firmware from this version on logs in with Digest; older firmware only knows Basic (the simple login). */
export const DIGEST_FIRMWARE: readonly [number, number] = [1, 10];

/**
 * Whether `firmware` ("1.9.8", "v1.10.3-beta") is older than `major.minor`; null when it is not known
 * or cannot be read.
 */
export function firmwareOlderThan(firmware: string | null, [major, minor]: readonly [number, number] = DIGEST_FIRMWARE): boolean | null {
  const m = firmware?.match(/(\d+)\.(\d+)/);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a < major || (a === major && b < minor);
}

/** What WattDesk knows about the meter's firmware, for the "Allow the simple login" dialog. */
export function firmwareNote(firmware: string | null): { text: string; suspicious: boolean } {
  const old = firmwareOlderThan(firmware);
  const v = `${DIGEST_FIRMWARE[0]}.${DIGEST_FIRMWARE[1]}`;
  if (old === null) return { text: m.meters_firmware_unknown(), suspicious: false };
  if (old) return { text: m.meters_firmware_old({ firmware: firmware ?? '', version: v }), suspicious: false };
  return { text: m.meters_firmware_new({ firmware: firmware ?? '', version: v }), suspicious: true };
}

/** Why WattDesk asks before using the address a moved meter was found at (the notice's details). */
export function moveExplanation(oldAddress: string, newAddress: string): string {
  return m.meters_move_explanation({ old_address: oldAddress, new_address: newAddress });
}

/** Why "Use this address" failed, said for this situation (the generic words for anything else). */
export function moveProblem(err: AppError, address: string): Diagnostic {
  const base = errorDiagnostic(err, address);
  switch (err.code) {
    case 'basic_refused':
      return {
        ...base,
        title: m.meters_move_basic_refused({ address }),
      };
    case 'wrong_password':
      return {
        ...base,
        title: m.meters_move_wrong_password({ address }),
      };
    case 'password_required':
      return { ...base, tone: 'warning', title: m.meters_move_password_required({ address }) };
    case 'not_this_meter':
      return { ...base, title: m.meters_move_not_this_meter({ address }) };
    default:
      return base;
  }
}
