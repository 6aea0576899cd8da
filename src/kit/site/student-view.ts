import type { Cell, Notebook, Output } from '../notebook/nbformat.js';

/** An exercise's answer cell (nbgrader `solution`) or tests cell (nbgrader `grade`). */
function isExercise(cell: Cell | undefined): boolean {
  const nbgrader = cell?.metadata.nbgrader;
  return nbgrader !== undefined && (nbgrader.solution || nbgrader.grade);
}

function isTests(cell: Cell | undefined): boolean {
  return cell?.metadata.nbgrader?.grade === true;
}

function byId(notebook: Notebook | undefined): Map<string, Cell> {
  return new Map((notebook?.cells ?? []).map((cell) => [cell.id, cell]));
}

/**
 * The lesson as a student may read it: the student notebook, each code cell with the outputs of the cell
 * of the same id in the executed solutions notebook. Answer and tests cells keep their stub and show no
 * output, since the executed ones came from the solution and the hidden tests. Nothing is executed.
 *
 * @example
 * const view = studentView(studentNotebook, executedNotebook); // executed may be undefined: no outputs
 */
export function studentView(student: Notebook, executed: Notebook | undefined): Notebook {
  const executedCells = byId(executed);
  const outputsOf = (cell: Cell): Output[] => {
    const ran = executedCells.get(cell.id);
    return ran?.cell_type === 'code' && !isExercise(cell) && !isExercise(ran) ? ran.outputs : [];
  };
  return {
    ...student,
    cells: student.cells.map((cell) => (cell.cell_type === 'code' ? { ...cell, outputs: outputsOf(cell) } : cell)),
  };
}

/**
 * The executed solutions notebook with its hidden tests taken out: each tests cell shows the student
 * notebook's source of that cell (visible tests only) and no output, since its printed results name the
 * hidden cases. A tests cell the student notebook lacks is left out.
 *
 * @example
 * const view = solutionsView(executedNotebook, studentNotebook);
 */
export function solutionsView(executed: Notebook, student: Notebook): Notebook {
  const studentCells = byId(student);
  return {
    ...executed,
    cells: executed.cells.flatMap((cell): Cell[] => {
      const stub = studentCells.get(cell.id);
      if (!isTests(cell) && !isTests(stub)) return [cell];
      return stub?.cell_type === 'code' ? [{ ...stub, outputs: [] }] : [];
    }),
  };
}
