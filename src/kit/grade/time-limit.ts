import { type Bilingual, say } from '../lang.js';

/**
 * A time limit that cost a step its run, or the state it ran on. Under load a correct answer can hit one,
 * so points lost with one of these on the way are never silently scored as a wrong answer.
 */
export interface TimeLimitHit {
  /**
   * `cell`: the step was stopped at the cell's limit; `notebook`: the notebook's time was spent before it
   * finished; `replay`: the kernel was restarted and running the earlier cells again hit the cell limit,
   * so the step ran (or was skipped) without some of them; `case`: one of its test cases hit the
   * per-case limit of `check()`; `setup`: an instructor cell before it was stopped.
   */
  kind: 'cell' | 'notebook' | 'replay' | 'case' | 'setup';
  /** The limit that was hit, in seconds. */
  seconds: number;
}

/**
 * Seconds for a message: whole above 10 s, one decimal below (a case limit may be 500 ms).
 *
 * @example
 * limitSeconds(5_004); // 5
 */
export function limitSeconds(ms: number): number {
  return ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10;
}

/**
 * What the student reads about points lost to a time limit: what stopped, and the honest caveat that an
 * endless loop stops the same way, so only a submission that does not loop is the machine's fault.
 *
 * @example
 * timeLimitNote({ kind: 'cell', seconds: 30 }).en; // 'Stopped after 30 s. If your code does not loop forever ...'
 */
export function timeLimitNote(hit: TimeLimitHit): Bilingual {
  const s = hit.seconds;
  const what: Record<TimeLimitHit['kind'], Bilingual> = {
    cell: say(`Stopped after ${s} s.`, `Se detuvo tras ${s} s.`),
    notebook: say(`The notebook used up its ${s} s before this exercise finished.`, `El cuaderno agotó sus ${s} s antes de que terminara este ejercicio.`),
    replay: say(`The kernel was restarted, and running the earlier cells again took over ${s} s, so this exercise ran without some of them.`,
      `El kernel se reinició y volver a ejecutar las celdas anteriores tardó más de ${s} s, así que este ejercicio se ejecutó sin algunas de ellas.`),
    case: say(`A test case was stopped after ${s} s.`, `Una prueba se detuvo tras ${s} s.`),
    setup: say(`A cell of the lesson that this exercise needs was stopped after ${s} s.`,
      `Una celda de la lección que este ejercicio necesita se detuvo tras ${s} s.`),
  };
  return say(
    `${what[hit.kind].en} If your code does not loop forever or wait for something that never comes, the grading machine was too slow: it will be graded again.`,
    `${what[hit.kind].es} Si tu código no se queda en un bucle infinito ni espera algo que nunca llega, la máquina de calificación fue demasiado lenta: se volverá a calificar.`,
  );
}
