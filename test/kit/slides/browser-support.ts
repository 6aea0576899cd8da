import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumPath } from '../../../src/kit/slides/chromium.js';
import { toolTestsRun } from '../../support/optional-tools.js';

/** Whether the tests that need Chromium run: always under CI (a missing Chromium then fails), elsewhere when it is installed. */
export const browserTestsEnabled = toolTestsRun('chromium', existsSync(chromiumPath()));

const fixtures = resolve(import.meta.dirname, '../../fixtures/slides');

/**
 * A scratch course with the deck fixture lessons (`notebooks/<lang>/01-deck.md`, a figure) and the English
 * lesson's executed notebook where `socketbook build` would have put it.
 */
export async function makeDeckCourse(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'socketbook-decks-'));
  await cp(join(fixtures, 'course'), root, { recursive: true });
  await mkdir(join(root, '.socketbook', 'build', 'en'), { recursive: true });
  await cp(join(fixtures, '01-deck.en.executed.ipynb'), join(root, '.socketbook', 'build', 'en', '01-deck.ipynb'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Pages of a PDF file, counted from its page objects (Chromium writes them uncompressed). */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
