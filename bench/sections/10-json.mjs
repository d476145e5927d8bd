// The json module beside its anchors, measured in this run on the 12 files of
// ../shared/corpus/json/bench: aggregate MB/s (input bytes per second, one pass
// over all files, median of runs) and the ratio to the anchor of each op.
// wasm calls take a JS string (UTF-8 encoding counts in our time) and give bytes.
// Native figures come from bench/json_native.cpp (libwasmod, simdjson, cJSON in
// one process), built here with g++; jq runs as a process per file.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from 'wasmod';
import { median } from '../harness.mjs';

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

export async function run({ measure, mbPerSecond, table, machine }) {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  const files = names.map((f) => path.join(DIR, f));
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const engines = { 'wasm-simd': await createRuntime({ engines: ['wasm-simd'] }), 'wasm-scalar': await createRuntime({ engines: ['wasm-scalar'] }) };
  const time = async (fn) => (await measure(fn)).median;
  const wasm = (rt, op, options) => time(async () => {
    for (const t of texts) if ((await rt.call('json', op, t, options)).status !== 'ok') throw new Error(`${op} failed`);
  });

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
    const nodeMs = await time(spec.node[1]);
    const row = (what, ms) => rows.push([spec.op, what, ms, mbPerSecond(bytes, ms), nodeMs / ms]);
    row(`${spec.node[0]} (anchor)`, nodeMs);
    const oursMs = {};
    for (const [engine, rt] of Object.entries(engines)) {
      oursMs[engine] = await wasm(rt, ...spec.wasmod);
      row(`wasmod, ${engine}`, oursMs[engine]);
    }
    row('wasmod, native', nativeMs[spec.nativeOurs]);
    if (spec.nativeAnchor) row(spec.nativeAnchor, nativeMs[spec.nativeAnchor]);
    if (spec.jq) row(`jq ${spec.jq.join(' ')} . (process per file)`, jq(files, spec.jq, 3));
    summary.push({ spec, nodeMs, oursMs });
  }
  console.log(`${files.length} files, ${bytes} bytes; ${machine()}\n`);
  table(['op', 'what', 'median ms', 'MB/s', '× node anchor'], rows);

  const [validate, pretty, minify, sorted] = summary;
  const targets = [
    ['validate, wasm-simd, from a JS string ≥ 3× JSON.parse', validate.nodeMs / validate.oursMs['wasm-simd'], 3],
    ['validate, native ≥ 0.7× simdjson DOM parse', nativeMs['simdjson DOM parse'] / nativeMs['wasmod validate, native'], 0.7],
    ['pretty, wasm-simd ≥ 3× JSON.stringify(JSON.parse(s), null, 2)', pretty.nodeMs / pretty.oursMs['wasm-simd'], 3],
    ['minify, wasm-simd ≥ 1× simdjson DOM parse + to_string', nativeMs['simdjson DOM parse + minify (to_string)'] / minify.oursMs['wasm-simd'], 1],
    ['minify, wasm-simd ≥ 3× node', minify.nodeMs / minify.oursMs['wasm-simd'], 3],
    ['sorted keys, wasm-simd ≥ 3× node with a sorting replacer', sorted.nodeMs / sorted.oursMs['wasm-simd'], 3],
    ...summary.map(({ spec, nodeMs, oursMs }) => [`${spec.op}, wasm-scalar ≥ 1× node`, nodeMs / oursMs['wasm-scalar'], 1]),
  ];
  console.log('');
  table(['target', 'measured ratio', 'met'], targets.map(([what, ratio, goal]) => [what, ratio, ratio >= goal ? 'yes' : 'no']));
}
