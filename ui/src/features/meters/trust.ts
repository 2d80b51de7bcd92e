// Where a meter's password may go, in a homeowner's words: a meter that seems to have moved to another
// address (the user is asked before its password goes there), and a meter that asked for its password
// unencrypted (HTTP Basic) after it used the safer Digest login. Pure: the notices and dialogs render it.
import type { AppError } from '../../lib/bindings';
import { errorDiagnostic, type Diagnostic } from '../../lib/diagnostics';

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
  if (old === null) return { text: 'WattDesk does not know which firmware this meter runs.', suspicious: false };
  if (old) return { text: `This meter last reported firmware ${firmware}, which is older than ${v}.`, suspicious: false };
  return {
    text: `This meter last reported firmware ${firmware}, which has the safer login. A meter with ${v} or newer should not need the simple one: be careful.`,
    suspicious: true,
  };
}

/** Why WattDesk asks before using the address a moved meter was found at (the notice's details). */
export function moveExplanation(oldAddress: string, newAddress: string): string {
  return (
    `WattDesk no longer reaches this meter at ${oldAddress}, and a device at ${newAddress} says it is this meter. ` +
    `To be sure, WattDesk would have to log in there with the meter's password, and it only sends a password to an ` +
    `address you have confirmed: a device that only pretends to be your meter never gets it. ` +
    `Use the new address if your router or the meter restarted lately; keep the old one if you do not recognise it.`
  );
}

/** Why "Use this address" failed, said for this situation (the generic words for anything else). */
export function moveProblem(err: AppError, address: string): Diagnostic {
  const base = errorDiagnostic(err, address);
  switch (err.code) {
    case 'basic_refused':
      return {
        ...base,
        title: `The device at ${address} asked for the password unencrypted, which your meter did not do before. WattDesk did not send it: this may not be your meter.`,
      };
    case 'wrong_password':
      return {
        ...base,
        title: `The device at ${address} did not accept this meter's saved password. It may not be your meter, or the meter's password was changed.`,
      };
    case 'password_required':
      return { ...base, tone: 'warning', title: `The device at ${address} asks for a password, but none is saved for this meter.` };
    case 'not_this_meter':
      return { ...base, title: `A different whatwatt Go answers at ${address}: it is not this meter.` };
    default:
      return base;
  }
}
