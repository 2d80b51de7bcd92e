// The reader's password as the device takes it (docs: settings `system.password`, 1 to 31 characters),
// typed twice.

export const PASSWORD_MAX = 31;

/**
 * What is wrong with the new password and its repetition (null: fine). Before the user tried to save
 * (`touched`), only what is surely wrong already: too long, or a repetition as long as the password that
 * differs from it.
 */
export function passwordProblems(first: string, second: string, touched: boolean): { first: string | null; second: string | null } {
  const n = [...first].length;
  let firstProblem: string | null = null;
  if (n > PASSWORD_MAX) firstProblem = `The reader takes at most ${PASSWORD_MAX} characters; this has ${n}.`;
  else if (n === 0 && touched) firstProblem = 'Enter the new password.';
  const typedOut = touched || (second !== '' && [...second].length >= n);
  const secondProblem = firstProblem === null && n > 0 && typedOut && second !== first ? 'The two passwords are not the same.' : null;
  return { first: firstProblem, second: secondProblem };
}
