// Scripts for a fresh Node process that print the ms from the first import to
// a first tree, and the runner that times them. Shared by the cold-start and
// code sections.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const WASM_INSTANCE = new URL('../bindings/js/wasm-instance.js', import.meta.url).href;

/**
 * Scripts that print the ms from the first import to a first tree of `source`
 * (a JS expression, evaluated before the clock starts), in this order:
 *   ours     wasmod's createRuntime + analyze, the package imported by name;
 *   theirs   web-tree-sitter's init + grammar load + parse;
 *   bare     the same module's analyze with no runtime around it: its file
 *            read, compiled, instantiated and called (no package entry,
 *            index, integrity check or engine choice);
 *   floor    bare, plus the two things no integrity-checked package can skip:
 *            its name resolved through package.json's exports, as a user's
 *            import resolves it, and the module's sha256 checked (node:crypto).
 */
export function firstTreeScripts(lang, source) {
  const wasm = path.join(ROOT, `dist/modules/code-${lang.name}-simd.wasm`);
  const sha256 = createHash('sha256').update(readFileSync(wasm)).digest('hex');
  const bare = (extra = '') => `const source = ${source}; const t0 = performance.now(); ${extra}
    const { ModuleInstance, memoryImportMinimum } = await import(${JSON.stringify(WASM_INSTANCE)});
    const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(wasm)});
    ${extra && `if ((await import('node:crypto')).createHash('sha256').update(bytes).digest('hex') !== ${JSON.stringify(sha256)}) throw new Error('sha256');`}
    const instance = await ModuleInstance.create(await WebAssembly.compile(bytes), { memoryMinPages: memoryImportMinimum(bytes) });
    instance.call('analyze', source, ''); console.log(performance.now() - t0);`;
  return [
    `const source = ${source}; const t0 = performance.now(); const { createRuntime } = await import('wasmod');
    const rt = await createRuntime({ engines: ['wasm-simd'] }); await rt.call('code-${lang.name}', 'analyze', source);
    console.log(performance.now() - t0); await rt.close();`,
    `const source = ${source}; const t0 = performance.now(); const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init(); const p = new Parser(); p.setLanguage(await Language.load(${JSON.stringify(path.join(NODE_MODULES, lang.grammar))}));
    p.parse(source); console.log(performance.now() - t0);`,
    bare(),
    bare(`import.meta.resolve('wasmod');`),
  ];
}

/** Milliseconds each script prints, medians of `runs` fresh processes each; the scripts run in turns. */
export function coldStarts(runs, ...scripts) {
  const samples = scripts.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, script] of scripts.entries())
      samples[k].push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })));
  }
  return samples.map(median);
}
