// Bundles the JS runtime (bindings/js) for what the package's exports name:
//   dist/js/index.js, worker.js (+ chunks)  Node, ESM: the entry `import 'wasmod'` loads.
//       Node's ESM loader pays ~1 ms per file on a cold start and the runtime
//       is a dozen files; bundled, `import('wasmod')` takes about half the
//       time. Code most programs never run (the pool, the JS baseline, the
//       native addon) stays in chunks of its own, loaded on first use.
//   dist/js/index.cjs                       Node, CommonJS: `require('wasmod')`.
//   dist/browser/index.js, worker.js        browsers without a bundler (a
//       plain <script type="module"> with an import map). Bundlers take the
//       sources instead (the "browser" condition), which they can tree-shake.
// Each output sits two folders deep like the sources, so the URLs they
// resolve against import.meta.url (./worker.js, ../../build/native/) mean the
// same from either place; the module descriptors (dist/modules/<name>.js)
// stay files of their own, and name their .wasm as '../modules/<file>',
// which resolves alike from dist/modules, dist/js and dist/browser.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// The generated module descriptors stay where they are: ESM files next to their .wasm.
const descriptorsExternal = {
  name: 'module-descriptors-external',
  setup(b) {
    b.onResolve({ filter: /\/dist\/modules\/[^/]+\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const common = { absWorkingDir: root, bundle: true, target: 'es2022', legalComments: 'none', logLevel: 'warning' };

async function esm(outdir, platform) {
  rmSync(`${root}${outdir}`, { recursive: true, force: true }); // no chunks left over from an earlier build
  await build({
    ...common,
    entryPoints: ['bindings/js/index.js', 'bindings/js/worker.js'],
    outdir,
    splitting: true,
    format: 'esm',
    platform,
    external: ['node:*'],
    plugins: [descriptorsExternal],
  });
}

await esm('dist/js', 'node');
await esm('dist/browser', 'browser');
// CommonJS cannot require the ESM descriptors on Node 20: they go inside, their
// import.meta.url standing for this file's (in dist/js, where '../modules/' is the same folder).
await build({
  ...common,
  entryPoints: ['bindings/js/index.js'],
  outfile: 'dist/js/index.cjs',
  format: 'cjs',
  platform: 'node',
  external: ['node:*'],
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
