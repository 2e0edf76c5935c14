import type { IConstruct } from 'constructs';

/**
 * The one error type of the project: a user's mistake (bad config, bad props, a synth-time check that
 * failed). It carries every problem found, so the user fixes them in one pass, and the CLI prints it
 * without a stack trace. Thrown by a construct, it names the construct and its path, the way aws-cdk-lib's
 * own ValidationError does: `SecureBucket Product/Uploads: expireObjectsAfter: ...`.
 */
export class ValidationError extends Error {
  /**
   * The error for a construct's problems, its message starting with `<constructName> <path>:`. One problem
   * stays on that line; several are listed below it, one per line.
   *
   * The name is passed, not read from `scope.constructor.name`: bundlers minify class names, and the
   * message must name the construct the user wrote.
   */
  public static of(scope: IConstruct, constructName: string, problems: readonly string[]): ValidationError {
    return new ValidationError(`${constructName} ${scope.node.path}:`, problems, scope.node.path);
  }

  /** Every problem found, one human-readable line each. Print these to show the user what to fix. */
  public readonly problems: readonly string[];

  /**
   * The path of the construct whose props are wrong (`Product/Uploads`), to find it in the app.
   * @default - undefined for errors that are not about one construct (a config file, a README)
   */
  public readonly constructPath?: string;

  /**
   * The problems listed under a title, one per line. With a `constructPath` (what {@link ValidationError.of}
   * passes) a single problem follows the title on the same line, so the common case reads as one sentence.
   * Errors that are not about one construct (a config file, a README) pass only a title and the problems.
   */
  constructor(title: string, problems: readonly string[], constructPath?: string) {
    const oneLine = constructPath !== undefined && problems.length === 1;
    super(oneLine ? `${title} ${problems[0]}` : `${title}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ValidationError';
    this.problems = problems;
    this.constructPath = constructPath;
  }
}

/** True for a ValidationError, also across module copies (instanceof fails when a package is loaded twice). */
export function isValidationError(e: unknown): e is ValidationError {
  return e instanceof Error && e.name === 'ValidationError' && Array.isArray((e as ValidationError).problems);
}

/**
 * Throws one ValidationError naming every problem, or returns when there are none. A construct passes
 * itself and its class name (`throwIfProblems(this, 'SecureBucket', problems)`) so the message says
 * where; anything else passes a title.
 */
export function throwIfProblems(scope: IConstruct, constructName: string, problems: readonly string[]): void;
export function throwIfProblems(title: string, problems: readonly string[]): void;
export function throwIfProblems(where: IConstruct | string, second: string | readonly string[], third?: readonly string[]): void {
  if (typeof where === 'string') {
    const problems = second as readonly string[];
    if (problems.length > 0) throw new ValidationError(where, problems);
    return;
  }
  const problems = third ?? [];
  if (problems.length > 0) throw ValidationError.of(where, second as string, problems);
}
