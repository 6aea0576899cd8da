import { describe, expect, it } from 'vitest';
import { formatExampleHelp } from '../../../../src/kit/cli/commands/example.js';
import { main } from '../../../../src/kit/cli/main.js';
import { examples } from '../../../../src/kit/examples/example-table.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('socketbook example', () => {
  it('--help lists every example with its usage line', async () => {
    const { code, stdout } = await run('example', '--help');
    expect(code).toBe(0);
    for (const [name, example] of Object.entries(examples)) expect(stdout).toContain(`${name.padEnd(13)}${example.usage}`);
  });

  it('rejects an unknown example with exit code 2 and the list of names', async () => {
    const { code, stderr } = await run('example', 'tcp-srever');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown example 'tcp-srever'; examples: tcp-server, tcp-client");
  });

  it("rejects another example's option with exit code 2 and that example's own help", async () => {
    const { code, stderr } = await run('example', 'tcp-server', '--raw');
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--raw' for tcp-server");
    expect(stderr).toContain('Usage: socketbook example tcp-server [--host H] [--port P] [--buffer BYTES]');
  });

  it('checks option values before opening anything', async () => {
    expect((await run('example', 'tcp-server', '--port', '70000')).stderr).toContain("--port must be a port number 0..65535, not '70000'");
    expect((await run('example', 'udp-client', '127.0.0.1', '9', '--timeout', 'soon')).stderr).toContain('--timeout must be a number greater than 0');
    expect((await run('example', 'file-client', '127.0.0.1', '9')).stderr).toContain('--out FILE is required');
    expect((await run('example', 'tcp-client', '127.0.0.1')).stderr).toContain("expected HOST PORT, got '127.0.0.1'");
  });

  it('formatExampleHelp() gives one example its usage, summary and options', () => {
    const help = formatExampleHelp('udp-client');
    expect(help).toContain('Usage: socketbook example udp-client HOST PORT [--message TEXT] [--timeout S] [--retries N]');
    expect(help).toMatch(/--retries <RETRIES>\s+how many times to send again/);
  });
});
