// Bad modules get a clear error, never a crash: truncated, not wasm, tampered,
// another ABI major, an op the module does not have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
// The loader's own sources, and their error class: the package entry is the bundle (dist/js).
import { WasmodError } from '../../bindings/js/errors.js';
import { Loader, sha256Hex } from '../../bindings/js/loader.js';
import { FUEL_EXPORT, METER_VERSION, meterModule } from '../../bindings/js/meter.js';
import { ModuleInstance } from '../../bindings/js/wasm-instance.js';
import { fakeModule } from '../fixtures/example.js';
import { MODULE_DIR } from './helpers.js';

const jsonBytes = new Uint8Array(readFileSync(path.join(MODULE_DIR, 'json-simd.wasm')));

/** Loads raw bytes as module `name` with their true sha256, then instantiates them. */
async function loadAndInstantiate(bytes, name = 'fixture') {
  const loader = new Loader({ moduleUrl: MODULE_DIR });
  const { compiled, memoryMinPages } = await loader.load({ name, sha256: await sha256Hex(bytes), data: bytes });
  return ModuleInstance.create(compiled, { memoryMinPages });
}

describe('loader', () => {
  it('refuses a truncated module file', async () => {
    await assert.rejects(loadAndInstantiate(jsonBytes.subarray(0, jsonBytes.length >> 1)), { code: 'E_BAD_MODULE', message: /not valid WebAssembly/ });
  });

  it('refuses a file that is not wasm', async () => {
    await assert.rejects(loadAndInstantiate(new TextEncoder().encode('<html>not found</html>')), { code: 'E_BAD_MODULE' });
    await assert.rejects(loadAndInstantiate(new Uint8Array(0)), { code: 'E_BAD_MODULE' });
  });

  it('refuses bytes whose sha256 does not match, before compiling them', async () => {
    const loader = new Loader({ moduleUrl: MODULE_DIR });
    const tampered = jsonBytes.slice();
    tampered[tampered.length - 1] ^= 1;
    await assert.rejects(loader.load({ name: 'json', sha256: await sha256Hex(jsonBytes), data: tampered }), { code: 'E_INTEGRITY' });
  });

  it('refuses a module whose ABI major differs', async () => {
    await assert.rejects(loadAndInstantiate(fakeModule(2 << 16)), { code: 'E_ABI', message: /ABI 2\.0.*runtime speaks 1\.x/ });
    const ok = fakeModule(1 << 16);
    await assert.rejects(loadAndInstantiate(ok), (e) => e instanceof WasmodError && e.code !== 'E_ABI');
  });

  it('refuses a wasm that is not a wasmod module', async () => {
    const bare = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    await assert.rejects(loadAndInstantiate(bare), { code: 'E_ABI', message: /does not export wm_abi_version/ });
  });

  it('caches compiled modules by sha256', async () => {
    const loader = new Loader({ moduleUrl: MODULE_DIR });
    const source = { name: 'json', sha256: await sha256Hex(jsonBytes), data: jsonBytes };
    const [a, b] = [await loader.load(source), await loader.load(source)];
    assert.equal(a.compiled, b.compiled);
    assert.deepEqual(loader.stats, { hits: 1, misses: 1 });
  });

  it('loads a built-in metered as built: the same bytes meter.js makes, checked against their own sha256', async () => {
    const json = JSON.parse(readFileSync(path.join(MODULE_DIR, 'index.json'), 'utf8')).modules.find((m) => m.name === 'json');
    const { simd } = json.variants;
    const built = new Uint8Array(readFileSync(path.join(MODULE_DIR, simd.metered.file)));
    assert.deepEqual(built, meterModule(jsonBytes));
    assert.equal(simd.metered.sha256, await sha256Hex(built));
    const loader = new Loader({ moduleUrl: MODULE_DIR });
    const { compiled } = await loader.load({ name: 'json', ...simd }, { metered: true });
    assert.ok(WebAssembly.Module.exports(compiled).some((e) => e.name === FUEL_EXPORT));
    // The metered file is what is read and checked: a wrong sha256 for it is E_INTEGRITY ...
    const wrong = { ...simd.metered, sha256: simd.sha256 };
    await assert.rejects(new Loader({ moduleUrl: MODULE_DIR }).load({ name: 'json', ...simd, metered: wrong }, { metered: true }), { code: 'E_INTEGRITY' });
    // ... and bytes metered by another version of the metering are not used: the module is metered as it loads.
    const older = { ...wrong, meterVersion: METER_VERSION - 1 };
    const rewritten = await new Loader({ moduleUrl: MODULE_DIR }).load({ name: 'json', ...simd, metered: older }, { metered: true });
    assert.equal(rewritten.bytes, built.length);
  });

  it('answers an op the module does not have with E_UNSUPPORTED', async () => {
    const rt = await createRuntime();
    await assert.rejects(rt.call('json', 'transmogrify', '{}'), { code: 'E_UNSUPPORTED', message: /has no op 'transmogrify'/ });
    await assert.rejects(rt.call('yaml', 'validate', '{}'), { code: 'E_MODULE_NOT_FOUND', message: /no module named 'yaml'/ });
  });
});
