/**
 * The base of every error the course tooling throws: a stable `code` to match on (never the message), the
 * class name as `name`, and an underlying error kept as `cause`. The student library has its own base,
 * `SocketbookError` (src/net/errors.ts); the tooling does not borrow it.
 *
 * @example
 * catch (error) { if (error instanceof KitError && error.code === 'ERR_KERNEL_START') retry(); }
 */
export class KitError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * An error in a file a person wrote (a lesson, a deck's source): where (`file`, 1-based `line`), what is
 * wrong and how to fix it. The message reads `FILE:LINE: What is wrong. How to fix it.`
 *
 * @example
 * throw new LessonError('ERR_LESSON_DUPLICATE_ID', 'notebooks/es/04-tcp-echo.md', 37,
 *   "Duplicate cell id 'server' (first used at line 12)", 'Give each cell a unique id');
 */
export class LocatedError<Code extends string = string> extends KitError<Code> {
  readonly file: string;
  readonly line: number;
  /** What is wrong, without the location or the hint. */
  readonly problem: string;
  /** How to fix it. */
  readonly hint: string;

  constructor(code: Code, file: string, line: number, problem: string, hint: string, options?: { cause?: unknown }) {
    super(code, `${file}:${line}: ${problem}. ${hint}.`, options);
    this.file = file;
    this.line = line;
    this.problem = problem;
    this.hint = hint;
  }
}
