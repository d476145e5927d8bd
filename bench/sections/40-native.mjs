// The native engine (libwasmod through the Node addon) beside wasm-simd and
// wasm-scalar: every json op of the index over the bench corpus, then code
// analyze per language over the code corpus, the same bytes in through each
// engine's own call (no runtime on top). JSON.parse is the json anchor.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { ModuleInstance, memoryImportMinimum } from '../../bindings/js/wasm-instance.js';

export const title = 'native (Node addon) beside wasm: json ops over ../shared/corpus/json/bench, code analyze over the code corpus';

const here = path.dirname(fileURLToPath(import.meta.url));
// Options per op: what a user most often asks for.
const OPTIONS = { format: { indent: 2 }, query: { pointer: '' } };

async function wasmInstance(dir, file) {
  const bytes = new Uint8Array(readFileSync(path.join(dir, file)));
  return ModuleInstance.create(await WebAssembly.compile(bytes), { memoryMinPages: memoryImportMinimum(bytes), maxMemoryMb: 1024 });
}

export async function run({ measure, mbPerSecond, table, machine }) {
  const { addon, reason } = loadNativeAddon();
  if (!addon) {
    console.log(`no native figures: ${reason}`);
    return;
  }
  const corpus = path.resolve(here, '../../../shared/corpus/json/bench');
  const files = readdirSync(corpus).filter((f) => f.endsWith('.json')).sort();
  const inputs = files.map((f) => readFileSync(path.join(corpus, f)));
  const texts = inputs.map((b) => b.toString('utf8'));
  const bytes = inputs.reduce((n, b) => n + b.length, 0);
  const moduleDir = path.resolve(here, '../../dist/modules');
  const json = JSON.parse(readFileSync(path.join(moduleDir, 'index.json'), 'utf8')).modules.find((m) => m.name === 'json');
  const simd = await wasmInstance(moduleDir, json.variants.simd.file);
  const scalar = await wasmInstance(moduleDir, json.variants.scalar.file);

  const parse = await measure(() => texts.forEach((t) => JSON.parse(t)));
  const rows = [['JSON.parse (anchor)', '', parse.median, mbPerSecond(bytes, parse.median), '']];
  for (const { name: op } of json.ops) {
    if (op.startsWith('ndjson')) continue; // line-oriented: not what the bench corpus is
    const options = JSON.stringify(OPTIONS[op] ?? {});
    const engines = [
      ['native (addon)', (input) => addon.call('json', op, input, options)],
      ['native, scalar kernels', (input) => addon.call('json', op, input, options, { scalar: true })],
      ['wasm-simd', (input) => simd.call(op, input, options)],
      ['wasm-scalar', (input) => scalar.call(op, input, options)],
    ];
    const medians = [];
    for (const [engine, call] of engines) {
      const m = await measure(() => inputs.forEach((input) => call(input)));
      medians.push([engine, m.median]);
    }
    const simdMs = medians.find(([engine]) => engine === 'wasm-simd')[1];
    for (const [engine, ms] of medians) rows.push([`json ${op} ${options}`, engine, ms, mbPerSecond(bytes, ms), simdMs / ms]);
  }
  console.log(`${files.length} files, ${bytes} bytes, from bytes; ${machine()}\n`);
  table(['op', 'engine', 'median ms', 'MB/s', '× wasm-simd'], rows);
  await codeTable({ addon, moduleDir, measure, mbPerSecond, table });
}

const CODE_CORPUS = process.env.WASMOD_CODE_CORPUS ?? '/tmp/code-corpus';
const CODE_FOLDERS = { javascript: ['js', /\.m?js$/], typescript: ['ts', /\.ts$/], tsx: ['ts', /\.tsx$/], python: ['python', /\.py$/], c: ['c', /\.[ch]$/] };

/** Every file below dir whose name matches. */
function filesBelow(dir, pattern) {
  return readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => pattern.test(f) && statSync(f).isFile()).sort();
}

/** code analyze per language: the addon beside the module's two wasm variants. */
async function codeTable({ addon, moduleDir, measure, mbPerSecond, table }) {
  if (!existsSync(path.join(CODE_CORPUS, 'manifest.tsv'))) {
    console.log(`\nno code figures: no code corpus at ${CODE_CORPUS} (../shared/corpus/code/fetch-corpus.sh)`);
    return;
  }
  const index = JSON.parse(readFileSync(path.join(moduleDir, 'index.json'), 'utf8'));
  const rows = [];
  let total = 0;
  for (const [language, [folder, pattern]] of Object.entries(CODE_FOLDERS)) {
    const module = index.modules.find((m) => m.name === `code-${language}`);
    if (!module) continue;
    // Files under 256 KB, so that no single generated giant decides the figure.
    const inputs = filesBelow(path.join(CODE_CORPUS, folder), pattern).filter((f) => statSync(f).size < 256 * 1024).map((f) => readFileSync(f));
    const bytes = inputs.reduce((n, b) => n + b.length, 0);
    total += inputs.length;
    const simd = await wasmInstance(moduleDir, module.variants.simd.file);
    const scalar = await wasmInstance(moduleDir, module.variants.scalar.file);
    const engines = [
      ['native (addon)', (input) => addon.call(module.name, 'analyze', input, '{}')],
      ['wasm-simd', (input) => simd.call('analyze', input, '{}')],
      ['wasm-scalar', (input) => scalar.call('analyze', input, '{}')],
    ];
    const medians = [];
    for (const [engine, call] of engines) medians.push([engine, (await measure(() => inputs.forEach((input) => call(input)), { runs: 5, warmup: 1 })).median]);
    const simdMs = medians[1][1];
    for (const [engine, ms] of medians) rows.push([`${module.name} analyze (${inputs.length} files)`, engine, ms, mbPerSecond(bytes, ms), simdMs / ms]);
  }
  console.log(`\n${total} files of the code corpus under 256 KB\n`);
  table(['op', 'engine', 'median ms', 'MB/s', '× wasm-simd'], rows);
}
