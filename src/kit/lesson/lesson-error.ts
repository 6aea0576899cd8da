import { LocatedError } from '../kit-error.js';

/**
 * The stable codes of {@link LessonError}: match on these, never on the message text.
 */
export type LessonErrorCode =
  | 'ERR_LESSON_MISSING_FRONT_MATTER'
  | 'ERR_LESSON_UNCLOSED_FRONT_MATTER'
  | 'ERR_LESSON_FRONT_MATTER_YAML'
  | 'ERR_LESSON_FRONT_MATTER_UNKNOWN_KEY'
  | 'ERR_LESSON_FRONT_MATTER_MISSING_KEY'
  | 'ERR_LESSON_FRONT_MATTER_INVALID'
  | 'ERR_LESSON_UNCLOSED_FENCE'
  | 'ERR_LESSON_UNCLOSED_COMMENT'
  | 'ERR_LESSON_UNKNOWN_ATTRIBUTE'
  | 'ERR_LESSON_INVALID_ATTRIBUTE'
  | 'ERR_LESSON_UNKNOWN_DIRECTIVE'
  | 'ERR_LESSON_INVALID_DIRECTIVE'
  | 'ERR_LESSON_MISPLACED_DIRECTIVE'
  | 'ERR_LESSON_UNCLOSED_BLOCK'
  | 'ERR_LESSON_NESTED_BLOCK'
  | 'ERR_LESSON_ID_TWICE'
  | 'ERR_LESSON_DUPLICATE_ID'
  | 'ERR_LESSON_UNBALANCED_MARKERS'
  | 'ERR_LESSON_MISPLACED_MARKER'
  | 'ERR_LESSON_HIDDEN_CASE_NAME'
  | 'ERR_LESSON_MISSING_SOLUTION'
  | 'ERR_LESSON_ANSWER_WITHOUT_TESTS'
  | 'ERR_LESSON_UNKNOWN_ANSWER'
  | 'ERR_LESSON_MISPLACED_EXERCISE'
  | 'ERR_LESSON_NOTES_OUTSIDE_SLIDE'
  | 'ERR_LESSON_PARITY';

/**
 * A malformed lesson: where (`file`, 1-based `line`), what is wrong and how to fix it.
 * The message reads `FILE:LINE: What is wrong. How to fix it.`
 *
 * @example
 * throw new LessonError('ERR_LESSON_DUPLICATE_ID', 'notebooks/es/04-tcp-echo.md', 37,
 *   "Duplicate cell id 'server' (first used at line 12)", 'Give each cell a unique id');
 */
export class LessonError extends LocatedError<LessonErrorCode> {}

/**
 * Two languages of one lesson differ: carries the first difference's location in both files.
 *
 * @example
 * if (error instanceof LessonParityError) console.log(error.otherFile, error.otherLine);
 */
export class LessonParityError extends LessonError {
  readonly otherFile: string;
  readonly otherLine: number;

  constructor(file: string, line: number, otherFile: string, otherLine: number, problem: string, hint: string) {
    super('ERR_LESSON_PARITY', file, line, `${problem} (${otherFile}:${otherLine})`, hint);
    this.otherFile = otherFile;
    this.otherLine = otherLine;
  }
}
