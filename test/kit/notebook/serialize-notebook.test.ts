import { describe, expect, test } from 'vitest';
import type { Notebook } from '../../../src/kit/notebook/nbformat.js';
import { serializeNotebook, splitSourceLines } from '../../../src/kit/notebook/serialize-notebook.js';

describe('serializeNotebook()', () => {
  test('sorts keys at every level, indents by one space, keeps non-ASCII and ends with a newline', () => {
    const notebook: Notebook = {
      nbformat: 4, nbformat_minor: 5,
      metadata: { z: { b: 1, a: [] }, a: {} },
      cells: [{ cell_type: 'markdown', id: 'x', metadata: {}, source: ['ñandú\n', '"q"\t'] }],
    };
    expect(serializeNotebook(notebook)).toBe([
      '{', ' "cells": [', '  {', '   "cell_type": "markdown",', '   "id": "x",', '   "metadata": {},',
      '   "source": [', '    "ñandú\\n",', '    "\\"q\\"\\t"', '   ]', '  }', ' ],',
      ' "metadata": {', '  "a": {},', '  "z": {', '   "a": [],', '   "b": 1', '  }', ' },',
      ' "nbformat": 4,', ' "nbformat_minor": 5', '}', '',
    ].join('\n'));
  });

  test('splitSourceLines() splits like Python str.splitlines(True)', () => {
    expect(splitSourceLines('a\nb')).toEqual(['a\n', 'b']);
    expect(splitSourceLines('a\n')).toEqual(['a\n']);
    expect(splitSourceLines('')).toEqual([]);
    expect(splitSourceLines('a\r\nb\rc\u2028d')).toEqual(['a\r\n', 'b\r', 'c\u2028', 'd']);
  });
});
