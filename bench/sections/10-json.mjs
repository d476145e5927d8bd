// The json module beside its anchors, measured in this run on the 12 files of
// ../shared/corpus/json/bench: aggregate MB/s (input bytes per second, one pass
// over all files, median of runs) and the ratio to the anchor of each op.
// wasm calls take a JS string (UTF-8 encoding counts in our time) and give bytes.
// Native figures come from bench/json_native.cpp (libwasmod, simdjson, cJSON in
// one process), built here with g++; jq runs as a process per file.
// A second table puts the two wasm variants side by side on the same bytes
// (inline, from a Uint8Array, timed in turns): what SIMD buys. A third gives the
// floors under validate: moving the input into wasm memory (encodeInto from a
// string, set() from bytes) and a call on a one-byte document; and one more
// table: validate beside the least a simdjson-style stage 1 does in wasm SIMD.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from 'wasmod';
import { measureInterleaved, median } from '../harness.mjs';

export const title = 'json: validate, format, minify, sorted keys (aggregate over ../shared/corpus/json/bench)';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.resolve(ROOT, '../shared/corpus/json/bench');

function sortedReplacer(key, value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted = {};
  for (const k of Object.keys(value).sort()) sorted[k] = value[k];
  return sorted;
}

/** Builds and runs the native bench; returns { name: ms }. */
function native(files, runs) {
  const exe = path.join(ROOT, 'build/bench/json-native');
  mkdirSync(path.dirname(exe), { recursive: true });
  execFileSync('g++', ['-O3', '-std=c++17', '-o', exe, path.join(ROOT, 'bench/json_native.cpp'), `-I${path.join(ROOT, 'core/include')}`,
    path.join(ROOT, 'build/native/native/libwasmod.a'), '-lsimdjson', '-lcjson']);
  const out = execFileSync(exe, [String(runs), ...files], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((line) => JSON.parse(line)).map((r) => [r.name, r.ms]));
}

/** One pass of jq over every file; the median of `runs` passes, in ms. */
function jq(files, args, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    for (const file of files) {
      const r = spawnSync('jq', [...args, '.', file], { stdio: ['ignore', 'ignore', 'ignore'] });
      if (r.status !== 0) throw new Error(`jq failed on ${file}`);
    }
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * bench/json_stage1_floor.c built for wasm SIMD (emcc, as the modules are) and
 * instantiated: passes over `inputs` of its stage 1, and of stage 1 + touch.
 */
async function stage1Floor(inputs) {
  const wasm = path.join(ROOT, 'build/bench/json-stage1-floor.wasm');
  mkdirSync(path.dirname(wasm), { recursive: true });
  execFileSync('emcc', ['-O3', '-msimd128', '-mbulk-memory', path.join(ROOT, 'bench/json_stage1_floor.c'), '-sSTANDALONE_WASM', '--no-entry',
    '-sALLOW_MEMORY_GROWTH=1', '-sMAXIMUM_MEMORY=4GB', '-o', wasm], { env: { ...process.env, NODE_PATH: '/usr/share/nodejs' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), { env: { emscripten_notify_memory_growth() {} } });
  const floor = instance.exports;
  floor._initialize();
  const largest = Math.max(...inputs.map((b) => b.length));
  const input = floor.alloc(largest + 64);
  const indexes = floor.alloc(4 * (largest + 64));
  let count = 0;
  const pass = (touch) => () => {
    count = 0;
    for (const bytes of inputs) {
      new Uint8Array(floor.memory.buffer, input, bytes.length).set(bytes);
      const k = floor.stage1(input, bytes.length, indexes);
      if (touch) floor.touch(input, indexes, k);
      count += k;
    }
  };
  pass(false)();
  return { stage1: pass(false), stage1AndTouch: pass(true), count };
}

export async function run({ measure, mbPerSecond, table, machine }) {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  const files = names.map((f) => path.join(DIR, f));
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const engines = { 'wasm-simd': await createRuntime({ engines: ['wasm-simd'], workers: 0 }), 'wasm-scalar': await createRuntime({ engines: ['wasm-scalar'], workers: 0 }) };
  // One pass over every file from its JS string; timed in turns with the node anchor, so
  // that a change in the machine's load falls on both sides of each ratio alike.
  const wasm = (rt, op, options) => async () => {
    for (const t of texts) if ((await rt.call('json', op, t, options)).status !== 'ok') throw new Error(`${op} failed`);
  };

  const ops = [
    { op: 'validate', wasmod: ['validate', undefined], node: ['JSON.parse', () => texts.forEach((t) => JSON.parse(t))],
      nativeAnchor: 'simdjson DOM parse', nativeOurs: 'wasmod validate, native', jq: null },
    { op: 'pretty (indent 2)', wasmod: ['format', { indent: 2 }], node: ['JSON.stringify(JSON.parse(s), null, 2)', () => texts.forEach((t) => JSON.stringify(JSON.parse(t), null, 2))],
      nativeAnchor: 'cJSON parse + print (pretty)', nativeOurs: 'wasmod format indent 2, native', jq: [] },
    { op: 'minify', wasmod: ['format', { indent: 0 }], node: ['JSON.stringify(JSON.parse(s))', () => texts.forEach((t) => JSON.stringify(JSON.parse(t)))],
      nativeAnchor: 'simdjson DOM parse + minify (to_string)', nativeOurs: 'wasmod minify, native', jq: ['-c'] },
    { op: 'sorted keys (indent 2)', wasmod: ['format', { indent: 2, sortKeys: true }], node: ['JSON.stringify(JSON.parse(s), sorting replacer, 2)', () => texts.forEach((t) => JSON.stringify(JSON.parse(t), sortedReplacer, 2))],
      nativeAnchor: null, nativeOurs: 'wasmod sortKeys indent 2, native', jq: ['-S'] },
  ];

  const nativeMs = native(files, 7);
  const rows = [];
  const summary = [];
  for (const spec of ops) {
    const [nodeMs, ...wasmMs] = await measureInterleaved([spec.node[1], ...Object.values(engines).map((rt) => wasm(rt, ...spec.wasmod))],
      { runs: 11, warmupMs: 300 });
    const row = (what, ms) => rows.push([spec.op, what, ms, mbPerSecond(bytes, ms), nodeMs / ms]);
    row(`${spec.node[0]} (anchor)`, nodeMs);
    const oursMs = {};
    for (const [k, engine] of Object.keys(engines).entries()) {
      oursMs[engine] = wasmMs[k];
      row(`wasmod, ${engine}`, oursMs[engine]);
    }
    row('wasmod, native', nativeMs[spec.nativeOurs]);
    if (spec.nativeAnchor) row(spec.nativeAnchor, nativeMs[spec.nativeAnchor]);
    if (spec.jq) row(`jq ${spec.jq.join(' ')} . (process per file)`, jq(files, spec.jq, 3));
    summary.push({ spec, nodeMs, oursMs });
  }
  console.log(`${files.length} files, ${bytes} bytes; ${machine()}\n`);
  table(['op', 'what', 'median ms', 'MB/s', '× node anchor'], rows);

  // wasm-simd beside wasm-scalar: the same bytes, inline, one pass of each in turn.
  const inputs = texts.map((t) => new Uint8Array(Buffer.from(t)));
  const variantOps = [
    ['validate', 'validate', undefined, 1.25], ['minify', 'format', { indent: 0 }, 1.25], ['pretty (indent 2)', 'format', { indent: 2 }, 1.25],
    ['sorted keys (indent 2)', 'format', { indent: 2, sortKeys: true }, 1.1], ['stats', 'stats', undefined, 1.1],
  ];
  const passOf = (rt, op, options) => async () => {
    for (const input of inputs) if ((await rt.call('json', op, input, options)).status !== 'ok') throw new Error(`${op} failed`);
  };
  const variantRows = [];
  const variantTargets = [];
  for (const [what, op, options, goal] of variantOps) {
    const [simdMs, scalarMs] = await measureInterleaved([passOf(engines['wasm-simd'], op, options), passOf(engines['wasm-scalar'], op, options)], { runs: 21, warmupMs: 500 });
    variantRows.push([what, mbPerSecond(bytes, simdMs), mbPerSecond(bytes, scalarMs), scalarMs / simdMs]);
    variantTargets.push([`${what}: wasm-simd ≥ ${goal}× wasm-scalar (from bytes, inline)`, scalarMs / simdMs, goal]);
  }
  console.log('\nwasm-simd beside wasm-scalar, the same bytes (Uint8Array), inline, timed in turns (median of 21)\n');
  table(['op', 'wasm-simd MB/s', 'wasm-scalar MB/s', 'simd ÷ scalar'], variantRows);

  // The floor under a simdjson-style design in wasm: its stage 1 alone, and with the least stage 2.
  const floor = await stage1Floor(inputs);
  const [scalarMs, simdMs, stage1Ms, touchMs] = await measureInterleaved([
    passOf(engines['wasm-scalar'], 'validate'), passOf(engines['wasm-simd'], 'validate'), floor.stage1, floor.stage1AndTouch,
  ], { runs: 21, warmupMs: 500 });
  console.log(`\nvalidate beside the floor of a simdjson-style stage 1 in wasm SIMD (bench/json_stage1_floor.c: masks, escapes, strings, ${floor.count} structural indexes; no UTF-8, no grammar), timed in turns\n`);
  table(['what', 'median ms', 'MB/s', 'wasm-scalar validate ÷ this'], [
    ['wasmod validate, wasm-scalar', scalarMs, mbPerSecond(bytes, scalarMs), 1],
    ['wasmod validate, wasm-simd', simdMs, mbPerSecond(bytes, simdMs), scalarMs / simdMs],
    ['stage 1 alone (input copied in, indexes written)', stage1Ms, mbPerSecond(bytes, stage1Ms), scalarMs / stage1Ms],
    ['stage 1 + reading each structural byte once (the least stage 2)', touchMs, mbPerSecond(bytes, touchMs), scalarMs / touchMs],
  ]);

  // The floors under a call: what moving the input costs before the module reads a byte,
  // timed in turns with JSON.parse and both kinds of call, so that their ratios hold.
  const heap = new Uint8Array(Math.max(...texts.map((t) => t.length)) * 3);
  const encoder = new TextEncoder();
  const [parseMs, encodeMs, checkedEncodeMs, fromStringMs, copyMs, fromBytesMs] = await measureInterleaved([
    () => texts.forEach((t) => JSON.parse(t)),
    () => texts.forEach((t) => encoder.encodeInto(t, heap)),
    // A string is checked for lone surrogates first: encoding would replace them, changing the input unsaid.
    () => texts.forEach((t) => t.isWellFormed() && encoder.encodeInto(t, heap)),
    async () => {
      for (const t of texts) if ((await engines['wasm-simd'].call('json', 'validate', t)).status !== 'ok') throw new Error('validate failed');
    },
    () => inputs.forEach((b) => heap.set(b)),
    passOf(engines['wasm-simd'], 'validate', undefined),
  ], { runs: 11, warmupMs: 300 });
  const callMs = (await measure(async () => { for (let i = 0; i < 1000; i++) await engines['wasm-simd'].call('json', 'validate', '0'); })).median / 1000;
  console.log('\nfloors under validate (wasm-simd): moving the input into wasm memory, and the call itself; timed in turns\n');
  table(['what', 'median ms', 'MB/s', '× JSON.parse'], [
    ['JSON.parse (anchor)', parseMs, mbPerSecond(bytes, parseMs), 1],
    ['TextEncoder.encodeInto alone', encodeMs, mbPerSecond(bytes, encodeMs), parseMs / encodeMs],
    ['isWellFormed + encodeInto (the from-string floor: no lone surrogate replaced unsaid)', checkedEncodeMs, mbPerSecond(bytes, checkedEncodeMs), parseMs / checkedEncodeMs],
    ['validate, from a JS string', fromStringMs, mbPerSecond(bytes, fromStringMs), parseMs / fromStringMs],
    ['Uint8Array.set alone (the from-bytes floor)', copyMs, mbPerSecond(bytes, copyMs), parseMs / copyMs],
    ['validate, from bytes', fromBytesMs, mbPerSecond(bytes, fromBytesMs), parseMs / fromBytesMs],
    [`a call on '0', ${files.length} times (the per-call floor)`, callMs * files.length, '', parseMs / (callMs * files.length)],
  ]);
  const ownMs = fromBytesMs - copyMs;
  console.log(`\nvalidate from a string: ${(checkedEncodeMs / fromStringMs * 100).toFixed(0)}% of its time is the checked encode; ` +
    `the module's own work (from bytes, less the copy) is ${ownMs.toFixed(1)} ms, ${mbPerSecond(bytes, ownMs).toFixed(0)} MB/s; ` +
    `the two together, the least a from-string call can take, are ${(parseMs / (checkedEncodeMs + ownMs)).toFixed(2)}× JSON.parse`);

  const [, pretty, minify, sorted] = summary;
  const targets = [
    ['validate, wasm-simd, from a JS string ≥ 4× JSON.parse (timed in turns)', parseMs / fromStringMs, 4],
    ['validate, native ≥ 1× simdjson DOM parse', nativeMs['simdjson DOM parse'] / nativeMs['wasmod validate, native'], 1],
    ['pretty, wasm-simd ≥ 3× JSON.stringify(JSON.parse(s), null, 2)', pretty.nodeMs / pretty.oursMs['wasm-simd'], 3],
    ['minify, wasm-simd ≥ 1× simdjson DOM parse + to_string', nativeMs['simdjson DOM parse + minify (to_string)'] / minify.oursMs['wasm-simd'], 1],
    ['minify, wasm-simd ≥ 3× node', minify.nodeMs / minify.oursMs['wasm-simd'], 3],
    ['sorted keys, wasm-simd ≥ 3× node with a sorting replacer', sorted.nodeMs / sorted.oursMs['wasm-simd'], 3],
    ...summary.map(({ spec, nodeMs, oursMs }) => [`${spec.op}, wasm-scalar ≥ 1× node`, nodeMs / oursMs['wasm-scalar'], 1]),
    ...variantTargets,
  ];
  console.log('');
  table(['target', 'measured ratio', 'met'], targets.map(([what, ratio, goal]) => [what, ratio, ratio >= goal ? 'yes' : 'no']));
}
