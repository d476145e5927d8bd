// validateJson through the package API, and the same answer from native,
// wasm-simd and wasm-scalar on every file of the conformance corpus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRuntime, validateJson } from 'wasmod';
import { CONFORMANCE_DIR, corpusFiles, runNative } from './helpers.js';

describe('validateJson', () => {
  it('accepts valid JSON given as a string or as bytes', async () => {
    assert.deepEqual(await validateJson('{"a": [1, 2.5e3, "x", null]}'), { valid: true, errors: [], warnings: [] });
    assert.equal((await validateJson(new TextEncoder().encode('[true,false]'))).valid, true);
  });

  it('locates the first error with a readable message', async () => {
    const { valid, errors } = await validateJson('{\n  "name": "é",\n  "list": [1 2]\n}');
    assert.equal(valid, false);
    assert.equal(errors.length, 1);
    const [e] = errors;
    assert.equal(e.code, 'unexpected-character');
    assert.equal(e.message, "expected ',' or ']' after array element, found '2'");
    assert.deepEqual([e.line, e.column, e.offset], [3, 14, 31]);
  });

  it('counts columns in code points, offsets in bytes', async () => {
    const [e] = (await validateJson('["日本" "x"]')).errors;
    assert.deepEqual([e.line, e.column, e.offset], [1, 7, 10]);
  });

  it('takes options: jsonc mode, maxDepth', async () => {
    assert.equal((await validateJson('{"a": 1, /* c */ }', { mode: 'jsonc' })).valid, true);
    const { errors } = await validateJson('[[[]]]', { maxDepth: 2 });
    assert.equal(errors[0].code, 'depth-limit');
  });

  it('rejects bad options with E_BAD_OPTIONS', async () => {
    await assert.rejects(validateJson('{}', { mode: 'yaml' }), { code: 'E_BAD_OPTIONS', message: /option 'mode' must be one of 'strict', 'jsonc'/ });
    await assert.rejects(validateJson('{}', { indent: 2 }), { code: 'E_BAD_OPTIONS', message: /unknown option 'indent'/ });
  });
});

describe('conformance corpus: native, wasm-simd and wasm-scalar agree', async () => {
  const files = corpusFiles(CONFORMANCE_DIR);
  const simd = await createRuntime({ engines: ['wasm-simd'] });
  const scalar = await createRuntime({ engines: ['wasm-scalar'] });
  const native = runNative('json', 'validate', files);

  it('covers the whole corpus', () => {
    assert.ok(files.length > 250, `only ${files.length} files`);
    assert.equal(native.length, files.length);
  });

  it('accepts every y_ file and rejects every n_ file, identically everywhere', async () => {
    for (const [i, file] of files.entries()) {
      const name = path.basename(file);
      const bytes = new Uint8Array(readFileSync(file));
      const a = await simd.call('json', 'validate', bytes);
      const b = await scalar.call('json', 'validate', bytes);
      assert.equal(a.engine, 'wasm-simd');
      assert.equal(b.engine, 'wasm-scalar');
      if (name.startsWith('y_')) assert.equal(a.status, 'ok', `${name}: ${JSON.stringify(a.diagnostics)}`);
      if (name.startsWith('n_')) {
        assert.equal(a.status, 'invalid-input', `${name} was accepted`);
        assert.ok(a.diagnostics[0].line >= 1 && a.diagnostics[0].message.length > 10, name);
      }
      assert.equal(b.status, a.status, `${name}: scalar differs from simd`);
      assert.deepEqual(b.diagnostics, a.diagnostics, `${name}: scalar diagnostics differ`);
      assert.equal(native[i].status, a.status, `${name}: native differs from wasm`);
      assert.deepEqual(JSON.parse(native[i].diagnostics), a.diagnostics, `${name}: native diagnostics differ`);
    }
  });
});
