// What the runtime counts (stats(), Prometheus text that parses), its health,
// and its settings from options and WASMOD_* environment variables.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
import { resolveOptions } from '../../bindings/js/config.js';
import { exampleDescriptor } from '../fixtures/example.js';
import { ROOT } from './helpers.js';

/** Parses the Prometheus text exposition format strictly: { name{labels}: value }, checking HELP/TYPE order. */
function parsePrometheus(text) {
  assert.ok(text.endsWith('\n'));
  const samples = {};
  const typed = new Set();
  for (const line of text.trimEnd().split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.match(meta[3], /^(counter|gauge|summary|histogram|untyped)$/);
        typed.add(meta[2]);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    assert.ok(typed.has(m[1].replace(/_(sum|count)$/, '')), `${m[1]} has no TYPE before it`);
    samples[`${m[1]}${m[2] ?? ''}`] = Number(m[3]);
  }
  return samples;
}

describe('metrics', () => {
  it('counts calls, errors by code, bytes, latency, memory, cold start, cache and workers', async () => {
    const rt = await createRuntime({ workers: 1, timeoutMs: 0 });
    rt.registry.register(await exampleDescriptor());
    await rt.call('example', 'echo', 'abcdé');
    await rt.call('example', 'echo', new Uint8Array(10));
    await assert.rejects(rt.call('example', 'spin', '', undefined, { timeoutMs: 50 }), { code: 'E_TIMEOUT' });
    await assert.rejects(rt.call('example', 'missing', ''), { code: 'E_UNSUPPORTED' });
    const { modules, pool, cache } = rt.stats();
    const m = modules.example;
    assert.equal(m.calls, 4);
    assert.deepEqual(m.errors, { E_TIMEOUT: 1, E_UNSUPPORTED: 1 });
    assert.equal(m.timeouts, 1);
    assert.equal(m.bytesIn, 6 + 10);
    assert.equal(m.bytesOut, 6 + 10);
    assert.ok(m.latencyMs.p50 > 0 && m.latencyMs.p50 <= m.latencyMs.p95 && m.latencyMs.p95 <= m.latencyMs.p99);
    assert.ok(m.latencyMs.p99 >= 50, 'the timed-out call counts with its whole wait');
    assert.ok(m.memoryPages >= 32 && m.memoryPeakPages >= m.memoryPages);
    assert.ok(m.coldStartMs > 0);
    assert.deepEqual([m.engine, m.version], ['wasm-simd', '1.2.0']);
    assert.deepEqual([pool.workers, pool.busy, pool.idle, pool.queued, pool.replaced, pool.timeouts], [1, 0, 1, 0, 1, 1]);
    assert.deepEqual(cache, { hits: 0, misses: 1 });
    await rt.close();
  });

  it('writes Prometheus text that parses', async () => {
    const rt = await createRuntime({ workers: 1 });
    rt.registry.register(await exampleDescriptor());
    await rt.call('example', 'echo', 'x');
    await assert.rejects(rt.call('example', 'missing', ''));
    await rt.call('json', 'validate', '[]');
    const samples = parsePrometheus(rt.metrics());
    assert.equal(samples['wasmod_calls_total{module="example"}'], 2);
    assert.equal(samples['wasmod_calls_total{module="json"}'], 1);
    assert.equal(samples['wasmod_errors_total{module="example",code="E_UNSUPPORTED"}'], 1);
    assert.equal(samples['wasmod_workers{state="idle"}'], 1);
    assert.equal(samples['wasmod_queue_length'], 0);
    assert.ok(samples['wasmod_call_latency_ms{module="example",quantile="0.5"}'] > 0);
    assert.equal(samples['wasmod_call_latency_ms_count{module="example"}'], 2);
    assert.ok(samples['wasmod_call_latency_ms_sum{module="example"}'] >= samples['wasmod_call_latency_ms{module="example",quantile="0.5"}']);
    assert.ok(samples['wasmod_memory_peak_pages{module="json"}'] >= 32);
    await rt.close();
  });

  it('reports health: engines, modules, pool, settings', async () => {
    const rt = await createRuntime({ workers: 0 });
    await rt.call('json', 'validate', '{}');
    const h = await rt.health();
    assert.equal(h.ok, true);
    assert.deepEqual(Object.keys(h.engines), ['wasm-simd', 'wasm-scalar', 'native', 'js']);
    assert.equal(h.engines['wasm-simd'].available, true);
    assert.equal(h.modules.json.engine, 'wasm-simd');
    assert.equal(h.index, 'ok');
    await rt.close();
    assert.equal((await rt.health()).ok, false, 'a closed runtime is not healthy');
  });
});

describe('settings', () => {
  it('takes WASMOD_* environment variables as defaults, and options over them', () => {
    const env = { WASMOD_WORKERS: '3', WASMOD_MIN_WORKERS: '1', WASMOD_TIMEOUT_MS: '250', WASMOD_MAX_MEMORY_MB: '64', WASMOD_MAX_INPUT_BYTES: '1000', WASMOD_MAX_QUEUE: '7', WASMOD_IDLE_TIMEOUT_MS: '10', WASMOD_ENGINES: 'wasm-scalar, js' };
    const s = resolveOptions({}, env);
    assert.deepEqual([s.workers, s.minWorkers, s.timeoutMs, s.maxMemoryMb, s.maxInputBytes, s.maxQueue, s.idleTimeoutMs], [3, 1, 250, 64, 1000, 7, 10]);
    assert.deepEqual(s.engines, ['wasm-scalar', 'js']);
    assert.equal(resolveOptions({ workers: 0, engines: ['js'] }, env).workers, 0);
    const defaults = resolveOptions({}, {});
    assert.deepEqual([defaults.workers, defaults.timeoutMs, defaults.maxMemoryMb, defaults.maxQueue], [0, 5000, 256, 1000]);
  });

  it('refuses bad values with E_BAD_OPTIONS, naming where they came from', () => {
    assert.throws(() => resolveOptions({}, { WASMOD_WORKERS: 'two' }), { code: 'E_BAD_OPTIONS', message: /environment variable WASMOD_WORKERS must be a non-negative integer up to 256, got "two"/ });
    assert.throws(() => resolveOptions({ maxMemoryMb: 0 }, {}), { code: 'E_BAD_OPTIONS', message: /option maxMemoryMb must be a positive integer/ });
    assert.throws(() => resolveOptions({}, { WASMOD_ENGINES: 'wasm-simd,gpu' }), { code: 'E_BAD_OPTIONS', message: /unknown engine 'gpu'/ });
  });

  it('reads process.env in Node, for the default runtime too', () => {
    const script = `
      import { getDefaultRuntime, validateJson } from 'wasmod';
      await validateJson('[]');
      const rt = getDefaultRuntime();
      console.log(JSON.stringify({ ...rt.stats().pool, maxMemoryMb: rt.settings.maxMemoryMb, engine: rt.stats().modules.json.engine }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, WASMOD_WORKERS: '1', WASMOD_MAX_MEMORY_MB: '32', WASMOD_ENGINES: 'wasm-scalar' } });
    const seen = JSON.parse(out);
    assert.deepEqual([seen.maxWorkers, seen.workers, seen.maxMemoryMb, seen.engine], [1, 1, 32, 'wasm-scalar']);
  });
});
