// `wasmod modules list|info|verify` run as a child process, against the
// installed modules and against a tampered copy of them.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { installed, runCli } from './cli-helpers.js';
import { MODULE_DIR } from './helpers.js';

const engine = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11])) ? 'wasm-simd' : 'wasm-scalar';

describe('wasmod modules', () => {
  const modules = installed();
  const json = modules.find((m) => m.name === 'json');

  it('list prints each module with its version, variants and ops, and the engine in use', async () => {
    const r = await runCli(['modules', 'list']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^module +version +variants +ops\n/);
    assert.match(r.stdout, new RegExp(`\\njson +${json.version.replace(/\./g, '\\.')} +scalar, simd +${json.ops.map((o) => o.name).join(', ')}\\n`));
    assert.equal(r.stdout.split('\n').length, modules.length + 4);
    assert.match(r.stdout, new RegExp(`engine on this machine: ${engine} `));
  });

  it('list --json gives the index entries', async () => {
    const report = JSON.parse((await runCli(['modules', 'list', '--json'])).stdout);
    assert.equal(report.engine, engine);
    assert.deepEqual(report.modules, modules);
  });

  it('info shows ops with their options and each variant with its sha256', async () => {
    const r = await runCli(['modules', 'info', 'json']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^json ${json.version.replace(/\./g, '\\.')}  ABI 1\\.\\d+\n`));
    assert.match(r.stdout, new RegExp(`\n {2}validate +${json.ops[0].options.join(', ')}\n`));
    for (const variant of Object.values(json.variants)) assert.ok(r.stdout.includes(variant.sha256), variant.file);
    const unknown = await runCli(['modules', 'info', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no module named 'nope' is installed/);
    assert.equal((await runCli(['modules', 'info'])).code, 2);
  });

  it('verify checks every variant (sha256, compile, ABI, manifest) and exits 0', async () => {
    const r = await runCli(['modules', 'verify']);
    assert.equal(r.code, 0, r.stderr);
    // each variant's file, and its SIMD one metered as built
    const variants = modules.reduce((n, m) => n + Object.values(m.variants).reduce((k, v) => k + (v.metered ? 2 : 1), 0), 0);
    assert.match(r.stdout, new RegExp(`\n${variants} of ${variants} variant files verified; engine on this machine: ${engine}`));
    assert.match(r.stdout, new RegExp(`\njson +${json.version.replace(/\./g, '\\.')} +simd +ok +${json.variants.simd.sha256}\n`));
    assert.match(r.stdout, new RegExp(`\njson +${json.version.replace(/\./g, '\\.')} +simd metered +ok +${json.variants.simd.metered.sha256}\n`));
  });

  describe('on a tampered copy', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-cli-modules-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(MODULE_DIR, dir, { recursive: true });
    const scalar = path.join(dir, json.variants.scalar.file);
    const bytes = readFileSync(scalar);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(scalar, bytes);

    it('verify names the variant whose bytes changed and exits 1', async () => {
      const r = await runCli(['modules', 'verify', '--module-dir', dir, 'json']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /\njson +\S+ +scalar +FAILED +/);
      assert.match(r.stdout, /\njson +\S+ +simd +ok +/);
      assert.match(r.stderr, new RegExp(`^${json.variants.scalar.file}: error: module json: sha256 of its bytes is [0-9a-f]{64}, expected ${json.variants.scalar.sha256}; refusing to run it \\[E_INTEGRITY\\]\n$`));
      const report = JSON.parse((await runCli(['modules', 'verify', '--json', '--module-dir', dir, 'json'])).stdout);
      assert.equal(report.ok, false);
      assert.deepEqual(report.variants.map((v) => [v.variant, v.ok, v.code]), [['scalar', false, 'E_INTEGRITY'], ['simd', true, undefined], ['simd metered', true, undefined]]);
    });
  });
});
