// The engine chain: each step of the fallback with simulated failures, the
// engine each result names, and the JavaScript baseline held to the json
// module's answers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRuntime } from 'wasmod';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { BENCH_DIR, CONFORMANCE_DIR, ROOT, corpusFiles } from './helpers.js';

const hasNative = Boolean(loadNativeAddon().addon);

/** A fetch that reads file: URLs but answers 404 for the module files named in `missing`. */
function fetchWithout(...missing) {
  return async (href) => {
    if (missing.some((file) => href.endsWith(`/${file}`))) return new Response('not found', { status: 404 });
    return new Response(await readFile(fileURLToPath(href)));
  };
}

describe('engine fallback', () => {
  it('serves from wasm-simd when everything works', async () => {
    const rt = await createRuntime({ fetch: fetchWithout() });
    assert.equal((await rt.call('json', 'validate', '[]')).engine, 'wasm-simd');
  });

  it('falls back to wasm-scalar when the simd variant cannot be read', async () => {
    const rt = await createRuntime({ fetch: fetchWithout('json-simd.wasm') });
    const r = await rt.call('json', 'validate', '[1]');
    assert.equal(r.engine, 'wasm-scalar');
    const { modules } = await rt.health();
    assert.match(modules.json.notes[0], /^wasm-simd: module json: HTTP 404 for .*json-simd\.wasm/);
  });

  it(`falls back to ${hasNative ? 'the native addon' : 'JavaScript'} when no wasm variant loads`, async () => {
    const rt = await createRuntime({ fetch: fetchWithout('json-simd.wasm', 'json-scalar.wasm') });
    const r = await rt.call('json', 'validate', '[1, 2');
    assert.equal(r.engine, hasNative ? 'native' : 'js');
    assert.equal(r.status, 'invalid-input');
    assert.equal(rt.stats().modules.json.engine, r.engine);
  });

  it('keeps a memory cap below the module\'s minimum: E_MEMORY_LIMIT, never an uncapped engine instead', async () => {
    const rt = await createRuntime({ maxMemoryMb: 1, engines: ['wasm-simd', 'wasm-scalar', 'js'] });
    await assert.rejects(rt.call('json', 'format', '{"a":[1,2]}', { indent: 0 }), { code: 'E_MEMORY_LIMIT', message: /maxMemoryMb 1 is below this module's minimum of \d+ MB/ });
    await assert.rejects(rt.call('code-javascript', 'analyze', 'f()'), { code: 'E_MEMORY_LIMIT' });
  });

  it('says so when no engine of the chain can run a module: E_BAD_MODULE naming the URL and what came', async () => {
    const rt = await createRuntime({ fetch: fetchWithout('json-simd.wasm', 'json-scalar.wasm'), engines: ['wasm-simd', 'wasm-scalar'] });
    await assert.rejects(rt.call('json', 'validate', '[]'), { code: 'E_BAD_MODULE', message: /no engine of \[wasm-simd, wasm-scalar\] can run module 'json': wasm-simd: module json: HTTP 404 for \S+json-simd\.wasm/ });
    const page = async () => new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    const html = await createRuntime({ fetch: page, engines: ['wasm-simd', 'wasm-scalar'] });
    await assert.rejects(html.call('json', 'validate', '[]'), { code: 'E_BAD_MODULE', message: /got text\/html from \S+json-simd\.wasm, not a module file/ });
  });

  it('compiles a module whatever the Content-Type it is served with', async () => {
    const untyped = async (url) => new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'application/octet-stream' } });
    const rt = await createRuntime({ fetch: untyped, engines: ['wasm-simd', 'wasm-scalar'] });
    assert.equal((await rt.call('json', 'validate', '[]')).status, 'ok');
  });

  it('skips the native engine, with a note in health(), when the addon is not built', () => {
    const script = `
      import { createRuntime } from 'wasmod';
      const rt = await createRuntime({ engines: ['native', 'js'] });
      const r = await rt.call('json', 'validate', '{}');
      const h = await rt.health();
      console.log(JSON.stringify({ engine: r.engine, native: h.engines.native }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, WASMOD_NATIVE_ADDON: path.join(ROOT, 'build/no-such-addon.node') } });
    const { engine, native } = JSON.parse(out);
    assert.equal(engine, 'js');
    assert.equal(native.available, false);
    assert.match(native.note, /^skipped: the native addon is not built/);
  });

  it('runs the native addon when it is built, with the same bytes as wasm', { skip: !hasNative && 'the native addon is not built here' }, async () => {
    const native = await createRuntime({ engines: ['native'] });
    const wasm = await createRuntime({ engines: ['wasm-simd'] });
    const input = readFileSync(corpusFiles(BENCH_DIR)[0]);
    const [a, b] = [await native.call('json', 'format', input, { indent: 2 }), await wasm.call('json', 'format', input, { indent: 2 })];
    assert.equal(a.engine, 'native');
    assert.deepEqual(Buffer.from(a.output), Buffer.from(b.output));
  });
});

describe('the JavaScript baseline', async () => {
  const js = await createRuntime({ engines: ['js'] });
  const wasm = await createRuntime({ engines: ['wasm-simd'] });

  it('accepts every y_ and rejects every n_ file of the conformance corpus, like the json module', async () => {
    for (const file of corpusFiles(CONFORMANCE_DIR)) {
      const name = path.basename(file);
      if (!/^[yn]_/.test(name)) continue;
      const bytes = readFileSync(file);
      const [a, b] = [await js.call('json', 'validate', bytes), await wasm.call('json', 'validate', bytes)];
      assert.equal(a.engine, 'js');
      assert.equal(a.status, b.status, `${name}: ${JSON.stringify(a.diagnostics)}`);
      if (a.status === 'invalid-input') assert.ok(a.diagnostics[0].line >= 1 && a.diagnostics[0].column >= 1, name);
    }
  });

  it('formats every bench file to the same bytes as the json module, numbers untouched', async () => {
    for (const file of corpusFiles(BENCH_DIR)) {
      const bytes = readFileSync(file);
      for (const options of [{ indent: 2 }, { indent: 0 }, { indent: '\t', finalNewline: true }]) {
        const [a, b] = [await js.call('json', 'format', bytes, options), await wasm.call('json', 'format', bytes, options)];
        assert.ok(Buffer.from(a.output).equals(Buffer.from(b.output)), `${path.basename(file)} ${JSON.stringify(options)}`);
      }
    }
    const big = '{"n": 12345678901234567890.10}';
    assert.equal(new TextDecoder().decode((await js.call('json', 'format', big, { indent: 0 })).output), '{"n":12345678901234567890.10}');
  });

  it('says which ops and options it does not support', async () => {
    await assert.rejects(js.call('json', 'stats', '{}'), { code: 'E_UNSUPPORTED', message: /no op 'stats'/ });
    await assert.rejects(js.call('json', 'format', '{}', { sortKeys: true }), { code: 'E_UNSUPPORTED' });
    await assert.rejects(js.call('json', 'validate', '{}', { bogus: 1 }), { code: 'E_BAD_OPTIONS', message: /unknown option 'bogus'/ });
    const other = await createRuntime({ engines: ['js'] });
    await assert.rejects(other.call('code-python', 'validate', ''), { code: 'E_MODULE_NOT_FOUND', message: /JavaScript baseline runs the json module only/ });
  });
});
