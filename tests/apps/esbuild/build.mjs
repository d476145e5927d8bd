// esbuild bundles JS but leaves files named by new URL('./file', import.meta.url)
// alone: the least to add is to copy the files the bundle names (wasmod's .wasm
// and its worker) beside it, where those URLs point. Copying only what it names
// keeps a page that uses only the json functions free of the code modules.
//   node build.mjs [entry] [outdir]    (default: main.js, dist)
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.resolve(here, process.argv[2] ?? 'main.js');
const out = path.resolve(here, process.argv[3] ?? 'dist');
const { metafile } = await build({ entryPoints: [{ in: entry, out: 'main' }], bundle: true, format: 'esm', platform: 'browser', splitting: true, outdir: out, metafile: true, logLevel: 'warning' });
const wasmod = path.dirname(createRequire(entry).resolve('wasmod/package.json'));
for (const output of Object.keys(metafile.outputs))
  for (const [, file] of readFileSync(output, 'utf8').matchAll(/new URL\("\.\/([\w.-]+)", import\.meta\.url\)/g))
    for (const dir of ['dist/modules', 'dist/browser']) if (existsSync(path.join(wasmod, dir, file))) cpSync(path.join(wasmod, dir, file), path.join(out, file));
