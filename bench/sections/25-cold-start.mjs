// A fresh Node process, from the first import to the first tree of a small
// JavaScript file: wasmod's createRuntime + analyze beside web-tree-sitter,
// the same module loaded bare, and the floor under any integrity-checked
// package (bare + the package name resolved + the module's sha256 checked).
import { readFileSync } from 'node:fs';
import { coldStarts, firstTreeScripts } from '../cold-start.mjs';

export const title = 'cold start: a fresh Node process to its first tree, beside web-tree-sitter and the bare module';

// A fresh process varies by ±15% from one start to the next on a small VM: more samples than a steady-state pass.
const RUNS = Math.max(Number(process.env.WASMOD_BENCH_RUNS ?? 5), 15);
const JAVASCRIPT = { name: 'javascript', grammar: 'tree-sitter-javascript/tree-sitter-javascript.wasm' };

export async function run({ table }) {
  const sample = JSON.stringify(readFileSync(new URL('../../bindings/js/code.js', import.meta.url), 'utf8'));
  const [ours, theirs, bare, floor] = coldStarts(RUNS, ...firstTreeScripts(JAVASCRIPT, sample));
  table([`fresh Node process, import to first tree (JavaScript), median of ${RUNS}`, 'ms', '× anchor', 'ours ÷ this'], [
    ['web-tree-sitter: init + load grammar + parse (anchor)', theirs, '', ours / theirs],
    ['wasmod: createRuntime + analyze (wasm-simd)', ours, theirs / ours, 1],
    ['the same module bare: read, compile, instantiate, analyze (no runtime)', bare, theirs / bare, ours / bare],
    ['floor: bare + the name resolved through exports + sha256 checked', floor, theirs / floor, ours / floor],
  ]);
  console.log(`\ntarget: ours ÷ bare ≤ 1.1 (${ours / bare <= 1.1 ? 'met' : 'not met'}); the floor alone is ${(floor / bare).toFixed(2)}× bare.`);
}
