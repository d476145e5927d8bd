// The worker pool with real workers and a real module (tests/fixtures):
// deadlines, the memory cap, traps, cancellation, crashes, idle shrink, the
// queue bound, batches, and a clean shutdown.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
import { CRASHING_WORKER_URL, exampleDescriptor } from '../fixtures/example.js';

const text = (bytes) => new TextDecoder().decode(bytes);

/** A runtime with the example module registered; closed (or destroyed) by the test. */
async function runtime(options) {
  const rt = await createRuntime({ workers: 1, minWorkers: 0, timeoutMs: 0, ...options });
  rt.registry.register(await exampleDescriptor());
  return rt;
}

/** Waits until `condition()` holds (workers start and stop asynchronously). */
async function until(condition, what) {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('runtime pool', () => {
  it('runs calls on workers and names the engine', async () => {
    const rt = await runtime({ workers: 2 });
    const r = await rt.call('example', 'echo', 'héllo');
    assert.equal(text(r.output), 'héllo');
    assert.equal(r.engine, 'wasm-simd');
    assert.deepEqual([r.module, r.version, r.status], ['example', '1.2.0', 'ok']);
    assert.ok(r.durationMs >= 0);
    const bytes = new TextEncoder().encode('[1,2]');
    assert.equal((await rt.call('json', 'validate', bytes)).status, 'ok');
    assert.equal(bytes.length, 5, 'the caller keeps its input unless it asks for a transfer');
    const moved = new TextEncoder().encode('moved');
    assert.equal(text((await rt.call('example', 'echo', moved, undefined, { transfer: true })).output), 'moved');
    assert.equal(moved.length, 0, 'a transferred input is detached');
    await rt.close();
  });

  it('sends a large string to a worker as UTF-8, byte for byte what an inline call reads', async () => {
    const rt = await runtime({ workers: 1 });
    const inline = await runtime({ workers: 0 });
    // Over the size from which strings travel as bytes; non-Latin-1 text (a lone surrogate is refused: see reliability.test.js).
    const input = `${'héllo 世界 😀 '.repeat(4000)} end`;
    const [pooled, direct] = [await rt.call('example', 'echo', input), await inline.call('example', 'echo', input)];
    assert.deepEqual(pooled.output, direct.output);
    assert.equal(text(pooled.output), input);
    assert.equal(rt.stats().modules.example.bytesIn, direct.output.length);
    await Promise.all([rt.close(), inline.close()]);
  });

  it('stops a call at its deadline with E_TIMEOUT, replaces the worker, and serves the next call', async () => {
    const rt = await runtime({ workers: 1 });
    await rt.call('example', 'noop', ''); // the pool has served: a warm spare is booting
    await until(() => rt.stats().pool.spare === 1, 'the spare');
    await assert.rejects(rt.call('example', 'spin', '', undefined, { timeoutMs: 100 }), { code: 'E_TIMEOUT', module: 'example', op: 'spin', message: /timed out after 100 ms/ });
    const next = await rt.call('example', 'echo', 'next');
    assert.equal(text(next.output), 'next');
    const { pool, modules } = rt.stats();
    assert.equal(pool.replaced, 1);
    assert.equal(pool.timeouts, 1);
    assert.equal(pool.workers, 1);
    assert.equal(modules.example.timeouts, 1);
    await rt.close();
  });

  it('applies the runtime-wide timeoutMs, overridable per call', async () => {
    const rt = await runtime({ timeoutMs: 80 });
    await assert.rejects(rt.call('example', 'spin', ''), { code: 'E_TIMEOUT' });
    assert.equal((await rt.call('example', 'noop', '', undefined, { timeoutMs: 0 })).status, 'ok');
    await rt.close();
  });

  it('caps memory per instance: E_MEMORY_LIMIT, and the pool keeps serving', async () => {
    const rt = await runtime({ maxMemoryMb: 16 });
    await assert.rejects(rt.call('example', 'hog', ''), { code: 'E_MEMORY_LIMIT', message: /allocated without bound/ });
    assert.equal(text((await rt.call('example', 'echo', 'still here')).output), 'still here');
    const m = rt.stats().modules.example;
    assert.equal(m.memoryLimitHits, 1);
    assert.ok(m.memoryPeakPages > 240 && m.memoryPeakPages <= 256, `the memory grew to its 16 MiB cap (256 pages) and no further: ${m.memoryPeakPages}`);
    assert.equal(rt.stats().pool.replaced, 0, 'a clean out-of-memory answer needs no new worker');
    await rt.close();
  });

  it('replaces an instance that traps', async () => {
    const rt = await runtime();
    await assert.rejects(rt.call('example', 'trap', ''), { code: 'E_INTERNAL', message: /trapped/ });
    assert.equal(text((await rt.call('example', 'echo', 'after')).output), 'after');
    await rt.close();
  });

  it('cancels with an AbortSignal: before the start, in the queue, and while running', async () => {
    const rt = await runtime();
    await assert.rejects(rt.call('example', 'echo', 'x', undefined, { signal: AbortSignal.abort() }), { code: 'E_CANCELLED' });
    const running = new AbortController();
    const queued = new AbortController();
    const a = rt.call('example', 'spin', '', undefined, { signal: running.signal });
    const b = rt.call('example', 'echo', 'queued', undefined, { signal: queued.signal });
    const c = rt.call('example', 'echo', 'served');
    assert.equal(rt.stats().pool.queued, 2);
    queued.abort();
    await assert.rejects(b, { code: 'E_CANCELLED', message: /before it started/ });
    running.abort();
    await assert.rejects(a, { code: 'E_CANCELLED', message: /terminated and replaced/ });
    assert.equal(text((await c).output), 'served');
    await rt.close();
  });

  it('settles a batch in order; failures in the middle do not sink it', async () => {
    const rt = await runtime({ workers: 2 });
    const results = await rt.batch([
      { module: 'example', op: 'echo', input: 'first' },
      { module: 'example', op: 'spin', input: '', timeoutMs: 100 },
      { module: 'json', op: 'validate', input: '[1,' },
      { module: 'example', op: 'no-such-op', input: '' },
      { module: 'nope', op: 'validate', input: '' },
      { module: 'example', op: 'echo', input: 'last' },
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.equal(text(results[0].value.output), 'first');
    assert.equal(results[1].reason.code, 'E_TIMEOUT');
    assert.equal(results[2].value.status, 'invalid-input');
    assert.equal(results[3].reason.code, 'E_UNSUPPORTED');
    assert.equal(results[4].reason.code, 'E_MODULE_NOT_FOUND');
    assert.equal(text(results[5].value.output), 'last');
    await rt.close();
  });

  it('recovers from a worker that crashes: E_WORKER_CRASHED, then the next call is served', async () => {
    const rt = await runtime({ workerUrl: CRASHING_WORKER_URL });
    assert.equal(text((await rt.call('example', 'echo', 'before')).output), 'before');
    await assert.rejects(rt.call('example', 'crash', ''), { code: 'E_WORKER_CRASHED', message: /worker crashed on purpose/ });
    assert.equal(text((await rt.call('example', 'echo', 'after')).output), 'after');
    assert.equal(rt.stats().pool.crashed, 1);
    await rt.close();
  });

  it('pre-warms minWorkers and shrinks idle workers back to them', async () => {
    const rt = await runtime({ workers: 2, minWorkers: 1, idleTimeoutMs: 50 });
    assert.equal(rt.stats().pool.workers, 1);
    await rt.call('example', 'noop', ''); // the module is loaded: the next calls go to workers at once
    const both = Promise.all([rt.call('example', 'echo', 'a'), rt.call('example', 'echo', 'b')]);
    assert.deepEqual([rt.stats().pool.workers, rt.stats().pool.busy], [2, 2]);
    await both;
    await until(() => rt.stats().pool.workers === 1, 'the idle shrink');
    await rt.close();
    const none = await runtime({ workers: 2, minWorkers: 0, idleTimeoutMs: 50 });
    await none.call('example', 'noop', '');
    await until(() => none.stats().pool.workers === 0 && none.stats().pool.spare === 0, 'every worker to go');
    assert.equal(text((await none.call('example', 'echo', 'again')).output), 'again');
    await none.close();
  });

  it('bounds the queue with E_QUEUE_FULL', async () => {
    const rt = await runtime({ maxQueue: 2 });
    const busy = rt.call('example', 'spin', '', undefined, { timeoutMs: 300 });
    const waiting = [rt.call('example', 'echo', '1'), rt.call('example', 'echo', '2')];
    await assert.rejects(rt.call('example', 'echo', '3'), { code: 'E_QUEUE_FULL', message: /queue is full \(2 calls/ });
    await assert.rejects(busy, { code: 'E_TIMEOUT' });
    assert.deepEqual((await Promise.all(waiting)).map((r) => text(r.output)), ['1', '2']);
    await rt.close();
  });

  it('refuses an input over maxInputBytes before copying it', async () => {
    const rt = await runtime({ maxInputBytes: 8 });
    await assert.rejects(rt.call('example', 'echo', '123456789'), { code: 'E_INPUT_TOO_LARGE', message: /9 bytes exceeds maxInputBytes \(8\)/ });
    await assert.rejects(rt.call('example', 'echo', new Uint8Array(9)), { code: 'E_INPUT_TOO_LARGE' });
    await assert.rejects(rt.call('example', 'echo', 'ééééé'), { code: 'E_INPUT_TOO_LARGE', message: /10 bytes/ }, 'counted in UTF-8 bytes');
    assert.equal((await rt.call('example', 'echo', 'éééé')).output.length, 8);
    assert.equal(rt.stats().modules.example.errors.E_INPUT_TOO_LARGE, 3);
    await rt.close();
  });

  it('close() drains, destroy() cancels, and nothing is left running', async () => {
    const rt = await runtime({ workers: 2 });
    const pending = ['a', 'b', 'c'].map((s) => rt.call('example', 'echo', s));
    await rt.close();
    assert.deepEqual((await Promise.all(pending)).map((r) => text(r.output)), ['a', 'b', 'c']);
    await assert.rejects(rt.call('example', 'echo', 'late'), { code: 'E_CANCELLED', message: /closed/ });
    assert.deepEqual([rt.stats().pool.workers, rt.stats().pool.spare], [0, 0]);

    const doomed = await runtime();
    const spinning = assert.rejects(doomed.call('example', 'spin', ''), { code: 'E_CANCELLED', message: /destroyed/ });
    const queued = assert.rejects(doomed.call('example', 'echo', 'x'), { code: 'E_CANCELLED' });
    await sleep(20);
    await doomed.destroy();
    await Promise.all([spinning, queued]);
    const left = process.getActiveResourcesInfo().filter((r) => /Worker|MessagePort|Timeout/.test(r));
    assert.deepEqual(left, [], 'no worker, port or timer outlives close()');
  });

  it('runs inline with workers: 0, and replaces a trapped instance there too', async () => {
    const rt = await runtime({ workers: 0 });
    assert.equal(text((await rt.call('example', 'echo', 'inline')).output), 'inline');
    await assert.rejects(rt.call('example', 'trap', ''), { code: 'E_INTERNAL' });
    assert.equal(text((await rt.call('example', 'echo', 'again')).output), 'again');
    await assert.rejects(rt.call('example', 'hog', ''), { code: 'E_MEMORY_LIMIT' });
    assert.deepEqual(rt.stats().pool.workers, 0);
    await rt.close();
  });
});
