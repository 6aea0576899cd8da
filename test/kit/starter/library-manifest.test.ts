import { expect, test } from 'vitest';
import { libraryManifest } from '../../../src/kit/starter/library-manifest.js';

test("libraryManifest() keeps what resolves the entry points and drops the course's commands, scripts and dependencies", () => {
  const course = {
    name: 'socketbook', version: '0.1.0', description: 'the course', license: 'MIT', type: 'module', engines: { node: '>=20.19' },
    bin: { socketbook: 'bin/socketbook.js' }, exports: { './sockets': './lib/net/sockets.js' },
    typesVersions: { '*': { sockets: ['lib/net/sockets.d.ts'] } }, files: ['lib'], scripts: { test: 'vitest' },
    dependencies: { tslab: '^1.0.22' }, devDependencies: { socketbook: 'file:.' },
  };
  expect(libraryManifest(course)).toEqual({
    name: 'socketbook', version: '0.1.0', license: 'MIT', type: 'module', engines: { node: '>=20.19' },
    exports: { './sockets': './lib/net/sockets.js' }, typesVersions: { '*': { sockets: ['lib/net/sockets.d.ts'] } },
  });
});

test('libraryManifest() leaves out a field the course does not have', () => {
  expect(libraryManifest({ name: 'socketbook', version: '0.1.0' })).toEqual({ name: 'socketbook', version: '0.1.0' });
});
