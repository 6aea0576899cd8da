import type { Notebook } from '../../src/kit/notebook/nbformat.js';

/** An nbformat 4.5 notebook of code cells only, with ids `c1`, `c2`, … and no outputs yet. */
export function notebookOf(...sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source, index) => ({ cell_type: 'code', id: `c${index + 1}`, metadata: {}, source, execution_count: null, outputs: [] })),
  };
}
