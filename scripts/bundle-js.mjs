// Bundles the JS runtime (bindings/js) for what the package's exports name:
//   dist/js/index.js, worker.js (+ chunks)   Node, ESM: `import 'wasmod'`.
//       Node's ESM loader pays ~1 ms per file on a cold start and the runtime
//       is a dozen files; bundled, `import('wasmod')` takes about half the
//       time. Code most programs never run (the pool, the JS baseline, the
//       native addon) stays in chunks of its own, loaded on first use.
//   dist/js/index.cjs                        Node, CommonJS: `require('wasmod')`.
//   dist/browser/index.js (+ chunks)         browsers, bundled or not: no node:
//       import, no top-level await (#platform is platform-browser.js here).
//   dist/browser/worker.js                   the pool's Web Worker, one file
//       with no imports: a bundler that copies it as an asset (Rollup's
//       import-meta-assets) ships it whole, as do those that bundle it.
// Each output sits two folders deep like the sources, so the URLs resolved
// against import.meta.url (./worker.js, ../../build/native/) mean the same
// from either place. The module descriptors (dist/modules/<name>.js) stay
// files of their own, beside the .wasm they name.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DESCRIPTOR = /\/dist\/modules\/[^/]+\.js$/;

// The generated module descriptors stay where they are: ESM files next to their .wasm.
const descriptorsExternal = {
  name: 'module-descriptors-external',
  setup(b) {
    b.onResolve({ filter: DESCRIPTOR }, (args) => ({ path: args.path, external: true }));
  },
};

const common = { absWorkingDir: root, bundle: true, target: 'es2022', legalComments: 'none', logLevel: 'warning', external: ['node:*'] };

for (const dir of ['dist/js', 'dist/browser']) rmSync(`${root}${dir}`, { recursive: true, force: true }); // no chunks left over
for (const [outdir, platform] of [['dist/js', 'node'], ['dist/browser', 'browser']]) {
  await build({
    ...common,
    entryPoints: platform === 'node' ? ['bindings/js/index.js', 'bindings/js/worker.js'] : ['bindings/js/index.js'],
    outdir,
    splitting: true,
    format: 'esm',
    platform,
    plugins: [descriptorsExternal],
  });
}
await build({ ...common, entryPoints: ['bindings/js/worker.js'], outfile: 'dist/browser/worker.js', format: 'esm', platform: 'browser' });

// CommonJS cannot require the ESM descriptors on Node 20: they go inside, their
// import.meta.url standing for their folder's, the rest's for this file's.
const descriptorsInside = {
  name: 'module-descriptors-inside',
  setup(b) {
    b.onLoad({ filter: DESCRIPTOR }, (args) => ({ contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', 'modulesUrl'), loader: 'js' }));
  },
};
await build({
  ...common,
  entryPoints: ['bindings/js/index.js'],
  outfile: 'dist/js/index.cjs',
  format: 'cjs',
  platform: 'node',
  plugins: [descriptorsInside],
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: {
    js: "const { pathToFileURL: toFileUrl } = require('node:url');\nconst importMetaUrl = toFileUrl(__filename).href;\nconst modulesUrl = toFileUrl(require('node:path').join(__dirname, '../modules/index.js')).href;",
  },
});
