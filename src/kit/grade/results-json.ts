import { feedbackWords } from './feedback-words.js';
import type { SubmissionGrade } from './grade-submission.js';
import { inLang } from '../lang.js';

/** When Gradescope shows a test to the student, in its own words. */
export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

/** Every {@link GradescopeVisibility}, for validating a command line. */
export const GRADESCOPE_VISIBILITIES: readonly GradescopeVisibility[] = ['hidden', 'after_due_date', 'after_published', 'visible'];

/** Options of {@link gradescopeResults}. */
export interface GradescopeResultsOptions {
  /**
   * When students see the hidden cases (each under a neutral name such as "Hidden test 2 of exercise
   * echo-once"): with `visible` they see each one's verdict on every resubmission and can iterate against
   * them. Visible cases and the total are always visible.
   * @default 'after_published'
   */
  hiddenVisibility?: GradescopeVisibility;
}

/** One entry of Gradescope's `tests` list. */
export interface GradescopeTest {
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  name: string;
  number: string;
  output: string;
  output_format: 'text';
  tags: string[];
  visibility: GradescopeVisibility;
}

/** Gradescope's `results.json` (https://gradescope-autograders.readthedocs.io, "Output format"). */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
  leaderboard: [];
  extra_data: { student: string; lesson: string; max_score: number };
}

/**
 * A submission's grade in Gradescope's `results.json` schema: one test per case, numbered
 * `exercise.case`. A hidden case gets a neutral name ("Hidden test 2 of exercise echo-once"), its status,
 * no output and `hiddenVisibility`: nothing a student sees names or describes it.
 *
 * @example
 * await atomicWrite(join(out, grade.student, 'results.json'), `${JSON.stringify(gradescopeResults(grade, plan.name), null, 2)}\n`);
 */
export function gradescopeResults(grade: SubmissionGrade, lesson: string, options: GradescopeResultsOptions = {}): GradescopeResults {
  const words = feedbackWords(grade.lang);
  const hiddenVisibility = options.hiddenVisibility ?? 'after_published';
  const tests: GradescopeTest[] = [];
  grade.exercises.forEach((exercise, exerciseIndex) => {
    let caseNumber = 0;
    let hiddenNumber = 0;
    for (const test of exercise.tests) {
      for (const entry of test.cases) {
        caseNumber += 1;
        if (entry.hidden) hiddenNumber += 1;
        const output: string[] = [];
        if (!entry.passed && !entry.hidden) {
          if (test.reason !== undefined) output.push(inLang(test.reason, grade.lang));
          if (entry.message !== undefined) output.push(entry.message);
          if (entry.note !== undefined) output.push(inLang(entry.note, grade.lang));
          if (entry.expected !== undefined) output.push(`${words.expected}: ${entry.expected}`);
          if (entry.actual !== undefined) output.push(`${words.got}: ${entry.actual}`);
          if (entry.hint !== undefined) output.push(`${words.hint}: ${entry.hint}`);
        }
        tests.push({
          score: entry.points,
          max_score: entry.maxPoints,
          status: entry.passed ? 'passed' : 'failed',
          name: entry.hidden ? words.hiddenCaseName(hiddenNumber, exercise.id) : `${exercise.id}: ${entry.name}`,
          number: `${exerciseIndex + 1}.${caseNumber}`,
          output: output.join('\n'),
          output_format: 'text',
          tags: [exercise.id],
          visibility: entry.hidden ? hiddenVisibility : 'visible',
        });
      }
    }
  });
  const exerciseNotes = grade.exercises.flatMap((exercise) => [
    ...(exercise.timedOut === undefined ? [] : [`${words.exercise} ${exercise.id}: ${inLang(exercise.timedOut, grade.lang)}`]),
    ...exercise.notes.map((note) => inLang(note, grade.lang)),
  ]);
  const notes = [...grade.notes.map((note) => inLang(note, grade.lang)), ...exerciseNotes];
  return {
    score: grade.score,
    execution_time: Math.round(grade.durationMs / 100) / 10,
    output: notes.join('\n'),
    output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
    leaderboard: [],
    extra_data: { student: grade.student, lesson, max_score: grade.maxScore },
  };
}
