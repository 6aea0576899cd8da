import type { SubmissionGrade } from '../../src/kit/grade/grade-submission.js';

/** A grade's score as `earned/max`, or 'not graded'. */
export function scoreOf(grade: SubmissionGrade | undefined): string {
  return grade === undefined ? 'not graded' : `${grade.score}/${grade.maxScore}`;
}

/**
 * Where a grade lost or earned points, for an assertion message: the submission's notes, then per
 * exercise its points, its notes, why a tests cell lost points (a time limit, a kernel crash) and each
 * case with its message, the grader's note (no result, reported twice) and its time limit if it hit one,
 * so that a score that differs says what happened in the kernel.
 */
export function explainGrade(grade: SubmissionGrade | undefined): string {
  if (grade === undefined) return 'not graded';
  const exercises = grade.exercises.map((exercise) => {
    const cases = exercise.tests.flatMap((tests) => [
      ...(tests.reason ? [`${tests.id}: ${tests.reason.en}`] : []),
      ...tests.cases.map((entry) => {
        const why = [
          entry.message,
          entry.note?.en,
          entry.timedOutSeconds === undefined ? undefined : `over its ${entry.timedOutSeconds} s limit`,
        ].filter((text) => text !== undefined);
        return `${entry.passed ? 'passed' : 'failed'} '${entry.name}'${why.length > 0 ? `: ${why.join('; ')}` : ''}`;
      }),
    ]);
    return `${exercise.id} ${exercise.points}/${exercise.maxPoints} [${[...exercise.notes.map((note) => note.en), ...cases].join('; ')}]`;
  });
  return [`score ${scoreOf(grade)}`, ...grade.notes.map((note) => note.en), ...exercises].join('\n  ');
}
