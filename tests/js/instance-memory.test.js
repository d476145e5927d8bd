// A module's memory grows in a few large steps, not a page at a time (each
// grow costs the engine about a millisecond), and still up to its maximum.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ModuleInstance, memoryImportMinimum } from '../../bindings/js/wasm-instance.js';
import { MODULE_DIR } from './helpers.js';

/** A fresh instance of a built module, and a count of the grows the runtime asked for. */
async function freshInstance(file, maxMemoryMb) {
  const bytes = readFileSync(path.join(MODULE_DIR, file));
  const instance = await ModuleInstance.create(await WebAssembly.compile(bytes), { memoryMinPages: memoryImportMinimum(bytes), maxMemoryMb });
  const grows = { count: 0 };
  const grow = instance.memory.grow.bind(instance.memory);
  instance.memory.grow = (pages) => {
    grows.count++;
    return grow(pages);
  };
  return { instance, grows };
}

// ~1 MB of C: its analysis needs tens of MiB, which the module's allocator asks for a page or two at a time.
const source = Array.from({ length: 10000 }, (_, i) => `int f${i}(int a) { if (a > 1 && a < 5) return a; for (int i = 0; i < a; i++) a += i; return a; }\n`).join('');

describe('module memory', () => {
  it('grows ahead of need, in a few steps', async () => {
    const { instance, grows } = await freshInstance('code-c-simd.wasm', 2048);
    const startPages = instance.memoryPages;
    const { status, output } = instance.call('analyze', source);
    assert.equal(status, 'ok');
    assert.equal(JSON.parse(new TextDecoder().decode(output)).totals.functions, 10000);
    const grownMiB = ((instance.memoryPages - startPages) * 65536) / 2 ** 20;
    assert.ok(grownMiB > 16, `the analysis needs memory (grew ${grownMiB} MiB)`);
    // each of the module's grows is answered by one of ours: a few dozen at most, not hundreds
    assert.ok(grows.count > 0 && grows.count < 40, `${grows.count} grows`);
  });

  it('still reaches its maximum, and a call that needs more gets E_MEMORY_LIMIT', async () => {
    const { instance } = await freshInstance('code-c-simd.wasm', 16);
    assert.throws(() => instance.call('analyze', source), { code: 'E_MEMORY_LIMIT' });
    assert.equal(instance.memoryPages, instance.maxPages);
  });
});
