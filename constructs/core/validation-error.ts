/**
 * The one error type of the project: a user's mistake (bad config, bad props, a synth-time check that
 * failed). It carries every problem found, so the user fixes them in one pass, and the CLI prints it
 * without a stack trace.
 */
export class ValidationError extends Error {
  /** Every problem found, one human-readable line each. */
  public readonly problems: readonly string[];

  constructor(title: string, problems: readonly string[]) {
    super(`${title}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** True for a ValidationError, also across module copies (instanceof fails when a package is loaded twice). */
export function isValidationError(e: unknown): e is ValidationError {
  return e instanceof Error && e.name === 'ValidationError' && Array.isArray((e as ValidationError).problems);
}

/** Throws one ValidationError naming every problem, or returns when there are none. */
export function throwIfProblems(title: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new ValidationError(title, problems);
}
