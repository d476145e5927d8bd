// Bundles the JS runtime (bindings/js) into dist/js, the package's entry point.
// Node's ESM loader pays ~1 ms per file on a cold start and the runtime is a
// dozen files; bundled, `import('wasmod')` takes about half the time. Code
// that most programs never run (the worker pool, the JS baseline engine, the
// native addon) stays in chunks of its own, loaded on first use. The output
// sits two folders deep like the sources, so the URLs they resolve against
// import.meta.url (../../dist/modules/, ../../build/native/, ./worker.js)
// mean the same from either place.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/js`;
rmSync(outdir, { recursive: true, force: true }); // no chunks left over from an earlier build

await build({
  absWorkingDir: root,
  entryPoints: ['bindings/js/index.js', 'bindings/js/worker.js'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral', // the same bundle serves browsers and Node
  external: ['node:*'],
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
});
