// esbuild bundles JS but leaves files named by new URL(..., import.meta.url)
// alone: the least to add is to copy wasmod's .wasm files and its worker
// beside the bundle, where those URLs point.
import { build } from 'esbuild';
import { cpSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist');
await build({ entryPoints: [path.join(here, 'main.js')], bundle: true, format: 'esm', platform: 'browser', splitting: true, outdir: out, logLevel: 'warning' });
const wasmod = path.dirname(createRequire(path.join(here, 'main.js')).resolve('wasmod/package.json'));
for (const file of readdirSync(path.join(wasmod, 'dist/modules')).filter((f) => f.endsWith('.wasm'))) cpSync(path.join(wasmod, 'dist/modules', file), path.join(out, file));
cpSync(path.join(wasmod, 'dist/browser/worker.js'), path.join(out, 'worker.js'));
