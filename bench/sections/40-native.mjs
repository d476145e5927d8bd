// The native engine (libwasmod through the Node addon) beside wasm-simd and
// wasm-scalar: every json op of the index over the bench corpus, the same
// bytes in through each engine's own call (no runtime on top), JSON.parse
// as the anchor.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { ModuleInstance, memoryImportMinimum } from '../../bindings/js/wasm-instance.js';

export const title = 'native (Node addon) beside wasm: json ops over ../shared/corpus/json/bench';

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
}
