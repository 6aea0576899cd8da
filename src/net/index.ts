// Every public name of the student library, from its three entry points (package.json "exports"):
// socketbook/sockets, socketbook/figures and socketbook/check. Lessons import those; this file only keeps
// notebooks made before them working (they import '../../lib/net/index.js' by path).
export * from './sockets.js';
export * from './figures.js';
export * from './checker.js';
