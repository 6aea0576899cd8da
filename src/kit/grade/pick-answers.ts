import type { GradingPlan } from './grading-plan.js';
import type { Submission, SubmittedCell } from './read-submission.js';
import { type Bilingual, say } from '../lang.js';

/** The code a submission gives for one exercise, and what the grader had to decide to find it. */
export interface PickedAnswer {
  exercise: string;
  /** The cells' sources in notebook order; empty when the answer cell is missing. */
  parts: string[];
  /** Said to the student: a missing cell, duplicates, a changed cell type. */
  notes: Bilingual[];
}

/**
 * Finds each exercise's answer in a submission by id, never by position: a cell whose nbgrader `grade_id`
 * is the exercise id or, without nbgrader metadata, whose cell id is. Every other cell of the submission
 * (tests, instructor cells, cells the student added) is ignored: the grader takes those from the lesson.
 * Duplicated or split cells are kept in notebook order (identical copies once); a cell turned into
 * Markdown or raw is still read as code.
 *
 * @example
 * const answers = pickAnswers(plan, submission);
 * answers.get('echo-once')?.parts; // ['async function echoOnce(...) { ... }']
 */
export function pickAnswers(plan: Pick<GradingPlan, 'exercises'>, submission: Submission): Map<string, PickedAnswer> {
  const picked = new Map<string, PickedAnswer>();
  for (const { id } of plan.exercises) {
    const cells = submission.cells.filter((cell) => cell.gradeId === id || (cell.gradeId === undefined && cell.id === id));
    const notes: Bilingual[] = [];
    if (cells.length === 0) {
      notes.push(say(`The answer cell '${id}' is missing from the notebook, so this exercise scores 0. Copy it back from a fresh student notebook and write your answer there`,
        `Falta la celda de respuesta '${id}' en el cuaderno, así que este ejercicio vale 0. Cópiala de un cuaderno nuevo de estudiante y escribe ahí tu respuesta`));
    }
    for (const cell of cells.filter((entry) => entry.cellType !== 'code')) notes.push(changedType(id, cell));
    const parts: string[] = [];
    for (const cell of cells) if (!parts.some((part) => part.trim() === cell.source.trim())) parts.push(cell.source);
    if (cells.length > 1) {
      notes.push(say(`${cells.length} cells carry the id '${id}' (a duplicated or split cell): they were graded together, in notebook order`,
        `${cells.length} celdas llevan el id '${id}' (una celda duplicada o dividida): se calificaron juntas, en el orden del cuaderno`));
    }
    picked.set(id, { exercise: id, parts, notes });
  }
  return picked;
}

function changedType(id: string, cell: SubmittedCell): Bilingual {
  return say(`The answer cell '${id}' was changed to a ${cell.cellType} cell; it was graded as code`,
    `La celda de respuesta '${id}' se cambió a una celda ${cell.cellType}; se calificó como código`);
}
