import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLS, type Tool } from './optional-tools.js';

/**
 * Vitest global setup: gives the test processes a file where tests skipped for a missing tool note it
 * (test/support/optional-tools.ts), and at the end of the run prints which were skipped and what to
 * install to run them.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'socketbook-skipped-'));
  const log = join(folder, 'skipped.jsonl');
  process.env['SOCKETBOOK_SKIPPED_TOOLS_LOG'] = log;
  return () => {
    let lines: string[] = [];
    try {
      lines = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '');
    } catch {
      // Nothing was skipped: no test wrote the file.
    }
    rmSync(folder, { recursive: true, force: true });
    const byTool = new Map<Tool, Set<string>>();
    for (const line of lines) {
      const { tool, file } = JSON.parse(line) as { tool: Tool; file: string };
      byTool.set(tool, (byTool.get(tool) ?? new Set()).add(file));
    }
    if (byTool.size === 0) return;
    const report = ['', 'Skipped because a system tool is missing (CI is unset; under CI=true they run and fail instead):'];
    for (const [tool, files] of byTool) {
      report.push(`  ${tool}: ${[...files].sort().join(', ')}`, `    to run them: ${TOOLS[tool]}`);
    }
    console.log(report.join('\n'));
  };
}
