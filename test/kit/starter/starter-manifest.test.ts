import { expect, test } from 'vitest';
import { starterManifest } from '../../../src/kit/starter/starter-manifest.js';

test('starterManifest() depends on the library folder and a pinned tslab, approves the install script of zeromq, and prunes after install', () => {
  const manifest = JSON.parse(starterManifest({ name: 'socketbook-04-tcp-echo', tslabVersion: '1.0.22', node: '>=20.19' })) as Record<string, unknown>;
  expect(manifest).toMatchObject({
    name: 'socketbook-04-tcp-echo',
    private: true,
    engines: { node: '>=20.19' },
    scripts: { postinstall: 'node prune-tslab.cjs' },
    dependencies: { socketbook: 'file:socketbook', tslab: '1.0.22' },
    allowScripts: { zeromq: true },
  });
  expect(Object.keys(manifest)).not.toContain('devDependencies');
});
