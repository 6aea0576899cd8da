import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/jupyter.js';

// The shape of src/ (docs/style: the library knows nothing of the tooling; commands only parse, call
// and print), checked on every import: static, type-only, re-exports and dynamic import().
const src = join(projectRoot, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const graph = new Map<string, string[]>();
for (const file of sourceFiles(src)) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...[...text.matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms)].map((match) => match[1]!),
    ...[...text.matchAll(/import\('(\.[^']+)'\)/g)].map((match) => match[1]!),
  ];
  graph.set(relative(src, file), specifiers.map((specifier) => relative(src, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))));
}

/** The import cycles: strongly connected components of more than one file, or a file importing itself. */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

const edges = [...graph].flatMap(([file, imports]) => imports.map((target) => ({ file, target })));

describe('the architecture of src/', () => {
  it('has files to check', () => {
    expect(graph.size).toBeGreaterThan(50);
  });

  it('has no import cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('the student library imports nothing from the course tooling', () => {
    expect(edges.filter(({ file, target }) => file.startsWith('net/') && !target.startsWith('net/'))).toEqual([]);
  });

  it('no command imports another command or the CLI entry, and the examples do not import the CLI', () => {
    const breaks = edges.filter(({ file, target }) =>
      (file.startsWith('kit/cli/commands/') && (target.startsWith('kit/cli/commands/') || target === 'kit/cli/main.ts')) ||
      (file.startsWith('kit/examples/') && target.startsWith('kit/cli/')));
    expect(breaks).toEqual([]);
  });
});
