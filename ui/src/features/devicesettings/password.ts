// The reader's password as the device takes it (docs: settings `system.password`, 1 to 31 characters),
// typed twice.

import { m } from '../../lib/i18n';

export const PASSWORD_MAX = 31;

/**
 * What is wrong with the new password and its repetition (null: fine). Before the user tried to save
 * (`touched`), only what is surely wrong already: too long, or a repetition as long as the password that
 * differs from it.
 */
export function passwordProblems(first: string, second: string, touched: boolean): { first: string | null; second: string | null } {
  const n = [...first].length;
  let firstProblem: string | null = null;
  if (n > PASSWORD_MAX) firstProblem = m.ds_pw_too_long({ max: PASSWORD_MAX, count: n });
  else if (n === 0 && touched) firstProblem = m.ds_pw_enter();
  const typedOut = touched || (second !== '' && [...second].length >= n);
  const secondProblem = firstProblem === null && n > 0 && typedOut && second !== first ? m.ds_pw_mismatch() : null;
  return { first: firstProblem, second: secondProblem };
}
