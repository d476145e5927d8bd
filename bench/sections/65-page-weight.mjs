// Page weight of two small web apps, as a bundler (esbuild, minified) makes
// them from the package's browser build: one that formats JSON (from
// 'wasmod/json', which leaves the code modules out in every bundler), one that
// analyses JavaScript (from 'wasmod/code'). What such a page downloads to answer its first call:
// its JS (the worker's too: the page's first long call starts it) and the one
// module it uses, simd variant, metered as built; beside web-tree-sitter with its runtime and
// JavaScript grammar for the second.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const title = 'page weight: a JSON-formatting app and a JavaScript-analysing app, beside web-tree-sitter';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The minified bundle of `source` (an app's entry), as one file. */
async function bundle(source, external = []) {
  const entry = path.join(ROOT, 'bench', `.weight-entry-${process.pid}.mjs`); // inside the package: 'wasmod' resolves to it
  writeFileSync(entry, source);
  try {
    const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', external, write: false, logLevel: 'silent' });
    return result.outputFiles[0].contents;
  } finally {
    rmSync(entry, { force: true });
  }
}

export async function run({ table }) {
  const worker = readFileSync(path.join(ROOT, 'dist/browser/worker.js'));
  // What a window fetches: the SIMD variant metered as built (inline calls there get a budget).
  const module = (name) => readFileSync(path.join(ROOT, `dist/modules/${name}-simd.metered.wasm`));
  const formatApp = await bundle("import { formatJson } from 'wasmod/json';\nglobalThis.run = (text) => formatJson(text);\n");
  const analyzeApp = await bundle("import { analyzeCode } from 'wasmod/code';\nglobalThis.run = (text) => analyzeCode(text, { language: 'javascript' });\n");
  // (its Node-only imports are never reached in a browser)
  const wtsApp = await bundle("import { Parser, Language } from 'web-tree-sitter';\nglobalThis.run = async (text, grammar) => { await Parser.init(); const p = new Parser(); p.setLanguage(await Language.load(grammar)); return p.parse(text); };\n", ['fs/promises', 'module']);
  const wtsRuntime = readFileSync(path.join(ROOT, 'node_modules/web-tree-sitter/tree-sitter.wasm'));
  const wtsGrammar = readFileSync(path.join(ROOT, 'node_modules/tree-sitter-javascript/tree-sitter-javascript.wasm'));
  const row = (what, parts) => {
    const raw = parts.reduce((n, p) => n + p.length, 0);
    const gz = parts.reduce((n, p) => n + gzip(p), 0);
    return [what, (parts[0].length / 1024).toFixed(1), ((raw - parts[0].length) / 1024).toFixed(1), (raw / 1024).toFixed(1), (gz / 1024).toFixed(1)];
  };
  console.log('esbuild --bundle --minify, ESM; KiB; gzip level 9 per file.\n');
  table(['app', 'page JS', 'worker + wasm', 'all', 'all, gzip'], [
    row("wasmod: formats JSON (formatJson from 'wasmod/json')", [formatApp, worker, module('json')]),
    row("wasmod: analyses JavaScript (analyzeCode from 'wasmod/code')", [analyzeApp, worker, module('code-javascript')]),
    row('web-tree-sitter + JavaScript grammar: parses (anchor)', [wtsApp, wtsRuntime, wtsGrammar]),
  ]);
}
