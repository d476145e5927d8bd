// The CPU budget on a page's main thread, where no worker could be stopped:
// a third-party module that loops is stopped by the default inline budget
// well within a second, and the page goes on; built-in modules run metered
// from their first call, from the bytes metered as built, with the same answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemo } from './demo-page.js';

test('inline in a window, a looping third-party module is stopped by the default budget, well within a second', async (t) => {
  const { page } = await openDemo(t);
  const result = await page.evaluate(async () => {
    const { createRuntime, sha256Hex } = await import('/dist/browser/index.js');
    const rt = await createRuntime({ workers: 0 });
    const bytes = new Uint8Array(await (await fetch('/fixtures/simd/example-simd.wasm')).arrayBuffer());
    rt.registry.register({ name: 'example', version: '1.2.0', variants: { simd: { bytes, sha256: await sha256Hex(bytes) } } });
    await rt.call('example', 'noop', ''); // loaded and metered: what follows is the loop alone
    const start = performance.now();
    const spin = await rt.call('example', 'spin', '').then(() => 'answered', (error) => error.code);
    const ms = performance.now() - start;
    const next = (await rt.call('example', 'echo', 'next')).status;
    const formatted = await rt.call('json', 'format', '{"b":[1,2],"a":12345678901234567890}', { indent: 2, sortKeys: true });
    const files = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/dist/modules/json') && p.endsWith('.wasm'));
    const builtin = { output: new TextDecoder().decode(formatted.output), metered: Number.isInteger(formatted.budgetUsed) && formatted.budgetUsed > 0, files: [...new Set(files)] };
    return { spin, stoppedInTime: ms < 2000, next, builtin }; // about 0.35 s here; 2 s leaves room for a busy machine
  });
  assert.deepEqual(result, {
    spin: 'E_BUDGET_EXCEEDED', stoppedInTime: true, next: 'ok',
    builtin: { output: '{\n  "a": 12345678901234567890,\n  "b": [\n    1,\n    2\n  ]\n}', metered: true, files: ['/dist/modules/json-simd.metered.wasm'] },
  });
});
