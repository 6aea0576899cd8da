import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as checker from '../../src/net/checker.js';
import { importInChild } from '../support/import-in-child.js';

describe('socketbook/check', () => {
  it("exports the self-check and the grader's report protocol, and no socket code", () => {
    for (const name of ['check', 'test', 'hiddenTest', 'CheckFailedError', 'CHECK_REPORT_MIME', 'CHECK_NONCE_FILE_ENV', 'reportMac',
      'sealGlobalName', 'sealToken']) {
      expect(checker, name).toHaveProperty(name);
    }
    for (const name of ['connect', 'renderLinePlot']) expect(checker, name).not.toHaveProperty(name);
  });

  it("takes the grader's key when imported, as its documented job: the file and the variable are gone", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'checker-entry-'));
    try {
      const keyFile = join(folder, 'key');
      await writeFile(keyFile, 'secret');
      const seen = await importInChild('socketbook/check', 'process.env.SOCKETBOOK_CHECK_NONCE_FILE ?? null', {
        SOCKETBOOK_CHECK_NONCE_FILE: keyFile,
      });
      expect(seen).toBeNull();
      expect(existsSync(keyFile)).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
