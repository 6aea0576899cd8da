import { describe, expect, test } from 'vitest';
import { parseNotebook, readNotebook } from '../../../src/kit/notebook/read-notebook.js';

const valid = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'markdown', id: 'a', metadata: {}, source: [] }] };
const text = (value: unknown) => JSON.stringify(value, null, 1);

describe('readNotebook() and parseNotebook()', () => {
  test('read a committed fixture notebook', async () => {
    const notebook = await readNotebook('test/fixtures/notebooks/99-echo.en.solutions.ipynb');
    expect(notebook.cells).toHaveLength(10);
  });

  test('report bad JSON with its byte offset and line:column', () => {
    expect(() => parseNotebook('{\n "ñ": 1,\n}', 'x.ipynb')).toThrow(
      expect.objectContaining({ code: 'ERR_NOTEBOOK_NOT_JSON', message: expect.stringMatching(/x\.ipynb: not valid JSON at byte 12, line 3:1/) }));
    expect(() => parseNotebook('{"cells": [', 'x.ipynb')).toThrow(/at byte 11, line 1:12/);
  });

  test('report a file that is not nbformat 4.5', () => {
    expect(() => parseNotebook(text({ ...valid, nbformat: 3 }), 'x.ipynb')).toThrow(/nbformat is 3, expected 4/);
    expect(() => parseNotebook(text({ ...valid, nbformat_minor: 4 }), 'x.ipynb')).toThrow(/nbformat_minor is 4, expected 5/);
    expect(() => parseNotebook(text({ ...valid, cells: undefined }), 'x.ipynb')).toThrow(/'cells' is missing/);
  });

  test('name the cell and the field at fault', () => {
    const cell = valid.cells[0]!;
    expect(() => parseNotebook(text({ ...valid, cells: [cell, { ...cell, id: 'b c' }] }), 'x.ipynb'))
      .toThrow(/cell 2 \(id 'b c'\) has a missing or bad id "b c"/);
    expect(() => parseNotebook(text({ ...valid, cells: [{ ...cell, cell_type: 'code' }] }), 'x.ipynb'))
      .toThrow(/cell 1 \(id 'a'\) is a code cell without an 'outputs' list/);
    expect(() => parseNotebook(text({ ...valid, cells: [cell, cell] }), 'x.ipynb')).toThrow(/cell 2 \(id 'a'\) repeats an id/);
    expect(() => parseNotebook(text({ ...valid, cells: [{ ...cell, source: 3 }] }), 'x.ipynb')).toThrow(/'source' that is neither/);
  });

  test('wrap a missing file with its cause', async () => {
    await expect(readNotebook('test/fixtures/notebooks/missing.ipynb')).rejects.toMatchObject({
      code: 'ERR_NOTEBOOK_READ', cause: { code: 'ENOENT' },
    });
  });
});
