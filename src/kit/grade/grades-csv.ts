import type { GradingPlan } from './grading-plan.js';

/** One row of `grades.csv`: a student's total and per-exercise points. */
export interface GradeRow {
  student: string;
  score: number;
  maxScore: number;
  /** Points per exercise id. */
  exercises: Record<string, number>;
  /** Points were lost with a time limit hit on the way: the row is not final, a re-run grades it again. */
  timedOut: boolean;
}

/**
 * `grades.csv`: a header `student,total,max,<exercise ids...>,timed_out` and one row per student, sorted
 * by id; `timed_out` is `yes` for a row whose points a time limit may have cost (last, so the columns
 * before it keep their places). Fields are quoted when they need it (RFC 4180).
 *
 * @example
 * gradesCsv(plan, rows); // 'student,total,max,echo-once,split-frames,timed_out\nana,5,5,2,3,no\n'
 */
export function gradesCsv(plan: Pick<GradingPlan, 'exercises'>, rows: readonly GradeRow[]): string {
  const ids = plan.exercises.map((exercise) => exercise.id);
  const lines = [['student', 'total', 'max', ...ids, 'timed_out'].map(csvField).join(',')];
  for (const row of [...rows].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0))) {
    lines.push([row.student, String(row.score), String(row.maxScore), ...ids.map((id) => String(row.exercises[id] ?? 0)),
      row.timedOut ? 'yes' : 'no'].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
