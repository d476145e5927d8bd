// The CPU budget: metered modules (bindings/js/meter.js) stop a runaway call
// on any thread, with a cost that is the same on every run; the metering reads
// module bytes as untrusted input.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
import { FUEL_EXPORT, meterModule } from '../../bindings/js/meter.js';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { exampleBytes, exampleDescriptor } from '../fixtures/example.js';
import { MODULE_DIR, ROOT } from './helpers.js';

const text = (bytes) => new TextDecoder().decode(bytes);

async function runtime(options) {
  const rt = await createRuntime({ timeoutMs: 0, ...options });
  rt.registry.register(await exampleDescriptor());
  return rt;
}

describe('CPU budget', () => {
  for (const workers of [0, 1]) {
    it(`${workers ? 'in a worker' : 'inline'}: stops a call that never returns (E_BUDGET_EXCEEDED), and the next call is served`, async () => {
      const rt = await runtime({ workers });
      const start = performance.now();
      await assert.rejects(rt.call('example', 'spin', '', undefined, { budget: 5e7 }), { code: 'E_BUDGET_EXCEEDED', message: /budget of 50000000 units/ });
      assert.ok(performance.now() - start < 10000, 'stopped by its budget, not by anything else');
      assert.equal(text((await rt.call('example', 'echo', 'next')).output), 'next');
      assert.equal(text((await rt.call('example', 'echo', 'next', undefined, { budget: 1e6 })).output), 'next');
      const { modules, pool } = rt.stats();
      assert.equal(modules.example.budgetHits, 1);
      assert.equal(modules.example.errors.E_BUDGET_EXCEEDED, 1);
      assert.ok(modules.example.budgetUnits > 0);
      if (workers) assert.equal(pool.replaced, 0, 'the worker was not terminated');
      assert.match(rt.metrics(), /wasmod_budget_hits_total\{module="example"\} 1/);
      await rt.close();
    });
  }

  it('fails a call that ended past its budget in code without loops, and serves the next', async () => {
    const rt = await runtime();
    const { budgetUsed } = await rt.call('example', 'noop', '', undefined, { budget: 1e9 });
    await assert.rejects(rt.call('example', 'noop', '', undefined, { budget: budgetUsed - 1 }), { code: 'E_BUDGET_EXCEEDED', message: /spent more than its budget/ });
    assert.equal((await rt.call('example', 'noop', '', undefined, { budget: budgetUsed })).budgetUsed, budgetUsed);
  });

  it('reports the units spent: the same sequence on every run, inline and pooled', async () => {
    // An instance's first call also pays for growing its memory (a few units in millions), so
    // the figures are compared call for call, from fresh runtimes.
    const doc = readFileSync(`${ROOT}/../shared/corpus/json/bench/twitter.json`);
    const sequences = [];
    for (const workers of [0, 1, 0]) {
      const rt = await runtime({ workers });
      const used = [];
      for (let i = 0; i < 3; i++) used.push((await rt.call('json', 'validate', doc, undefined, { budget: 1e12 })).budgetUsed);
      sequences.push(used);
      await rt.close();
    }
    assert.ok(sequences[0][0] > doc.length, `${sequences[0][0]} units for ${doc.length} bytes`);
    assert.deepEqual(sequences[1], sequences[0]);
    assert.deepEqual(sequences[2], sequences[0]);
    assert.equal(sequences[0][2], sequences[0][1], 'after the first call, the same units call after call');
  });

  it('costs nothing when no budget is set: the module runs as built, and results carry no budgetUsed', async () => {
    const rt = await runtime();
    const r = await rt.call('json', 'validate', '[1]');
    assert.equal(r.budgetUsed, undefined);
    assert.equal(rt.stats().cache.misses, 1);
    assert.equal(typeof (await rt.call('json', 'validate', '[1]', undefined, { budget: 1e9 })).budgetUsed, 'number');
    assert.equal(rt.stats().cache.misses, 2, 'the metered module is compiled on the first call with a budget');
  });

  it('takes a runtime default, from the environment too', async () => {
    const rt = await runtime({ budget: 5e7 });
    await assert.rejects(rt.call('example', 'spin', ''), { code: 'E_BUDGET_EXCEEDED' });
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
      import { createRuntime } from 'wasmod';
      const rt = await createRuntime();
      console.log((await rt.call('json', 'validate', '[1]')).budgetUsed > 0, rt.settings.budget);`], { cwd: ROOT, env: { ...process.env, WASMOD_BUDGET: '1000000' }, encoding: 'utf8' });
    assert.equal(out.trim(), 'true 1000000');
  });

  it('refuses a budget that is not a number of units, and clamps one too large for the counter', async () => {
    const rt = await runtime();
    for (const budget of [0, -1, 0.5, NaN, '5', null, {}])
      await assert.rejects(rt.call('example', 'echo', '', undefined, { budget }), { code: 'E_BAD_OPTIONS', message: /budget must be a number of units from 1/ }, String(budget));
    assert.equal(text((await rt.call('example', 'echo', 'big', undefined, { budget: Infinity })).output), 'big');
    assert.equal(text((await rt.call('example', 'echo', 'big', undefined, { budget: 1e300 })).output), 'big');
    await assert.rejects(createRuntime({ budget: -1 }), { code: 'E_BAD_OPTIONS' });
  });

  it('is refused, not ignored, by engines that cannot meter (js, native)', async () => {
    const js = await createRuntime({ engines: ['js'] });
    await assert.rejects(js.call('json', 'validate', '[1]', undefined, { budget: 1e9 }), { code: 'E_UNSUPPORTED', message: /a budget needs a WebAssembly engine; this module runs on the js engine/ });
    if (loadNativeAddon().addon) {
      const native = await createRuntime({ engines: ['native'] });
      await assert.rejects(native.call('json', 'validate', '[1]', undefined, { budget: 1e9 }), { code: 'E_UNSUPPORTED', message: /runs on the native engine/ });
    }
  });
});

describe('meterModule', () => {
  const modules = ['json-simd', 'json-scalar', 'code-c-simd'].map((name) => new Uint8Array(readFileSync(`${MODULE_DIR}/${name}.wasm`)));

  it('rewrites every built-in module and the example into valid modules that export their fuel', () => {
    for (const bytes of [...modules, exampleBytes('simd'), exampleBytes('scalar')]) {
      const metered = meterModule(bytes);
      assert.ok(WebAssembly.validate(metered));
      const exported = WebAssembly.Module.exports(new WebAssembly.Module(metered));
      assert.deepEqual(exported.find((e) => e.name === FUEL_EXPORT), { name: FUEL_EXPORT, kind: 'global' });
    }
  });

  it('reads damaged modules as untrusted input: an E_BAD_MODULE with the reason, or a module as valid as what came in', () => {
    // Deterministic damage (a linear congruential generator): flipped bytes, cut tails, cut heads.
    let seed = 12345;
    const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const source = new Uint8Array(readFileSync(`${MODULE_DIR}/json-scalar.wasm`));
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const bytes = source.slice(0, i % 3 === 0 ? random(source.length) : source.length);
      for (let flips = random(4) + 1; flips > 0 && bytes.length; flips--) bytes[random(bytes.length)] = random(256);
      let metered;
      try {
        metered = meterModule(bytes);
      } catch (error) {
        assert.equal(error.code, 'E_BAD_MODULE', String(error));
        assert.match(error.message, /^cannot meter this module: .+ at byte \d+$/);
        refused++;
        continue;
      }
      if (WebAssembly.validate(bytes)) assert.ok(WebAssembly.validate(metered), `damage ${i}: a valid module came out invalid`);
    }
    assert.ok(refused > 0);
  });

  it('refuses an instruction it does not know (exception handling) instead of miscounting it', () => {
    // (func try nop end): valid WebAssembly, whose `try` this metering does not read.
    const module = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 0x06, 0x40, 0x01, 0x0b, 0x0b]);
    assert.throws(() => meterModule(module), { code: 'E_BAD_MODULE', message: /an instruction 0x06 it does not know/ });
  });
});
