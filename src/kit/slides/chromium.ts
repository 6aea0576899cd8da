import { KitError } from '../kit-error.js';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where Chromium is looked for when `CHROME_PATH` is not set (Debian's `chromium` package). */
export const DEFAULT_CHROME_PATH = '/usr/bin/chromium';

/**
 * The switches Chromium runs with: headless, no sandbox (CI runs as root), and nothing that reaches the
 * network on its own (the machines have none, and a deck must never need it).
 */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic',
] as const;

/** No Chromium at the path socketbook was told to use. */
export class ChromiumNotFoundError extends KitError<'ERR_SLIDES_NO_CHROMIUM'> {
  constructor(readonly path: string) {
    super('ERR_SLIDES_NO_CHROMIUM', `Cannot start Chromium: ${path} does not exist. Install it (Debian: 'apt-get install chromium') or set CHROME_PATH to a Chromium or Chrome executable`);
  }
}

/**
 * The Chromium executable to use: `CHROME_PATH`, else {@link DEFAULT_CHROME_PATH}.
 *
 * @example
 * chromiumPath({ CHROME_PATH: '/opt/chrome/chrome' }); // '/opt/chrome/chrome'
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['CHROME_PATH'] || DEFAULT_CHROME_PATH;
}

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** @default {@link chromiumPath}() */
  executablePath?: string;
  /** Viewport of new pages, in CSS pixels. @default { width: 1280, height: 720 } */
  viewport?: { width: number; height: number };
  /** How long starting may take. @default 30_000 */
  timeoutMs?: number;
}

/** A running headless Chromium with a fresh profile; `close()` stops it and removes the profile. */
export interface Chromium {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Starts headless Chromium through playwright-core with a fresh `--user-data-dir` and background
 * networking off. Throws {@link ChromiumNotFoundError} when the executable is missing.
 *
 * @example
 * const chromium = await launchChromium();
 * try { const page = await chromium.context.newPage(); } finally { await chromium.close(); }
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Chromium> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!existsSync(executablePath)) throw new ChromiumNotFoundError(executablePath);
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'socketbook-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1280, height: 720 },
      timeout: options.timeoutMs ?? 30_000,
    });
    return {
      context,
      close: async () => {
        try {
          await context.close();
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
