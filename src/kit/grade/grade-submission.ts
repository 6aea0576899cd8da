import type { GradingPlan } from './grading-plan.js';
import { pickAnswers } from './pick-answers.js';
import { readSubmission } from './read-submission.js';
import { type GradingSession, type RunLimits, runSteps, type StepRun } from './run-steps.js';
import { type ExerciseOutcome, type ReferenceChecks, round, scoreExercises } from './score-exercises.js';
import { type Bilingual, type Lang, say } from '../lang.js';

/** A kernel ready for one submission: started, with the lesson's cells before the first answer already run. */
export interface KernelSlot {
  session: GradingSession;
  /** The secret this kernel's reports carry. */
  nonce: string;
  /** The runs of the steps before the first answer step. */
  prefixRuns: StepRun[];
  /** Shuts the kernel down and deletes its workspace. */
  close: () => Promise<void>;
}

/** The grade of one submission. */
export interface SubmissionGrade {
  student: string;
  /** The submitted file, as given. */
  file: string;
  lang: Lang;
  score: number;
  maxScore: number;
  exercises: ExerciseOutcome[];
  /** About the whole submission: not a notebook, another kernel, the other language. */
  notes: Bilingual[];
  durationMs: number;
}

/** The index of the first answer step: the steps before it are the same for every submission. */
export function prefixLength(plan: GradingPlan): number {
  const first = plan.steps.findIndex((step) => step.kind === 'answer');
  return first === -1 ? plan.steps.length : first;
}

/**
 * Grades one submitted notebook: reads it leniently, takes its answers by id, runs the lesson with them
 * on a kernel from `takeSlot` (only when there is something to run) and scores every exercise. Never
 * throws for a bad submission; rejects only when no kernel could be had.
 *
 * @example
 * const grade = await gradeSubmission({ file: 'subs/ana.ipynb', student: 'ana', plan, reference, takeSlot, limits: {} });
 * console.log(grade.score, '/', grade.maxScore);
 */
export async function gradeSubmission(options: {
  file: string;
  student: string;
  plan: GradingPlan;
  reference: ReferenceChecks;
  takeSlot: () => Promise<KernelSlot>;
  limits: RunLimits;
}): Promise<SubmissionGrade> {
  const { file, student, plan, reference, limits } = options;
  const began = Date.now();
  const maxScore = round(plan.exercises.reduce((sum, exercise) => sum + exercise.maxPoints, 0));
  const read = await readSubmission(file);
  const grade = (exercises: ExerciseOutcome[], notes: Bilingual[]): SubmissionGrade => ({
    student, file, lang: plan.lang, maxScore, exercises, notes, durationMs: Date.now() - began,
    score: round(exercises.reduce((sum, exercise) => sum + exercise.points, 0)),
  });
  if (!read.ok) {
    return grade(scoreExercises(plan, [], reference, new Map(), ''), [read.reason]);
  }
  const { submission } = read;
  const notes: Bilingual[] = [];
  if (submission.kernelName !== undefined && submission.kernelName !== 'tslab') {
    notes.push(say(`The notebook names the kernel '${submission.kernelName}'; it was graded with the course's kernel, tslab (TypeScript)`,
      `El cuaderno indica el kernel '${submission.kernelName}'; se calificó con el kernel del curso, tslab (TypeScript)`));
  }
  if (submission.lang !== undefined && submission.lang !== plan.lang) {
    notes.push(say(`This is the ${submission.lang} notebook of the lesson; its answers were graded against the ${plan.lang} lesson, which has the same exercises`,
      `Este es el cuaderno en ${submission.lang} de la lección; sus respuestas se calificaron con la lección en ${plan.lang}, que tiene los mismos ejercicios`));
  }
  const answers = pickAnswers(plan, submission);
  const slot = await options.takeSlot();
  let runs: StepRun[];
  try {
    slot.session.deadline = undefined;
    const rest = await runSteps(slot.session, plan.steps, prefixLength(plan), plan.steps.length,
      (exercise) => answers.get(exercise)?.parts ?? [], limits);
    runs = [...slot.prefixRuns, ...rest];
  } finally {
    await slot.close();
  }
  return grade(scoreExercises(plan, runs, reference, answers, slot.nonce), notes);
}
