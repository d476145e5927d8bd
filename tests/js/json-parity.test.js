// Parity is law: every json op, on every file of the conformance and bench
// corpora, gives the same status, output bytes and diagnostics from native
// (wasmod-native --framed), wasm-simd and wasm-scalar.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRuntime, WasmodError } from 'wasmod';
import { BENCH_DIR, CONFORMANCE_DIR, corpusFiles, runNative } from './helpers.js';

const CALLS = [
  ['validate', { duplicateKeys: 'warn' }],
  ['format', {}],
  ['format', { indent: 0, asciiOnly: true }],
  ['format', { sortKeys: true, indent: '\t', finalNewline: true }],
  ['query', { pointer: '/0' }],
  ['query', { pointer: '/a/~1b', indent: 0 }],
  ['stats', { mode: 'jsonc' }],
  ['ndjson-validate', {}],
  ['ndjson-format', { sortKeys: true }],
];

// Statuses that rt.call throws as WasmodErrors, by error code.
const THROWN_STATUS = { E_LIMIT_EXCEEDED: 'limit-exceeded', E_MEMORY_LIMIT: 'out-of-memory', E_BAD_OPTIONS: 'bad-options' };

/** rt.call, with a thrown status turned back into a result to compare. */
async function callAny(rt, op, input, options) {
  try {
    return await rt.call('json', op, input, options);
  } catch (error) {
    if (!(error instanceof WasmodError) || !THROWN_STATUS[error.code]) throw error;
    return { status: THROWN_STATUS[error.code], output: new Uint8Array(0), diagnostics: error.diagnostics };
  }
}

describe('json ops: native, wasm-simd and wasm-scalar give the same bytes', async () => {
  const files = [...corpusFiles(CONFORMANCE_DIR), ...corpusFiles(BENCH_DIR)];
  const inputs = files.map((file) => new Uint8Array(readFileSync(file)));
  const simd = await createRuntime({ engines: ['wasm-simd'] });
  const scalar = await createRuntime({ engines: ['wasm-scalar'] });

  it('runs each runtime on the engine it was given', async () => {
    assert.equal((await simd.call('json', 'validate', '1')).engine, 'wasm-simd');
    assert.equal((await scalar.call('json', 'validate', '1')).engine, 'wasm-scalar');
  });

  for (const [op, options] of CALLS) {
    it(`${op} ${JSON.stringify(options)}`, async () => {
      const native = runNative('json', op, files, options);
      assert.equal(native.length, files.length);
      for (const [i, file] of files.entries()) {
        const name = path.basename(file);
        const a = await callAny(simd, op, inputs[i], options);
        const b = await callAny(scalar, op, inputs[i], options);
        assert.equal(a.status, native[i].status, `${name}: wasm-simd status differs from native`);
        assert.equal(b.status, native[i].status, `${name}: wasm-scalar status differs from native`);
        assert.ok(Buffer.from(a.output).equals(native[i].output), `${name}: wasm-simd output differs from native`);
        assert.ok(Buffer.from(b.output).equals(native[i].output), `${name}: wasm-scalar output differs from native`);
        const diagnostics = JSON.parse(native[i].diagnostics);
        assert.deepEqual(a.diagnostics, diagnostics, `${name}: wasm-simd diagnostics differ`);
        assert.deepEqual(b.diagnostics, diagnostics, `${name}: wasm-scalar diagnostics differ`);
      }
    });
  }
});
