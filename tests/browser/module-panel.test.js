// The module panel: the registry, the variant and engine that serve each
// module, the worker pool's counts, and a call stopped by its timeout while
// the pool carries on serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Runtime } from '../../bindings/js/index.js';
import { moduleIndex, openDemo, readTotals, waitForText } from './demo-page.js';

/** Whether this build's runtime has the worker pool (stats() with busy/idle workers), asked in Node. */
async function runtimeHasPool() {
  const rt = new Runtime({ workers: 1 });
  try {
    const stats = typeof rt.stats === 'function' ? await rt.stats() : null;
    return typeof stats?.pool?.busy === 'number' && typeof stats.pool.idle === 'number';
  } finally {
    await (rt.destroy ?? rt.close).call(rt);
  }
}

test('the module panel shows the registry, the simd variant at work, and the workers', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  assert.equal(await page.evaluate(() => WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]))), true, 'Chromium runs wasm SIMD');

  const registry = await page.$$eval('#module-registry tbody tr', (rows) => rows.map((tr) => [...tr.cells].map((td) => td.textContent)));
  for (const entry of moduleIndex().modules) {
    const row = registry.find((cells) => cells[0] === entry.name);
    assert.ok(row, `the registry lists ${entry.name}`);
    assert.equal(row[1], entry.version);
    for (const variant of Object.keys(entry.variants)) assert.match(row[2], new RegExp(`\\b${variant}\\b`));
  }

  await page.waitForSelector('#module-loaded tbody td.variant');
  const json = await page.$eval('#module-loaded tbody tr', (tr) => [...tr.cells].map((td) => td.textContent));
  assert.equal(json[0], 'json');
  assert.equal(json[2], 'simd', 'the simd variant serves json');
  assert.equal(json[3], 'wasm-simd');

  const runtime = await readTotals(page, '#module-runtime');
  assert.equal(runtime['WebAssembly SIMD'], 'yes');
  if (await runtimeHasPool()) {
    const busy = Number(runtime['workers busy']);
    const idle = Number(runtime['workers idle']);
    t.diagnostic(`workers: ${busy} busy, ${idle} idle`);
    assert.ok(Number.isInteger(busy) && Number.isInteger(idle), `worker counts are numbers: ${JSON.stringify(runtime)}`);
    assert.ok(busy + idle >= 1 && busy + idle <= 2, 'the page asked for two workers; one has served json');
  } else {
    t.diagnostic('this build\'s runtime has no worker pool: checking that the page says so');
    assert.match(runtime.workers, /not available in this build/);
  }
  assert.match(runtime['interactive after'], /^[\d.]+ (ms|s)$/);
  await demo.screenshot('modules');
  assert.deepEqual(demo.errors, []);
});

test('a long call is stopped by its timeout and the pool recovers', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  if (!(await runtimeHasPool())) {
    t.diagnostic('this build\'s runtime has no worker pool: checking that the page says timeouts need it');
    assert.equal(await page.isDisabled('#timeout-run'), true);
    assert.match(await page.textContent('#timeout-note'), /not available in this build/);
    assert.deepEqual(demo.errors, []);
    return;
  }
  await page.waitForSelector('#module-runtime dt');
  const call = await page.$eval('#timeout-call', (s) => s.selectedOptions[0].textContent);
  t.diagnostic(`long call: ${call}`);
  await page.fill('#timeout-ms', '50');
  await page.click('#timeout-run');
  await waitForText(page, '#timeout-log', /recover/, 20000);
  const log = await page.$$eval('#timeout-log li', (items) => items.map((li) => li.textContent));
  t.diagnostic(log.join(' / '));
  assert.match(log[1], /^stopped after [\d.]+ (ms|s): E_TIMEOUT/);
  assert.match(log[2], /^pool recovered: the next call answered 'ok'/);
  await waitForText(page, '#module-errors', /E_TIMEOUT/);
  assert.equal((await readTotals(page, '#module-errors')).E_TIMEOUT, '1');
  assert.equal((await readTotals(page, '#module-runtime')).timeouts, '1');
  await demo.screenshot('modules-timeout');
  assert.deepEqual(demo.errors, []);
});
