// Bundles the JS runtime (bindings/js) for what the package's exports name:
//   dist/js/index.js, worker.js (+ chunks)   Node, ESM: `import 'wasmod'`.
//       Node's ESM loader pays ~1 ms per file on a cold start and the runtime
//       is a dozen files; bundled, `import('wasmod')` takes about half the
//       time. Code most programs never run (the pool, the JS baseline, the
//       native addon) stays in chunks of its own, loaded on first use.
//   dist/js/index.cjs                        Node, CommonJS: `require('wasmod')`.
//   dist/js/{json,code}.{js,cjs}             'wasmod/json', 'wasmod/code' in Node:
//       the family's names, taken from index.js/index.cjs (one shared runtime).
//   dist/browser/index.js (+ chunks)         browsers, bundled or not: no node:
//       import, no top-level await (#platform is platform-browser.js here).
//   dist/browser/json.js, code.js            'wasmod/json', 'wasmod/code': one
//       family's functions, in chunks shared with index.js. What a bundler
//       reads from them names no other family's .wasm (Vite and Rollup copy
//       every .wasm named in what they read, used or not).
//   dist/browser/worker.js                   the pool's Web Worker, one file
//       with no imports: a bundler that copies it as an asset (Rollup's
//       import-meta-assets) ships it whole, as do those that bundle it.
// Each output sits two folders deep like the sources, so the URLs resolved
// against import.meta.url (./worker.js, ../../build/native/) mean the same
// from either place. The module descriptors (dist/modules/<name>.js) stay
// files of their own, beside the .wasm they name.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// In Node's bundles the descriptors go inside (each extra file costs a cold start
// about a millisecond, and CommonJS cannot require them on Node 20); the URLs
// they name stay those of dist/modules, which is '../modules/' from dist/js.
const descriptorsInside = {
  name: 'module-descriptors-inside',
  setup(b) {
    b.onLoad({ filter: DESCRIPTOR }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', "new URL('../modules/', import.meta.url)"),
      loader: 'js',
    }));
  },
};
// The families with an entry of their own ('wasmod/json', 'wasmod/code').
const FAMILIES = ['json', 'code'];

for (const dir of ['dist/js', 'dist/browser']) rmSync(`${root}${dir}`, { recursive: true, force: true }); // no chunks left over
await build({
  ...common,
  entryPoints: ['bindings/js/index.js', 'bindings/js/worker.js'],
  outdir: 'dist/js',
  splitting: true,
  format: 'esm',
  platform: 'node',
  plugins: [descriptorsInside],
});
await build({
  ...common,
  entryPoints: ['bindings/js/index.js'],
  outfile: 'dist/js/index.cjs',
  format: 'cjs',
  platform: 'node',
  plugins: [descriptorsInside],
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// For browsers, the descriptors stay files of their own beside their .wasm: bundlers resolve
// their new URL('./<file>', import.meta.url) there, and one that does not finds the files beside its output.
const browser = await build({
  ...common,
  entryPoints: ['bindings/js/index.js', ...FAMILIES.map((family) => `bindings/js/${family}.js`)],
  outdir: 'dist/browser',
  splitting: true,
  format: 'esm',
  platform: 'browser',
  plugins: [descriptorsExternal],
  metafile: true,
});
// In Node, where nothing is tree-shaken, a family's entry is its names from the main one:
// no more files for `import 'wasmod'` to load, and one shared runtime whichever entry a program uses.
for (const family of FAMILIES) {
  const names = browser.metafile.outputs[`dist/browser/${family}.js`].exports.sort();
  const header = `// 'wasmod/${family}' in Node: the ${family} functions of the main entry (scripts/bundle-js.mjs).\n`;
  writeFileSync(`${root}dist/js/${family}.js`, `${header}export { ${names.join(', ')} } from './index.js';\n`);
  writeFileSync(`${root}dist/js/${family}.cjs`, `${header}'use strict';\nconst wasmod = require('./index.cjs');\nmodule.exports = { ${names.map((name) => `${name}: wasmod.${name}`).join(', ')} };\n`);
}
await build({ ...common, entryPoints: ['bindings/js/worker.js'], outfile: 'dist/browser/worker.js', format: 'esm', platform: 'browser' });
