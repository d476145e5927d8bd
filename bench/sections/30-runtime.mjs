// The runtime beside the worker pools people use today: piscina, tinypool and
// workerpool, measured in the same run. This file is also their worker
// script: piscina and tinypool call its exported tasks by name, and workerpool
// registers them when it starts the file as its worker.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { createRuntime, sha256Hex } from 'wasmod';
import { median } from '../harness.mjs';

export const title = 'runtime: pool round trips, throughput, timeouts and cold start, beside piscina, tinypool and workerpool';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '../..');
const DOCUMENT = path.resolve(ROOT, '../shared/corpus/json/bench/twitter.json');

// --- The anchors' tasks (they run in the anchors' workers) ---------------
export const noop = () => null;
export const spin = () => {
  for (;;);
};
export const prettyJson = (text) => JSON.stringify(JSON.parse(text), null, 2);

if (!isMainThread && workerData?.workerpoolAnchor) {
  const { default: workerpool } = await import('workerpool');
  workerpool.worker({ noop, spin, prettyJson });
}

// --- The pools, behind one small face ---------------------------------------
/** The example module of tests/fixtures (built with the wasm trees), registered from its bytes. */
async function exampleRegistration() {
  const variants = {};
  for (const variant of ['simd', 'scalar']) {
    const bytes = new Uint8Array(readFileSync(path.join(ROOT, `build/wasm-${variant}/fixtures/example-${variant}.wasm`)));
    variants[variant] = { bytes, sha256: await sha256Hex(bytes) };
  }
  return { name: 'example', version: '1.2.0', variants };
}

async function wasmodPool(workers) {
  const rt = await createRuntime({ workers, minWorkers: workers, timeoutMs: 0 });
  rt.registry.register(await exampleRegistration());
  return {
    noop: () => rt.call('example', 'noop', ''),
    spin: (ms) => rt.call('example', 'spin', '', undefined, { timeoutMs: ms }),
    pretty: (text) => rt.call('json', 'format', text, { indent: 2 }),
    close: () => rt.close(),
  };
}

// piscina and tinypool share one API: run(task, { name, signal }) and destroy().
async function namedTaskPool(Pool, workers) {
  const pool = new Pool({ filename: HERE, minThreads: workers, maxThreads: workers, idleTimeout: 60000 });
  return {
    noop: () => pool.run(null, { name: 'noop' }),
    spin: (ms) => pool.run(null, { name: 'spin', signal: AbortSignal.timeout(ms) }),
    pretty: (text) => pool.run(text, { name: 'prettyJson' }),
    close: () => pool.destroy(),
  };
}

const piscinaPool = async (workers) => namedTaskPool((await import('piscina')).Piscina, workers);
const tinypoolPool = async (workers) => namedTaskPool((await import('tinypool')).Tinypool, workers);

async function workerpoolPool(workers) {
  const { default: workerpool } = await import('workerpool');
  const pool = workerpool.pool(HERE, { workerType: 'thread', minWorkers: workers, maxWorkers: workers, workerThreadOpts: { workerData: { workerpoolAnchor: true } } });
  return {
    noop: () => pool.exec('noop', []),
    spin: (ms) => pool.exec('spin', []).timeout(ms),
    pretty: (text) => pool.exec('prettyJson', [text]),
    close: () => pool.terminate(true),
  };
}

const POOLS = { wasmod: wasmodPool, piscina: piscinaPool, tinypool: tinypoolPool, workerpool: workerpoolPool };

// --- Measures ---------------------------------------------------------------

/** p50 of sequential round trips, in µs. */
async function roundTrip(pool, calls = 3000) {
  for (let i = 0; i < 300; i++) await pool.noop();
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await pool.noop();
    samples.push(performance.now() - start);
  }
  return median(samples) * 1000;
}

/** Calls per second with `inFlight` calls always pending; the best of three runs. */
async function throughput(task, { total, inFlight }) {
  const runs = [];
  for (let run = 0; run < 3; run++) {
    let left = total;
    const start = performance.now();
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (left-- > 0) await task();
    }));
    runs.push(total / ((performance.now() - start) / 1000));
  }
  return Math.max(...runs);
}

/** After a call is stopped at its deadline, how long the next call takes (ms, median of 5). */
async function nextAfterTimeout(pool) {
  await pool.noop();
  const samples = [];
  for (let i = 0; i < 5; i++) {
    await pool.spin(50).catch(() => {});
    const start = performance.now();
    await pool.noop();
    samples.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let every pool replace its worker before the next round
  }
  return median(samples);
}

/** createRuntime() -> first json result, in a fresh process (ms, median of 7). */
function coldStart(options) {
  const script = `
    import { createRuntime } from 'wasmod';
    const start = performance.now();
    const rt = await createRuntime(${JSON.stringify(options)});
    await rt.call('json', 'validate', '{"a":[1,2,3]}');
    console.log(performance.now() - start);
    await rt.close();`;
  const samples = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT })));
  return median(samples);
}

/** Inline call overhead for the no-op op (µs per call), and the bare instance call beneath it. */
async function inlineOverhead() {
  const rt = await createRuntime({ workers: 0 });
  const example = await exampleRegistration();
  rt.registry.register(example);
  const bytes = example.variants.simd.bytes;
  const calls = 200000;
  for (let i = 0; i < 20000; i++) await rt.call('example', 'noop', '');
  let start = performance.now();
  for (let i = 0; i < calls; i++) await rt.call('example', 'noop', '');
  const perCall = ((performance.now() - start) * 1000) / calls;
  const { ModuleInstance, memoryImportMinimum } = await import('../../bindings/js/wasm-instance.js');
  const instance = await ModuleInstance.create(await WebAssembly.compile(bytes), { memoryMinPages: memoryImportMinimum(bytes) });
  for (let i = 0; i < 20000; i++) instance.call('noop', '', '');
  start = performance.now();
  for (let i = 0; i < calls; i++) instance.call('noop', '', '');
  return { perCall, bare: ((performance.now() - start) * 1000) / calls };
}

// The machine may be busy with other work: every pool is measured in turn, ROUNDS times, and
// each figure is the median of its rounds, so that a burst of load does not fall on one pool only.
const ROUNDS = 3;

export async function run({ table, machine }) {
  const text = readFileSync(DOCUMENT, 'utf8');
  const samples = { roundTrip: {}, noopRate: {}, afterTimeout: {}, prettyRate: {} };
  const add = (measure, name, value) => (samples[measure][name] ??= []).push(value);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, make] of Object.entries(POOLS)) {
      let pool = await make(1);
      add('roundTrip', name, await roundTrip(pool));
      add('afterTimeout', name, await nextAfterTimeout(pool));
      await pool.close();
      pool = await make(2);
      add('noopRate', name, await throughput(pool.noop, { total: 20000, inFlight: 64 }));
      if (name === 'wasmod' || name === 'piscina') add('prettyRate', name, await throughput(() => pool.pretty(text), { total: 160, inFlight: 4 }));
      await pool.close();
    }
  }
  const rows = Object.fromEntries(Object.entries(samples).map(([measure, byPool]) => [measure, Object.fromEntries(Object.entries(byPool).map(([name, xs]) => [name, median(xs)]))]));
  const inline = await inlineOverhead();
  const cold = coldStart({});
  const coldPool = coldStart({ workers: 2 });
  const cell = (row, name) => (row[name] === undefined ? '–' : row[name]);
  const names = Object.keys(POOLS);
  console.log(`${machine()}; medians of ${ROUNDS} rounds; the no-op is the example module's noop op for wasmod and a function returning null for the anchors; the pretty document is twitter.json (${text.length} bytes)\n`);
  table(['measure', ...names, 'target'], [
    ['no-op round trip, 1 worker, p50 (µs)', ...names.map((n) => cell(rows.roundTrip, n)), '≤ piscina'],
    ['no-op calls/s, 2 workers, 64 in flight', ...names.map((n) => cell(rows.noopRate, n)), '≥ tinypool'],
    ['next call after a timeout (ms)', ...names.map((n) => cell(rows.afterTimeout, n)), '≤ 5'],
    ['pretty-format 600 KB, 2 workers (tasks/s)', ...names.map((n) => cell(rows.prettyRate, n)), '≥ 3× piscina'],
  ]);
  console.log('');
  table(['measure', 'wasmod', 'target'], [
    ['inline call overhead, no-op (µs per call)', inline.perCall, '≤ 5'],
    ['  of which the bare ModuleInstance.call (µs)', inline.bare, ''],
    ['createRuntime → first json result, inline (ms)', cold, '≤ 20'],
    ['createRuntime → first json result, 2 workers (ms)', coldPool, ''],
  ]);
}
