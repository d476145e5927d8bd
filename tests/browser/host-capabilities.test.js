// Host capabilities in a browser: the example module granted kv keeps its
// writes in IndexedDB (a later runtime reads them), inline on the page and in
// a Web Worker, whose app host functions come from a module URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemo } from './demo-page.js';

test('kv in IndexedDB, inline and in a worker; writes of a failed call are dropped', async (t) => {
  const { page } = await openDemo(t);
  const result = await page.evaluate(async () => {
    const { createRuntime, sha256Hex } = await import('/dist/browser/index.js');
    const bytes = new Uint8Array(await (await fetch('/fixtures/simd/example-host-simd.wasm')).arrayBuffer());
    const functions = `export const upper = { fn: (b) => new TextDecoder().decode(b).toUpperCase() };
      export const add = { params: ['i32', 'i32'], results: ['i32'], fn: (a, b) => a + b };`;
    const hostFunctions = URL.createObjectURL(new Blob([functions], { type: 'text/javascript' }));
    const grants = { kv: { keys: ['user:*'], write: true }, log: 'info', clock: true, random: true, config: {}, functions: ['upper', 'add'] };
    const text = (r) => new TextDecoder().decode(r.output);
    const open = async (workers) => {
      const rt = await createRuntime({ workers, store: 'wasmod-browser-test', hostFunctions, onLog: () => {}, timeoutMs: 0 });
      rt.registry.register({ name: 'example-host', version: '1.2.0', variants: { simd: { bytes, sha256: await sha256Hex(bytes) } }, grants });
      return rt;
    };
    const out = {};
    for (const workers of [0, 1]) {
      let rt = await open(workers);
      // a call with a deadline of its own goes to the worker of a window's pool
      const keys = { keys: [`user:${workers}`], ...(workers ? { timeoutMs: 10000 } : {}) };
      await rt.call('example-host', 'kv-set', `user:${workers}=value ${workers}`, undefined, keys);
      const failed = await rt.call('example-host', 'kv-set-fail', `user:${workers}=lost`, undefined, keys);
      out[`upper${workers}`] = text(await rt.call('example-host', 'app-upper', 'up', undefined, workers ? { timeoutMs: 10000 } : undefined));
      await rt.close();
      rt = await open(workers);
      out[`read${workers}`] = text(await rt.call('example-host', 'kv-get', `user:${workers}`, undefined, keys));
      out[`failed${workers}`] = failed.status;
      out[`denied${workers}`] = await rt.call('example-host', 'kv-get', 'user:9', undefined, keys).then(() => 'answered', (e) => e.code);
      await rt.close();
    }
    return out;
  });
  assert.deepEqual(result, {
    upper0: 'UP', read0: 'value 0', failed0: 'invalid-input', denied0: 'E_PERMISSION',
    upper1: 'UP', read1: 'value 1', failed1: 'invalid-input', denied1: 'E_PERMISSION',
  });
});
