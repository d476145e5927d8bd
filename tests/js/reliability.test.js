// The findings of a hostile-user probe of the runtime and the JSON API, each
// turned into an assertion (numbers are the findings' own, in
// ../shared/reliability/FINDINGS.md). The CLI's are in cli-*.test.js.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { analyzeCode, createRuntime, validateJson, validateNdjson } from 'wasmod';
import { lineSlices } from '../../bindings/js/ndjson.js';
import { badResultModule, exampleBytes, exampleDescriptor } from '../fixtures/example.js';
import { ROOT } from './helpers.js';

const text = (bytes) => new TextDecoder().decode(bytes);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A runtime with the example module registered. */
async function runtime(options) {
  const rt = await createRuntime({ timeoutMs: 0, ...options });
  rt.registry.register(await exampleDescriptor());
  return rt;
}

/** The number of threads of this process (Linux). */
function threads() {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
}

/** Runs a module script in a child Node with `flags`; returns its stdout. */
function node(flags, script) {
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('NDJSON streams', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-reliability-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bad = path.join(dir, 'bad.ndjson');
  writeFileSync(bad, '{"a":1}\n{not json\n[1,2\n');
  const lines = (result) => result.errors.map((e) => e.line);

  it('2: checks text streams as it checks byte streams: a utf8 file stream, readline, an array of strings', async () => {
    assert.deepEqual(lines(await validateNdjson(createReadStream(bad))), [2, 3]);
    const utf8 = await validateNdjson(createReadStream(bad, 'utf8'));
    assert.deepEqual([utf8.valid, lines(utf8)], [false, [2, 3]]);
    const readline = await validateNdjson(createInterface({ input: createReadStream(bad), crlfDelay: Infinity }));
    assert.deepEqual([readline.valid, lines(readline)], [false, [2, 3]]);
    assert.deepEqual(lines(await validateNdjson(['{not json\n', '[1,2\n'])), [1, 2]);
    assert.equal((await validateNdjson(Readable.from(['{"a":', '1}\n', '[2]']))).valid, true);
  });

  it('2: refuses what is not a stream of text or bytes with E_BAD_OPTIONS', async () => {
    await assert.rejects(validateNdjson([{ a: 1 }]), { code: 'E_BAD_OPTIONS' });
    await assert.rejects(validateNdjson(42), { code: 'E_BAD_OPTIONS' });
  });

  it('11: a streamed line of any length costs linear time', async () => {
    // One string line in 64 KiB chunks, as a file stream gives it, through the slicer alone:
    // 16 times the line costs about 16 times the time when linear, 256 times when quadratic.
    const timeOf = async (mib) => {
      const line = new TextEncoder().encode(`"${'x'.repeat((mib << 20) - 3)}"\n`);
      const chunks = Array.from({ length: Math.ceil(line.length / 65536) }, (_, i) => line.subarray(i * 65536, (i + 1) * 65536));
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const start = performance.now();
        let bytes = 0;
        for await (const slice of lineSlices(chunks, 65536)) bytes += slice.bytes.length; // both sizes grow its buffer
        best = Math.min(best, performance.now() - start);
        assert.equal(bytes, line.length);
      }
      return best;
    };
    await timeOf(1); // warm up
    const small = await timeOf(2);
    const large = await timeOf(32);
    assert.ok(large / small < 64, `32 MiB took ${large.toFixed(1)} ms, 2 MiB ${small.toFixed(1)} ms`);
    const line = `"${'x'.repeat(3 << 20)}"\n`;
    assert.equal((await validateNdjson(Array.from({ length: Math.ceil(line.length / 65536) }, (_, i) => line.slice(i * 65536, (i + 1) * 65536)))).valid, true);
  });
});

describe('pool inputs', () => {
  it('3: a SharedArrayBuffer input with transfer: true is shared, queued or not, and the process lives', async () => {
    const rt = await runtime({ workers: 1 });
    const input = new Uint8Array(new SharedArrayBuffer(5));
    input.set(new TextEncoder().encode('[1,2]'));
    assert.equal(text((await rt.call('example', 'echo', input, undefined, { transfer: true })).output), '[1,2]');
    const busy = rt.call('example', 'spin', '', undefined, { timeoutMs: 200 });
    const queued = rt.call('example', 'echo', input, undefined, { transfer: true });
    await assert.rejects(busy, { code: 'E_TIMEOUT' });
    assert.equal(text((await queued).output), '[1,2]');
    assert.equal(rt.stats().pool.busy, 0);
    await rt.close();
  });

  it('4: an input that cannot be sent is E_BAD_OPTIONS, and its worker serves the next call', async () => {
    const rt = await runtime({ workers: 1 });
    const input = new TextEncoder().encode('gone');
    structuredClone(input.buffer, { transfer: [input.buffer] }); // detaches it
    await assert.rejects(rt.call('example', 'echo', input), { code: 'E_BAD_OPTIONS', message: /detached/ });
    assert.equal(rt.stats().pool.busy, 0);
    assert.equal(text((await rt.call('example', 'echo', 'next')).output), 'next');
    // The same buffer transferred by three calls: the first takes it, the others are told why.
    const shared = new TextEncoder().encode('once');
    const results = await Promise.allSettled([1, 2, 3].map(() => rt.call('example', 'echo', shared, undefined, { transfer: true })));
    assert.equal(text(results[0].value.output), 'once');
    for (const r of results.slice(1)) assert.equal(r.reason?.code, 'E_BAD_OPTIONS');
    await rt.close();
  });
});

describe('shared signals', () => {
  it('38: one AbortSignal shared by calls of two runtimes cancels each in its own pool, and no other call', async () => {
    const [a, b] = [await runtime({ workers: 1 }), await runtime({ workers: 1 })];
    const controller = new AbortController();
    const { signal } = controller;
    const calls = [a.call('example', 'spin', '', undefined, { signal }), a.call('example', 'echo', 'kept'), b.call('example', 'spin', '', undefined, { signal }), b.call('example', 'echo', 'x', undefined, { signal })];
    await sleep(100);
    controller.abort();
    const settled = await Promise.allSettled(calls);
    assert.deepEqual(settled.map((r) => r.reason?.code ?? text(r.value.output)), ['E_CANCELLED', 'kept', 'E_CANCELLED', 'E_CANCELLED']);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('runtime lifecycle', () => {
  it('7: concurrent close() calls all resolve', async () => {
    const rt = await runtime({ workers: 2 });
    const pending = rt.call('example', 'echo', 'x');
    const closes = [rt.close(), rt.close()];
    await pending;
    const settled = await Promise.race([Promise.all(closes).then(() => 'closed'), sleep(5000).then(() => 'pending')]);
    assert.equal(settled, 'closed');
  });

  it('16: a failed createRuntime stops the workers it started', async () => {
    // The threads a first run starts for good: a worker's, and libuv's pool (started by async I/O).
    await (await createRuntime({ workers: 1, minWorkers: 1 })).close();
    await readFile(new URL(import.meta.url));
    const before = threads();
    for (let i = 0; i < 5; i++)
      await assert.rejects(createRuntime({ workers: 2, minWorkers: 2, preload: ['json', 'no-such-module'] }), { code: 'E_MODULE_NOT_FOUND' });
    await sleep(100);
    assert.ok(threads() < before + 4, `threads: ${before} before, ${threads()} after five failed runtimes with two workers each`);
  });

  it('17: no state for names that do not exist, one instance per module version whatever the spelling', async () => {
    const rt = await createRuntime();
    for (let i = 0; i < 200; i++) await assert.rejects(rt.call(`no-such-module-${i}`, 'validate', '[]'), { code: 'E_MODULE_NOT_FOUND' });
    assert.deepEqual(Object.keys(rt.stats().modules), []);
    assert.doesNotMatch(rt.metrics(), /no-such-module/);
    for (const spec of ['json', 'json@^0', 'json@*', 'json@0.x', 'json@>=0']) await rt.call(spec, 'validate', '[]');
    for (let i = 0; i < 1000; i++) await rt.call(`json@>=0.0.0 || ^9.${i}`, 'validate', '[]');
    assert.equal(rt.stats().cache.misses, 1, 'one module compiled');
    assert.deepEqual(Object.keys(rt.stats().modules), ['json']);
    assert.equal(rt.stats().modules.json.calls, 1005);
  });

  it('18: a worker script that fails to start is tried a few times, then only for calls, which fail clearly', async () => {
    const rt = await createRuntime({ workers: 2, minWorkers: 1, workerUrl: new URL('../fixtures/failing-worker.js', import.meta.url) });
    rt.registry.register(await exampleDescriptor());
    await sleep(1500);
    const { spawned, workers } = rt.stats().pool;
    assert.ok(spawned <= 4, `${spawned} workers started in 1.5 s`);
    await assert.rejects(rt.call('example', 'echo', 'x'), { code: 'E_WORKER_CRASHED', message: /fails to start|failing to start/ });
    assert.ok(workers <= 1);
    await sleep(500);
    assert.ok(rt.stats().pool.spawned <= spawned + 2, 'no more starts while idle');
    await rt.destroy();
  });
});

describe('limits', () => {
  it('12: common Node flags leave the pool usable', () => {
    const script = `import { createRuntime } from 'wasmod';
      const rt = await createRuntime({ workers: 1 });
      const r = await rt.call('json', 'validate', '[1]');
      console.log(r.status, r.engine);
      await rt.close();`;
    for (const flags of [['--max-old-space-size=1500'], ['--expose-gc', '--abort-on-uncaught-exception'], ['--title=wasmod-test']])
      assert.match(node(flags, script), /^ok wasm-/, flags.join(' '));
  });

  it('13: a deadline beyond what a timer can wait means none; a malformed one is E_BAD_OPTIONS', async () => {
    const rt = await runtime({ workers: 1, timeoutMs: 2 ** 31 });
    assert.equal(rt.settings.timeoutMs, 0);
    for (const timeoutMs of [2 ** 31, Infinity, Number.MAX_SAFE_INTEGER, 2 ** 31 - 1])
      assert.equal(text((await rt.call('example', 'echo', 'x', undefined, { timeoutMs })).output), 'x', String(timeoutMs));
    for (const timeoutMs of [-5, 'abc', NaN, 0.5])
      await assert.rejects(rt.call('example', 'echo', 'x', undefined, { timeoutMs }), { code: 'E_BAD_OPTIONS', message: /timeoutMs must be a non-negative integer/ });
    assert.equal(rt.stats().pool.replaced, 0);
    await rt.close();
  });

  it('19: a memory cap below a module\'s minimum is E_MEMORY_LIMIT, never an engine without a cap', async () => {
    const rt = await createRuntime({ maxMemoryMb: 1 });
    await assert.rejects(rt.call('json', 'format', '[1]'), { code: 'E_MEMORY_LIMIT', message: /maxMemoryMb 1 is below this module's minimum/ });
  });

  it('25: a string input needs room for its UTF-8 bytes, not three bytes a character', async () => {
    const rt = await createRuntime({ maxMemoryMb: 8 });
    const r = await rt.call('json', 'validate', `"${'a'.repeat(5_000_001)}"`);
    assert.equal(r.status, 'ok');
  });
});

describe('third-party modules', () => {
  it('6: a module that never finishes loading is stopped by the pool\'s deadline; the main thread runs on', async () => {
    const rt = await createRuntime({ workers: 1, timeoutMs: 500 });
    const variants = {};
    for (const variant of ['simd', 'scalar']) {
      const bytes = new Uint8Array(readFileSync(new URL(`../../build/wasm-${variant}/fixtures/example-spinning-load-${variant}.wasm`, import.meta.url)));
      variants[variant] = { bytes, sha256: sha256(bytes) };
    }
    rt.registry.register({ name: 'example', version: '1.2.0', variants });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    try {
      await assert.rejects(rt.call('example', 'echo', 'x'), { code: 'E_TIMEOUT' });
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 3, `the main thread ticked ${ticks} times in the call's 500 ms`);
    assert.equal((await rt.call('json', 'validate', '[]')).status, 'ok', 'the pool serves on');
    await rt.destroy();
  });

  it('20: a registered json that cannot run fails as E_BAD_MODULE, never masked by the JavaScript baseline', async () => {
    const rt = await createRuntime();
    const bytes = new TextEncoder().encode('this is not a wasm file');
    rt.registry.register({ name: 'json', version: '1.0.0', bytes, sha256: sha256(bytes) });
    await assert.rejects(rt.call('json@1.0.0', 'format', '[1,2]'), { code: 'E_BAD_MODULE' });
    const foreign = exampleBytes('scalar');
    rt.registry.register({ name: 'json', version: '1.0.1', bytes: foreign, sha256: sha256(foreign) });
    await assert.rejects(rt.call('json@1.0.1', 'format', '[1,2]'), { code: 'E_BAD_MODULE', message: /calls itself 'example'/ });
  });

  it('31: a module registered under another name than its manifest says is E_BAD_MODULE', async () => {
    const rt = await createRuntime();
    const bytes = exampleBytes('scalar');
    rt.registry.register({ name: 'other', version: '1.2.0', bytes, sha256: sha256(bytes) });
    await assert.rejects(rt.call('other', 'echo', ''), { code: 'E_BAD_MODULE', message: /calls itself 'example'/ });
  });
});

describe('convenience functions', () => {
  it('take the call options (signal, timeoutMs) in the same bag as the op\'s', async () => {
    const aborted = AbortSignal.abort(new Error('user left'));
    await assert.rejects(validateJson('[1]', { signal: aborted }), (error) => error.code === 'E_CANCELLED' && error.cause?.message === 'user left');
    await assert.rejects(analyzeCode('f()', { language: 'js', signal: aborted }), { code: 'E_CANCELLED' });
    assert.equal((await validateJson('[1]', { timeoutMs: 1000, duplicateKeys: 'error' })).valid, true);
    await assert.rejects(validateJson('[1]', { timeoutMs: -1 }), { code: 'E_BAD_OPTIONS' });
  });
});

describe('strings', () => {
  it('29: a string with a lone surrogate is refused, never silently changed', async () => {
    const rt = await createRuntime();
    await assert.rejects(rt.call('json', 'format', '{"note":"ab\uD83D"}'), { code: 'E_INVALID_INPUT', message: /lone surrogate \(\\ud83d\) at index 11/ });
    assert.equal(text((await rt.call('json', 'format', '{"e":"\uD83D\uDE00"}', { indent: 0 })).output), '{"e":"😀"}');
  });
});

describe('every failure a caller can cause is a WasmodError (24)', () => {
  it('refuses bad runtime options when the runtime is made', async () => {
    await assert.rejects(createRuntime({ maxMemoryMb: 5000 }), { code: 'E_BAD_OPTIONS', message: /maxMemoryMb must be a positive integer up to 4096/ });
    await assert.rejects(createRuntime({ workers: 1e6 }), { code: 'E_BAD_OPTIONS', message: /workers must be a non-negative integer up to/ });
    await assert.rejects(createRuntime({ wrokers: 2 }), { code: 'E_BAD_OPTIONS', message: /unknown runtime option 'wrokers'/ });
  });

  it('refuses op and call options it cannot use', async () => {
    const rt = await runtime({ workers: 1 });
    const circular = {};
    circular.self = circular;
    await assert.rejects(rt.call('json', 'validate', '[]', circular), { code: 'E_BAD_OPTIONS', message: /cannot be written as JSON/ });
    await assert.rejects(rt.call('json', 'validate', '[]', { maxDepth: 10n }), { code: 'E_BAD_OPTIONS' });
    await assert.rejects(rt.call('example', 'echo', '', undefined, { signal: {} }), { code: 'E_BAD_OPTIONS', message: /signal must be an AbortSignal/ });
    await assert.rejects(rt.call('example', 'echo', '', undefined, { tiemoutMs: 5 }), { code: 'E_BAD_OPTIONS', message: /unknown call option 'tiemoutMs'/ });
    await rt.close();
  });

  it('reads a module\'s results as untrusted: a malformed one is E_BAD_MODULE, inline and pooled alike', async () => {
    for (const workers of [0, 1]) {
      const rt = await createRuntime({ workers });
      const answers = {};
      for (const kind of ['ok', 'oob', 'biglen', 'baddiag']) {
        const bytes = badResultModule(kind);
        rt.registry.register({ name: 'bad', version: '1.0.0', bytes, sha256: sha256(bytes) });
        answers[kind] = await rt.call('bad', 'echo', 'x').then((r) => r.status, (error) => `${error.name} ${error.code} ${/outside the module's memory|not JSON/.test(error.message)}`);
      }
      assert.deepEqual(answers, { ok: 'ok', oob: 'WasmodError E_BAD_MODULE true', biglen: 'WasmodError E_BAD_MODULE true', baddiag: 'WasmodError E_BAD_MODULE true' }, `workers: ${workers}`);
      await rt.close();
    }
  });

  it('says a malformed range or batch in a WasmodError', async () => {
    const rt = await createRuntime();
    assert.throws(() => rt.registry.info('json@^^1'), { name: 'WasmodError', code: 'E_BAD_OPTIONS' });
    await assert.rejects(rt.batch('x'), { code: 'E_BAD_OPTIONS' });
    const [first, second] = await rt.batch([null, { module: 'json', op: 'validate', input: '[]' }]);
    assert.equal(first.reason.code, 'E_BAD_OPTIONS');
    assert.equal(second.value.status, 'ok');
  });

  it('falls back to the JavaScript engine where there is no WebAssembly (node --jitless)', () => {
    const script = `import { validateJson, formatJson } from 'wasmod';
      console.log(JSON.stringify(await validateJson('[1, 2')), await formatJson('[1]', { indent: 0 }));`;
    const out = node(['--jitless'], script);
    assert.match(out, /"valid":false/);
    assert.match(out, /\[1\]/);
  });
});
