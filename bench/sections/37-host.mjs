// Host capabilities (bindings/js/host.js): what a kv-get + kv-set round trip
// costs beside the same module's call without capabilities, inline and
// through the pool, and how many calls a second commit one key each to the
// durable Node store (a crash-safe log synced before each call answers;
// commits that meet are synced together).
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRuntime } from 'wasmod';
import { HOST_FUNCTIONS_URL, exampleHostDescriptor } from '../../tests/fixtures/example.js';

export const title = 'Host capabilities: key-value calls and transactions';

const RUNS = Number(process.env.WASMOD_BENCH_RUNS ?? 9);
const BATCH = 1000;
const REPEAT = 50; // calls per sample

/** `fn` called REPEAT times in a row, as one sample. */
const repeated = (fn) => async () => {
  for (let i = 0; i < REPEAT; i++) await fn();
};

export async function run({ measureInterleaved, table, machine }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasmod-bench-kv-'));
  const rows = [];
  try {
    for (const workers of [0, 1]) {
      const rt = await createRuntime({ workers, timeoutMs: 0, store: path.join(dir, `round-trip-${workers}`), hostFunctions: HOST_FUNCTIONS_URL });
      rt.registry.register(await exampleHostDescriptor());
      const keys = { keys: ['user:1'] };
      await rt.call('example-host', 'kv-set', 'user:1=ada', undefined, keys);
      const plain = () => rt.call('example-host', 'noop', '');
      const get = () => rt.call('example-host', 'kv-get', 'user:1', undefined, keys);
      const set = () => rt.call('example-host', 'kv-set', 'user:1=ada', undefined, keys);
      const roundTrip = async () => {
        await get();
        await set();
      };
      const [plainMs, getMs, roundMs] = (await measureInterleaved([plain, get, roundTrip].map(repeated), { runs: RUNS, warmupMs: 300 })).map((ms) => ms / REPEAT);
      const where = workers ? 'pool (1 worker)' : 'inline';
      rows.push([`${where}: noop, no capabilities`, plainMs * 1000, 1]);
      rows.push([`${where}: kv-get`, getMs * 1000, getMs / plainMs]);
      rows.push([`${where}: kv-get + kv-set (synced commit)`, roundMs * 1000, roundMs / plainMs]);
      await rt.close();
    }
    // The floor under a synced commit: appending a record and fdatasync, with no wasmod at all.
    const handle = await open(path.join(dir, 'floor.log'), 'a');
    const record = new Uint8Array(40);
    const [syncMs] = (await measureInterleaved([repeated(async () => {
      await handle.write(record);
      await handle.datasync();
    })], { runs: RUNS, warmupMs: 300 })).map((ms) => ms / REPEAT);
    await handle.close();
    rows.push(['floor: append 40 bytes + fdatasync (no wasmod)', syncMs * 1000, '']);
    console.log(`Medians of ${RUNS} runs in turns, per call; ${machine()}; store: a directory on ${tmpdir()}.\n`);
    table(['call', 'µs', '÷ noop'], rows);

    const batch = [];
    for (const workers of [0, 2]) {
      const rt = await createRuntime({ workers, timeoutMs: 0, store: path.join(dir, `batch-${workers}`), hostFunctions: HOST_FUNCTIONS_URL });
      rt.registry.register(await exampleHostDescriptor());
      await rt.call('example-host', 'kv-set', 'user:warm=1', undefined, { keys: ['user:warm'] });
      const start = performance.now();
      await Promise.all(Array.from({ length: BATCH }, (_, i) => rt.call('example-host', 'kv-set', `user:${i}=${i}`, undefined, { keys: [`user:${i}`] })));
      const seconds = (performance.now() - start) / 1000;
      batch.push([`${BATCH} calls, one key each, ${workers ? `pool of ${workers}` : 'inline'}`, seconds * 1000, BATCH / seconds]);
      await rt.close();
    }
    console.log('');
    table(['batch (concurrent, each call one transaction)', 'ms', 'transactions/s'], batch);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
