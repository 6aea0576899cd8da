import { inLang } from './bilingual.js';
import { feedbackWords } from './feedback-words.js';
import type { SubmissionGrade } from './grade-submission.js';

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
  visibility: 'visible';
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
 * `exercise.case`; a hidden case has its name and status and no output.
 *
 * @example
 * await atomicWrite(join(out, grade.student, 'results.json'), `${JSON.stringify(gradescopeResults(grade, plan.name), null, 2)}\n`);
 */
export function gradescopeResults(grade: SubmissionGrade, lesson: string): GradescopeResults {
  const words = feedbackWords(grade.lang);
  const tests: GradescopeTest[] = [];
  grade.exercises.forEach((exercise, exerciseIndex) => {
    let caseNumber = 0;
    for (const test of exercise.tests) {
      for (const entry of test.cases) {
        caseNumber += 1;
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
          name: `${exercise.id}: ${entry.hidden ? `${words.hiddenTest}: ` : ''}${entry.name}`,
          number: `${exerciseIndex + 1}.${caseNumber}`,
          output: output.join('\n'),
          output_format: 'text',
          tags: [exercise.id],
          visibility: 'visible',
        });
      }
    }
  });
  const notes = [...grade.notes, ...grade.exercises.flatMap((exercise) => exercise.notes)].map((note) => inLang(note, grade.lang));
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
