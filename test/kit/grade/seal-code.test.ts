import { describe, expect, test } from 'vitest';
import { codeNames, planSeals, sealedTests, sealSuffix } from '../../../src/kit/grade/seal-code.js';
import { sealGlobalName, sealToken } from '../../../src/net/check-seal.js';

describe('codeNames()', () => {
  test('lists the values a cell declares at its top level, not its types or declarations inside blocks', () => {
    const names = codeNames([
      "import assert from 'node:assert/strict';",
      "import * as net from 'node:net';",
      "import { connect, type SocketReader, listen as open } from '../../lib/net/index.js';",
      "import type { AddressInfo } from 'node:net';",
      'const echo = await open({ port: 0 }), [first, , { second }] = [1, 2, { second: 3 }];',
      'function helper() { const inner = 1; return inner; }',
      'class Box {}',
      'interface Shape { x: number }',
      'type Alias = string;',
      'declare const ambient: number;',
      'enum Colour { Red }',
    ].join('\n'));
    expect(names.declared).toEqual(['assert', 'net', 'connect', 'open', 'echo', 'first', 'second', 'helper', 'Box', 'Colour']);
  });

  test('tells values read from names only used as types, property names or parameters', () => {
    const names = codeNames("const reader: SocketReader = make(echo.port, { port: other });\nfunction f(param: number) { return param; }\ncount += 1; total++;");
    expect([...names.read].sort()).toEqual(['count', 'echo', 'make', 'other', 'param', 'total']);
    expect(names.read.has('SocketReader')).toBe(false);
    expect(names.read.has('port')).toBe(false);
    expect([...names.assigned].sort()).toEqual(['count', 'total']);
  });
});

describe('planSeals()', () => {
  test('seals, after the instructor cell that declared it, each name a later tests cell reads', () => {
    const steps = [
      { kind: 'setup' as const, code: "import assert from 'node:assert/strict';\nimport { check, test } from 'lib';\nconst unused = 1;" },
      { kind: 'setup' as const, code: 'const echo = await listen();' },
      { kind: 'answer' as const, solution: 'function shout(text: string) { return text; }' },
      { kind: 'tests' as const, code: "await check('shout', { lang: 'en' }, [test('a', 1, () => assert.equal(shout(echo.port), 'A'))]);" },
    ];
    const { seals, binds } = planSeals(steps);
    expect(seals.get(0)).toEqual(['check', 'test', 'assert']);
    expect(seals.get(1)).toEqual(['echo']);
    expect(binds.get(3)).toEqual(['check', 'test', 'assert', 'echo']);
  });

  test('never seals a name an answer declares, one the tests cell declares or assigns, or one an instructor cell reassigned before', () => {
    const steps = [
      { kind: 'setup' as const, code: 'let server = 1;\nfunction helper() { return 1; }\nconst local = 2;\nlet counter = 0;' },
      { kind: 'setup' as const, code: 'server = 2;' },
      { kind: 'answer' as const, solution: 'function helper() { return 2; }' },
      { kind: 'tests' as const, code: 'const local = 3;\ncounter += 1;\nhelper(server, local, counter);' },
    ];
    const { seals, binds } = planSeals(steps);
    expect(binds.get(3)).toEqual(['server']);
    expect(seals.get(0)).toBeUndefined();
    expect(seals.get(1)).toEqual(['server']);
  });
});

describe('sealSuffix() and sealedTests()', () => {
  test('call the seal under the name and token derived from the key', () => {
    const suffix = sealSuffix('k', ['assert', 'echo']);
    expect(suffix).toContain(`${sealGlobalName('k')}.seal('${sealToken('k')}', { assert: assert, echo: echo });`);
    expect(sealSuffix('k', [])).toBe('');
  });

  test('wrap the tests in a block whose bindings are typed as the names were before it', () => {
    const code = sealedTests('k', 'assert.equal(echo.port, 1);', ['assert', 'echo'], 'abcdef0123456789');
    expect(code).toBe([
      `declare const ${sealGlobalName('k')}: { forStep(token: string): unknown };`,
      'type SocketbookStep_abcdef012345 = { assert: typeof assert; echo: typeof echo };',
      `{ const socketbookStep_abcdef012345 = ${sealGlobalName('k')}.forStep('abcdef0123456789') as SocketbookStep_abcdef012345;`,
      "const assert: SocketbookStep_abcdef012345['assert'] = socketbookStep_abcdef012345.assert;",
      "const echo: SocketbookStep_abcdef012345['echo'] = socketbookStep_abcdef012345.echo;",
      'assert.equal(echo.port, 1);',
      '}',
    ].join('\n'));
  });
});
