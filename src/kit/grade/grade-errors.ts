import { KitError } from '../kit-error.js';

/** Stable codes of {@link GradeError}. */
export type GradeErrorCode =
  | 'ERR_GRADE_SANDBOX_MISSING'
  | 'ERR_GRADE_SANDBOX_FAILED'
  | 'ERR_GRADE_LESSON'
  | 'ERR_GRADE_REFERENCE'
  | 'ERR_GRADE_DUPLICATE_STUDENT';

/**
 * A grading run that cannot start or go on: no sandbox, a lesson without exercises, a solution that does
 * not pass its own tests, two submissions with the same student id. A bad submission is never an error:
 * it is graded, with a reason.
 *
 * @example
 * catch (error) { if (error instanceof GradeError && error.code === 'ERR_GRADE_SANDBOX_MISSING') suggestNoSandbox(); }
 */
export class GradeError extends KitError {
  constructor(code: GradeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
