// The Node-API addon (the runtime's native engine): loading, calls, errors,
// worker threads, and answers identical to the wasm builds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createRuntime } from '../../bindings/js/index.js';
import { loadNativeAddon, NATIVE_ADDON_PATH } from '../../bindings/js/native-addon.js';
import { CONFORMANCE_DIR, corpusFiles, ROOT } from './helpers.js';

const { addon, reason } = loadNativeAddon();

test('the addon is built and loads', () => {
  assert.ok(addon, reason);
  assert.equal(addon.path, NATIVE_ADDON_PATH);
});

test('modules() lists the built-in modules with their manifests', () => {
  const json = addon.modules().find((m) => m.name === 'json');
  assert.ok(json);
  assert.equal(json.variant, 'native');
  assert.deepEqual(json.abi, [1, 0]);
  assert.ok(json.ops.some((op) => op.name === 'validate'));
  const index = JSON.parse(readFileSync(path.join(ROOT, 'dist/modules/index.json'), 'utf8'));
  for (const m of index.modules) {
    const native = addon.modules().find((n) => n.name === m.name);
    if (!native) continue; // a third-party module of the index is not built in
    assert.equal(native.version, m.version, m.name);
    assert.deepEqual(native.ops, m.ops, m.name);
  }
});

test('call answers with status, output bytes and the diagnostics JSON text', () => {
  const ok = addon.call('json', 'validate', new TextEncoder().encode('{"a": [1, 2]}'), '');
  assert.equal(ok.status, 'ok');
  assert.ok(ok.output instanceof Uint8Array);
  assert.equal(ok.output.length, 0);
  assert.equal(ok.diagnostics, '[]');

  const bad = addon.call('json', 'validate', '{"a": [1 2]}');
  assert.equal(bad.status, 'invalid-input');
  const [diag] = JSON.parse(bad.diagnostics);
  assert.deepEqual([diag.code, diag.line, diag.column, diag.offset], ['unexpected-character', 1, 10, 9]);

  const jsonc = addon.call('json', 'validate', '// c\n{}', { mode: 'jsonc' });
  assert.equal(jsonc.status, 'ok');
  assert.equal(addon.call('json', 'validate', '1', '{"nope":1}').status, 'bad-options');
  assert.equal(addon.call('json', 'no-such-op', '1').status, 'unsupported');
  assert.equal(addon.call('json', 'validate', new Uint8Array()).status, 'invalid-input');
  // A view into a bigger buffer: only its own bytes are the input.
  const view = new TextEncoder().encode('xx[1]yy').subarray(2, 5);
  assert.equal(addon.call('json', 'validate', view).status, 'ok');
});

test('bad arguments throw, and nothing is lost', () => {
  assert.throws(() => addon.call('nope', 'validate', '1'), { code: 'E_MODULE_NOT_FOUND', message: /nope/ });
  assert.throws(() => addon.call('json', 'validate', 42), { code: 'E_BAD_OPTIONS', message: /Uint8Array/ });
  assert.throws(() => addon.call('json', 'validate', new Uint16Array(2)), { code: 'E_BAD_OPTIONS' });
  assert.equal(addon.call('json', 'validate', '[]').status, 'ok'); // still usable
});

test('a missing addon is reported with a reason, not thrown', () => {
  const missing = loadNativeAddon(path.join(ROOT, 'build/no-such-dir/wasmod.node'));
  assert.equal(missing.addon, null);
  assert.match(missing.reason, /not built/);
  const other = loadNativeAddon(path.join(ROOT, 'package.json'));
  assert.equal(other.addon, null);
  assert.match(other.reason, /not the wasmod addon/);
  const dir = mkdtempSync(path.join(tmpdir(), 'wasmod-addon-'));
  try {
    writeFileSync(path.join(dir, 'wasmod.node'), 'not a shared object');
    const broken = loadNativeAddon(path.join(dir, 'wasmod.node'));
    assert.equal(broken.addon, null);
    assert.match(broken.reason, /cannot load/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the addon loads and runs in worker threads', async () => {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const addon = require(${JSON.stringify(NATIVE_ADDON_PATH)});
    const r = addon.call('json', 'validate', Buffer.from('[1,]'), '', false);
    parentPort.postMessage(r.status);`;
  const statuses = await Promise.all([1, 2].map(() => new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  assert.deepEqual(statuses, ['invalid-input', 'invalid-input']);
});

// tree-sitter cannot go on without the memory it asks for: a code module's
// call that cannot have it is unwound (modules/code/code_alloc.h) and answers
// out-of-memory, where the process used to abort. A child process is given an
// address space (ulimit -v) 96 MB larger than it has before the call, and
// analyzes 3.3 MB of JavaScript, whose syntax tree takes ~200 MB.
test('out of memory in a code module answers out-of-memory and the process goes on', {
  skip: process.platform !== 'linux' && 'needs ulimit -v and /proc/self/status (Linux)',
}, () => {
  const child = `
    const addon = require(${JSON.stringify(NATIVE_ADDON_PATH)});
    const vmKb = () => Number(/VmSize:\\s*(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]);
    const unit = 'function f(a, b) { if (a && b) { return a ? b : c; } for (const x of y) g(x); }\\n';
    const large = Buffer.from(unit.repeat(40000));
    const before = vmKb();
    if (process.argv[1] === 'probe') {
      console.log(before);
    } else {
      const r = addon.call('code-javascript', 'analyze', large, '', false);
      const after = vmKb();
      const next = addon.call('code-javascript', 'analyze', Buffer.from(unit), '', false);
      console.log(JSON.stringify({ status: r.status, output: r.output.length, diagnostics: JSON.parse(r.diagnostics),
                                   grewKb: after - before, next: next.status }));
    }`;
  const startKb = Number(execFileSync(process.execPath, ['-e', child, 'probe'], { encoding: 'utf8' }));
  const limitKb = startKb + 96 * 1024;
  const out = execFileSync('sh', ['-c', 'ulimit -v "$1" && shift && exec "$@"', 'sh', String(limitKb), process.execPath, '-e', child, 'run'],
    { encoding: 'utf8' });
  const result = JSON.parse(out);
  assert.equal(result.status, 'out-of-memory', out);
  assert.equal(result.output, 0);
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['out-of-memory']);
  assert.equal(result.next, 'ok'); // the process, and its next call, go on
  assert.ok(result.grewKb < 48 * 1024, `the failed call left ${result.grewKb} KB of address space taken`);
});

test('the addon answers like wasm-simd and wasm-scalar on the conformance corpus', async () => {
  for (const engine of ['wasm-simd', 'wasm-scalar']) {
    const rt = await createRuntime({ engines: [engine] });
    for (const file of corpusFiles(CONFORMANCE_DIR)) {
      const bytes = readFileSync(file);
      const wasm = await rt.call('json', 'validate', bytes);
      for (const scalar of [false, true]) {
        const native = addon.call('json', 'validate', bytes, '', { scalar });
        assert.equal(native.status, wasm.status, file);
        assert.deepEqual(Buffer.from(native.output), Buffer.from(wasm.output), file);
        assert.equal(native.diagnostics, JSON.stringify(wasm.diagnostics), `${engine} ${file}`);
      }
    }
  }
});
