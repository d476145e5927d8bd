// The CPU budget (bindings/js/meter.js): what a budget that is never reached
// costs a call, inline, against the same call without one, in the same run;
// and what metering a module costs at load (read + sha256 + meter + compile)
// beside its plain load (read + sha256 + compile).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime, sha256Hex } from 'wasmod';
import { meterModule } from '../../bindings/js/meter.js';
import { median } from '../harness.mjs';

export const title = 'CPU budget: the cost of metering, per call and at load';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(ROOT, '../shared');
const RUNS = Number(process.env.WASMOD_BENCH_RUNS ?? 9);
const NEVER = 1e15; // a budget no call here reaches

export async function run({ measureInterleaved, table, machine }) {
  const rt = await createRuntime({ engines: ['wasm-simd'] });
  const twitter = readFileSync(path.join(SHARED, 'corpus/json/bench/twitter.json'));
  const canada = readFileSync(path.join(SHARED, 'corpus/json/bench/canada.json'));
  const code = readFileSync(path.join(ROOT, 'bindings/js/runtime.js'));
  const cases = [
    ['json validate, twitter.json', 'json', 'validate', twitter, undefined],
    ['json format (indent 2), canada.json', 'json', 'format', canada, { indent: 2 }],
    ['code-javascript analyze, runtime.js', 'code-javascript', 'analyze', code, undefined],
  ];
  const rows = [];
  for (const [what, module, op, input, options] of cases) {
    const plain = () => rt.call(module, op, input, options);
    const budgeted = () => rt.call(module, op, input, options, { budget: NEVER });
    const [plainMs, budgetMs] = await measureInterleaved([plain, budgeted], { runs: RUNS, warmupMs: 300 });
    const used = (await budgeted()).budgetUsed;
    rows.push([what, plainMs, budgetMs, budgetMs / plainMs, used, budgetMs / plainMs <= 1.1 ? 'yes' : 'no']);
  }
  console.log(`Inline, wasm-simd, medians of ${RUNS} runs in turns; ${machine()}.\n`);
  table(['call', 'no budget ms', 'budget never reached ms', 'ratio', 'units', '≤ 1.10'], rows);

  const loads = [];
  for (const name of ['json-simd', 'code-javascript-simd', 'code-typescript-simd']) {
    const file = path.join(ROOT, `dist/modules/${name}.wasm`);
    const plainMs = [];
    const meteredMs = [];
    for (let i = 0; i < RUNS; i++) {
      let start = performance.now();
      let bytes = new Uint8Array(readFileSync(file));
      await sha256Hex(bytes);
      await WebAssembly.compile(bytes);
      plainMs.push(performance.now() - start);
      start = performance.now();
      bytes = new Uint8Array(readFileSync(file));
      await sha256Hex(bytes);
      await WebAssembly.compile(meterModule(bytes));
      meteredMs.push(performance.now() - start);
    }
    loads.push([name, median(plainMs), median(meteredMs), median(meteredMs) - median(plainMs)]);
  }
  console.log('');
  table(['module', 'load ms (read, sha256, compile)', 'metered load ms (+ meter)', 'metering ms'], loads);
  await rt.close();
}
