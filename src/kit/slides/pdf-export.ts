import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { atomicWrite } from '../fs/atomic-write.js';
import { openDeckPage, waitForDeck } from './overflow-check.js';

/** Options of {@link exportDeckPdf}. */
export interface ExportPdfOptions {
  /** Print each slide's speaker notes on its page. @default false */
  notes?: boolean;
  /** How long loading and printing may take. @default 60_000 */
  timeoutMs?: number;
}

/**
 * Prints a deck file to PDF with headless Chromium through reveal.js's print layout: one 1280x720 page
 * per slide (fragments shown), optionally with the speaker notes. Writes `pdfPath` atomically.
 *
 * @example
 * await exportDeckPdf(chromium.context, 'slides/en/04-tcp-echo.html', 'slides/en/04-tcp-echo.pdf');
 */
export async function exportDeckPdf(context: BrowserContext, deckPath: string, pdfPath: string, options: ExportPdfOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  const page = await openDeckPage(context, deckPath);
  try {
    const url = `${pathToFileURL(deckPath).href}?print-pdf${options.notes ? '&notes' : ''}`;
    await page.goto(url, { timeout });
    await waitForDeck(page, deckPath, timeout);
    await page.waitForFunction('document.querySelector(".reveal .pdf-page") !== null', undefined, { timeout });
    await page.evaluate('document.fonts.ready');
    const pdf = await page.pdf({ width: '1280px', height: '720px', printBackground: true, preferCSSPageSize: true });
    await atomicWrite(pdfPath, pdf);
  } finally {
    await page.close();
  }
}
