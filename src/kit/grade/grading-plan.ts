import type { Lesson } from '../lesson/lesson.js';
import { GradeError } from './grade-errors.js';
import type { Lang } from '../lang.js';

/** An exercise: its answer cell and the tests cells that grade it. */
export interface Exercise {
  /** The answer cell's id (nbgrader `grade_id`). */
  id: string;
  /** Ids of its tests cells, in lesson order. */
  testsIds: string[];
  /** The points of all its tests cells. */
  maxPoints: number;
}

/** Instructor code cells that run as they are (imports, servers, demonstrations). */
export interface SetupStep {
  kind: 'setup';
  cellIds: string[];
  code: string;
}

/** Where a student's answer goes; `solution` is what the reference run executes. */
export interface AnswerStep {
  kind: 'answer';
  exercise: string;
  solution: string;
}

/** A tests cell, always the instructor's, hidden tests included. */
export interface TestsStep {
  kind: 'tests';
  id: string;
  exercise: string;
  points: number;
  code: string;
  /** Whether the cell has a hidden tests region: a failure's message could then reveal a hidden test. */
  hasHidden: boolean;
}

export type PlanStep = SetupStep | AnswerStep | TestsStep;

/** What a grader executes for a lesson, in order, with the answer steps left for each submission. */
export interface GradingPlan {
  lessonFile: string;
  lang: Lang;
  /** The lesson's file name without `.md`, e.g. `04-tcp-echo`. */
  name: string;
  title: string;
  steps: PlanStep[];
  exercises: Exercise[];
}

/** Options of {@link buildGradingPlan}. */
export interface GradingPlanOptions {
  /**
   * Run consecutive instructor code cells as one execution: tslab type-checks every execution, so fewer
   * executions grade faster. The reference run turns this off for a lesson whose merged cells fail.
   * @default true
   */
  mergeSetup?: boolean;
}

/**
 * Turns a lesson into the steps a grader runs: instructor cells (merged when allowed), an answer slot per
 * exercise, and each tests cell with its hidden tests. Markdown and slides-only cells are left out.
 * Throws a {@link GradeError} for a lesson without exercises.
 *
 * @example
 * const plan = buildGradingPlan(await readLesson('notebooks/en/04-tcp-echo.md'));
 * plan.exercises; // [{ id: 'echo-once', testsIds: ['echo-once-tests'], maxPoints: 2 }, ...]
 */
export function buildGradingPlan(lesson: Lesson, options: GradingPlanOptions = {}): GradingPlan {
  const merge = options.mergeSetup ?? true;
  const steps: PlanStep[] = [];
  const exercises = new Map<string, Exercise>();
  for (const cell of lesson.cells) {
    if (cell.only === 'slides' || cell.kind === 'markdown') continue;
    if (cell.kind === 'code') {
      const last = steps.at(-1);
      if (merge && last?.kind === 'setup') {
        last.cellIds.push(cell.id);
        last.code += `\n${cell.source}`;
      } else {
        steps.push({ kind: 'setup', cellIds: [cell.id], code: cell.source });
      }
    } else if (cell.kind === 'answer') {
      exercises.set(cell.id, { id: cell.id, testsIds: [], maxPoints: 0 });
      steps.push({ kind: 'answer', exercise: cell.id, solution: cell.source });
    } else {
      const exercise = exercises.get(cell.forId ?? '');
      if (exercise === undefined) {
        throw new GradeError('ERR_GRADE_LESSON', `Cannot grade ${lesson.file}: tests cell '${cell.id}' grades '${cell.forId}', which is not an earlier answer cell`);
      }
      exercise.testsIds.push(cell.id);
      exercise.maxPoints += cell.points ?? 0;
      steps.push({
        kind: 'tests', id: cell.id, exercise: exercise.id, points: cell.points ?? 0, code: cell.source,
        hasHidden: cell.regions.some((region) => region.kind === 'hidden-tests'),
      });
    }
  }
  if (exercises.size === 0) {
    throw new GradeError('ERR_GRADE_LESSON', `Cannot grade ${lesson.file}: it has no exercises. Add an answer cell and its tests cells (docs/authoring.md, Exercises)`);
  }
  const name = lesson.file.replace(/\\/g, '/').split('/').at(-1)!.replace(/\.md$/, '');
  return { lessonFile: lesson.file, lang: lesson.lang, name, title: lesson.frontMatter.title, steps, exercises: [...exercises.values()] };
}
