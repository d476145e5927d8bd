// Host capabilities (core/include/wasmod/host.h, bindings/js/host.js): a module
// imports only what it declares and its registration grants, checked before any
// instance exists; key-value access names its keys up front and commits all or
// nothing, inline and in the pool; the Node store survives kill -9.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createRuntime, inspectModule } from 'wasmod';
import { sha256Hex } from '../../bindings/js/loader.js';
import { EXAMPLE_HOST_GRANTS, HOST_FUNCTIONS_URL, exampleHostBytes, exampleHostDescriptor } from '../fixtures/example.js';
import { ROOT } from './helpers.js';

const text = (bytes) => new TextDecoder().decode(bytes);
const temporary = mkdtempSync(path.join(tmpdir(), 'wasmod-host-'));
after(() => rmSync(temporary, { recursive: true, force: true }));

async function runtime({ grants, ...options } = {}) {
  const rt = await createRuntime({ timeoutMs: 0, store: ':memory:', hostFunctions: HOST_FUNCTIONS_URL, onLog: () => {}, ...options });
  rt.registry.register(await exampleHostDescriptor(grants));
  return rt;
}

/** The module's bytes without its custom section `name` (the rest as it was). */
function withoutSection(bytes, name) {
  const out = [bytes.subarray(0, 8)];
  let pos = 8;
  const uleb = () => {
    let result = 0, shift = 0, b;
    do {
      b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    const size = uleb();
    const end = pos + size;
    let drop = false;
    if (id === 0) {
      const length = uleb();
      drop = text(bytes.subarray(pos, pos + length)) === name;
    }
    if (!drop) out.push(bytes.subarray(start, end));
    pos = end;
  }
  return new Uint8Array(Buffer.concat(out));
}

/**
 * A hand-assembled module that imports env.spy (no capability provides it) and
 * whose start function never returns: instantiating it would hang the test.
 */
function undeclaredImportModule() {
  const name = (t) => [t.length, ...new TextEncoder().encode(t)];
  const section = (id, body) => [id, body.length, ...body];
  return new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, [1, ...name('env'), ...name('spy'), 0, 0]),
    ...section(3, [1, 0]),
    ...section(8, [1]), // start: function 1 (after the import)
    ...section(10, [1, 7, 0, 0x03, 0x40, 0x0c, 0, 0x0b, 0x0b]), // loop: br 0
  ]);
}

describe('host capabilities: declared and granted, checked before any instance', () => {
  it('links a module granted what it declares; its manifest lists its capabilities', async () => {
    const rt = await runtime();
    assert.equal(text((await rt.call('example-host', 'echo', 'hi')).output), 'hi');
    const { manifest, capabilities, imports } = await inspectModule(exampleHostBytes('scalar'));
    assert.deepEqual(manifest.capabilities, ['log', 'clock', 'random', 'config', 'kv', 'app:upper', 'app:add']);
    assert.deepEqual(capabilities, manifest.capabilities, 'the section the loader reads says the same');
    assert.ok(imports.some((i) => i.module === 'wasmod' && i.name === 'kv_get'));
    await rt.close();
  });

  it('refuses a module its registration does not grant what it imports (E_PERMISSION naming the import)', async () => {
    const { kv, ...withoutKv } = EXAMPLE_HOST_GRANTS;
    for (const grants of [null, withoutKv, { ...EXAMPLE_HOST_GRANTS, functions: ['upper'] }]) {
      const rt = await runtime({ grants });
      await assert.rejects(rt.call('example-host', 'echo', 'hi'), { code: 'E_PERMISSION', message: /imports (wasmod|app)\.\w+ .*not grant/ });
      assert.equal((await rt.call('json', 'validate', '[1]')).status, 'ok', 'other modules are unaffected');
      await rt.close();
    }
  });

  it('refuses a module that imports what it does not declare', async () => {
    const rt = await runtime();
    const bytes = withoutSection(exampleHostBytes('scalar'), 'wasmod.capabilities');
    rt.registry.register({ name: 'example-host', version: '9.0.0', bytes, sha256: await sha256Hex(bytes), grants: EXAMPLE_HOST_GRANTS });
    await assert.rejects(rt.call('example-host@9', 'echo', 'hi'), { code: 'E_PERMISSION', message: /imports wasmod\.\w+ but does not declare the capability/ });
    await rt.close();
  });

  for (const workers of [0, 1]) {
    it(`${workers ? 'pool' : 'inline'}: refuses an import no capability provides before the module starts (its start never returns)`, async () => {
      const rt = await createRuntime({ timeoutMs: 2000, workers });
      const bytes = undeclaredImportModule();
      rt.registry.register({ name: 'spy', version: '1.0.0', bytes, sha256: await sha256Hex(bytes), grants: { clock: true } });
      await assert.rejects(rt.call('spy', 'x', ''), { code: 'E_PERMISSION', message: /imports env\.spy, which no host capability provides/ });
      await rt.close();
    });
  }

  it('refuses an app function whose declared signature is not the one imported', async () => {
    const rt = await createRuntime({ timeoutMs: 0, store: ':memory:', hostFunctions: { upper: { fn: (x) => x }, add: { params: ['i32'], results: ['i32'], fn: (a) => a } } });
    rt.registry.register(await exampleHostDescriptor());
    await assert.rejects(rt.call('example-host', 'echo', 'x'), { code: 'E_PERMISSION', message: /imports app\.add as \(i32, i32\) -> \(i32\), but the host function is declared \(i32\) -> \(i32\)/ });
    await rt.close();
  });

  it('a host functions module that cannot be imported fails the module that needs it (E_HOST); others run', async () => {
    const rt = await createRuntime({ timeoutMs: 0, hostFunctions: new URL('./no-such-file.js', HOST_FUNCTIONS_URL) });
    rt.registry.register(await exampleHostDescriptor());
    await assert.rejects(rt.call('example-host', 'echo', 'x'), { code: 'E_HOST', message: /cannot import the host functions at .*no-such-file\.js/ });
    assert.equal((await rt.call('json', 'validate', '[1]')).status, 'ok');
    await rt.close();
  });

  it('checks grants at registration (E_BAD_OPTIONS)', async () => {
    const rt = await createRuntime();
    const descriptor = await exampleHostDescriptor();
    for (const [grants, message] of [
      [{ kv: { keys: [] } }, /grant kv needs keys/],
      [{ log: 'loud' }, /grant log is true or a level/],
      [{ network: true }, /unknown grant 'network'/],
      [{ kv: { keys: ['a'], write: 'yes' } }, /kv.write is true or false/],
    ]) assert.throws(() => rt.registry.register({ ...descriptor, grants }), { code: 'E_BAD_OPTIONS', message });
    await rt.close();
  });
});

for (const workers of [0, 1]) {
  describe(`key-value store, ${workers ? 'in the pool' : 'inline'}`, () => {
    it('reads and writes the keys a call names; a later call sees the writes', async () => {
      const rt = await runtime({ workers });
      await rt.call('example-host', 'kv-set', 'user:1=ada', undefined, { keys: ['user:1'] });
      assert.equal(text((await rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:1'] })).output), 'ada');
      await rt.call('example-host', 'kv-set', 'user:2=bob', undefined, { keys: ['user:2'] });
      assert.equal(text((await rt.call('example-host', 'kv-list', 'user:', undefined, { keys: ['user:*'] })).output), 'user:1\nuser:2');
      await rt.call('example-host', 'kv-delete', 'user:1', undefined, { keys: ['user:*'] });
      const missing = await rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:1'] });
      assert.equal(missing.status, 'invalid-input');
      assert.equal(missing.diagnostics[0].code, 'not-found');
      assert.equal(rt.stats().modules['example-host'].kvWrites, 3);
      await rt.close();
    });

    it('refuses keys outside the grant, keys the call did not name, and writes without permission (E_PERMISSION, counted)', async () => {
      const rt = await runtime({ workers });
      await assert.rejects(rt.call('example-host', 'kv-get', 'admin', undefined, { keys: ['admin'] }), { code: 'E_PERMISSION', message: /key "admin" is outside the keys its registration grants/ });
      await assert.rejects(rt.call('example-host', 'kv-get', 'x', undefined, { keys: ['u*'] }), { code: 'E_PERMISSION' }, 'a prefix wider than the grant');
      await assert.rejects(rt.call('example-host', 'kv-set', 'user:2=x', undefined, { keys: ['user:1'] }), { code: 'E_PERMISSION', message: /write of key "user:2", which the call did not name; nothing was written/ });
      await assert.rejects(rt.call('example-host', 'kv-list', 'user:', undefined, { keys: ['user:1'] }), { code: 'E_PERMISSION', message: /list of prefix "user:"/ });
      const stats = rt.stats().modules['example-host'];
      assert.equal(stats.permissionDenied, 4);
      assert.match(rt.metrics(), /wasmod_permission_denied_total\{module="example-host"\} 4/);
      await rt.close();
      const readOnly = await runtime({ workers, grants: { ...EXAMPLE_HOST_GRANTS, kv: { keys: ['user:*'] } } });
      await assert.rejects(readOnly.call('example-host', 'kv-set', 'user:1=x', undefined, { keys: ['user:1'] }), { code: 'E_PERMISSION', message: /without write permission/ });
      await readOnly.close();
    });

    it('writes nothing when the call fails, traps or runs out of memory; the next call is served', async () => {
      const rt = await runtime({ workers, maxMemoryMb: 32 });
      const keys = { keys: ['user:1'] };
      await rt.call('example-host', 'kv-set', 'user:1=kept', undefined, keys);
      assert.equal((await rt.call('example-host', 'kv-set-fail', 'user:1=lost', undefined, keys)).status, 'invalid-input');
      await assert.rejects(rt.call('example-host', 'kv-set-trap', 'user:1=lost', undefined, keys), { code: 'E_INTERNAL' });
      await assert.rejects(rt.call('example-host', 'kv-set-hog', 'user:1=lost', undefined, keys), { code: 'E_MEMORY_LIMIT' });
      await assert.rejects(rt.call('example-host', 'kv-set-spin', 'user:1=lost', undefined, { ...keys, budget: 5e7 }), { code: 'E_BUDGET_EXCEEDED' });
      if (workers) await assert.rejects(rt.call('example-host', 'kv-set-spin', 'user:1=lost', undefined, { ...keys, timeoutMs: 300 }), { code: 'E_TIMEOUT' });
      assert.equal(text((await rt.call('example-host', 'kv-get', 'user:1', undefined, keys)).output), 'kept');
      await rt.close();
    });

    it('runs calls on the same keys one after the other (no lost update)', async () => {
      const rt = await runtime({ workers: workers * 2 });
      const calls = Array.from({ length: 100 }, () => rt.call('example-host', 'kv-incr', 'counter', undefined, { keys: ['counter'] }));
      const answers = (await Promise.all(calls)).map((r) => Number(text(r.output))).sort((a, b) => a - b);
      assert.deepEqual(answers, Array.from({ length: 100 }, (_, i) => i + 1));
      await rt.close();
    });

    it('log, clock, random and config; app functions in bytes and in numbers', async () => {
      const lines = [];
      const rt = await runtime({ workers, onLog: (entry) => lines.push(entry) });
      await rt.call('example-host', 'log', 'hello from the module');
      assert.deepEqual(lines, [{ module: 'example-host', level: 'info', message: 'hello from the module' }]);
      const clock = JSON.parse(text((await rt.call('example-host', 'clock', '')).output));
      assert.ok(Math.abs(clock.wall / 1e6 - Date.now()) < 60000, 'wall clock in nanoseconds');
      const [a, b] = await Promise.all([rt.call('example-host', 'random', '16'), rt.call('example-host', 'random', '16')]);
      assert.match(text(a.output), /^[0-9a-f]{32}$/);
      assert.notEqual(text(a.output), text(b.output));
      assert.equal(text((await rt.call('example-host', 'config-get', 'greeting')).output), 'hello');
      assert.equal((await rt.call('example-host', 'config-get', 'nope')).diagnostics[0].code, 'not-found');
      assert.equal(text((await rt.call('example-host', 'app-upper', 'shout')).output), 'SHOUT');
      const long = 'x'.repeat(100000);
      assert.equal(text((await rt.call('example-host', 'app-upper', long)).output), long.toUpperCase(), 'an answer larger than the first buffer');
      assert.equal(text((await rt.call('example-host', 'app-add', '2,40')).output), '42');
      await rt.close();
    });

    it('a host function that throws fails the call with E_HOST; the instance stays usable', async () => {
      const rt = await runtime({ workers });
      await assert.rejects(rt.call('example-host', 'app-upper', 'throw'), { code: 'E_HOST', message: /host function 'upper' failed: asked to throw/ });
      await assert.rejects(rt.call('example-host', 'app-add', '13,1'), { code: 'E_HOST', message: /'add' failed: unlucky/ });
      assert.equal(text((await rt.call('example-host', 'app-add', '1,1')).output), '2');
      assert.equal(rt.stats().pool.replaced, 0);
      await rt.close();
    });

    it('bad keys and values get a clear status', async () => {
      const rt = await runtime({ workers });
      const invalid = await rt.call('example-host', 'kv-get', new Uint8Array([0x75, 0xff]), undefined, { keys: ['user:*'] });
      assert.equal(invalid.diagnostics[0].code, 'host-invalid', 'a key that is not UTF-8');
      const big = await rt.call('example-host', 'kv-set', `user:1=${'v'.repeat((1 << 20) + 1)}`, undefined, { keys: ['user:1'] });
      assert.equal(big.diagnostics[0].code, 'host-too-large');
      await assert.rejects(rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: Array.from({ length: 1001 }, (_, i) => `user:${i}`) }), { code: 'E_LIMIT_EXCEEDED', message: /at most 1000 keys/ });
      await assert.rejects(rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:\ud800'] }), { code: 'E_BAD_OPTIONS', message: /lone surrogate/ });
      await assert.rejects(rt.call('json', 'validate', '1', undefined, { keys: ['a'] }), { code: 'E_BAD_OPTIONS', message: /for modules granted kv/ });
      await rt.close();
    });
  });
}

describe('the key-value store in Node: a crash-safe log', () => {
  it('a store that cannot be opened fails the call that needs it (E_STORE); other modules run', async () => {
    const file = path.join(temporary, 'a-file');
    writeFileSync(file, 'not a directory');
    const rt = await runtime({ store: path.join(file, 'store') });
    await assert.rejects(rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:1'] }), { code: 'E_STORE', message: /cannot open the key-value store/ });
    assert.equal(text((await rt.call('example-host', 'echo', 'still here')).output), 'still here');
    await rt.close();
    const none = await runtime({ store: undefined });
    await assert.rejects(none.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:1'] }), { code: 'E_STORE', message: /has no store/ });
    await none.close();
  });

  it('keeps committed writes across runtimes, and cuts off a torn last record', async () => {
    const dir = path.join(temporary, 'torn');
    let rt = await runtime({ store: dir });
    await rt.call('example-host', 'kv-set', 'user:1=one', undefined, { keys: ['user:1'] });
    await rt.close();
    appendFileSync(path.join(dir, 'wasmod-kv.log'), new Uint8Array([200, 0, 0, 0, 1, 2, 3])); // a crash mid-append
    rt = await runtime({ store: dir });
    assert.equal(text((await rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:1'] })).output), 'one');
    await rt.call('example-host', 'kv-set', 'user:2=two', undefined, { keys: ['user:2'] });
    await rt.close();
    rt = await runtime({ store: dir });
    assert.equal(text((await rt.call('example-host', 'kv-list', 'user:', undefined, { keys: ['user:*'] })).output), 'user:1\nuser:2');
    await rt.close();
  });

  it('rewrites a log whose dead records outweigh its live data, and reads the same values after', async () => {
    const dir = path.join(temporary, 'compacted');
    let rt = await runtime({ store: dir });
    const value = (i) => `${i}`.padEnd(1000000, '.');
    for (let i = 0; i < 12; i++) await rt.call('example-host', 'kv-set', `user:1=${value(i)}`, undefined, { keys: ['user:1'] });
    await rt.call('example-host', 'kv-set', 'user:2=two', undefined, { keys: ['user:2'] });
    await rt.close();
    const { size } = statSync(path.join(dir, 'wasmod-kv.log'));
    assert.ok(size < 6e6, `12 MB written over one key, the log holds ${size} bytes (compacted from 8 MiB on)`);
    rt = await runtime({ store: dir });
    assert.equal(text((await rt.call('example-host', 'kv-get', 'user:1', undefined, { keys: ['user:1'] })).output), value(11));
    assert.equal(text((await rt.call('example-host', 'kv-get', 'user:2', undefined, { keys: ['user:2'] })).output), 'two');
    await rt.close();
  });

  it('refuses a store another live process holds', async () => {
    const dir = path.join(temporary, 'locked');
    const rt = await runtime({ store: dir });
    await rt.call('example-host', 'kv-set', 'user:1=x', undefined, { keys: ['user:1'] });
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(dir, 'kv-get', 'user:1')], { cwd: ROOT });
    const [out] = await output(child);
    assert.match(out, /E_STORE.*process \d+ has it open/);
    await rt.close();
  });

  it('a committed write survives kill -9 of the process right after the call resolves', async () => {
    const dir = path.join(temporary, 'killed');
    for (let round = 1; round <= 3; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(dir, 'kv-set', `user:1=round ${round}`, true)], { cwd: ROOT });
      await new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk) => String(chunk).includes('resolved') && (child.kill('SIGKILL'), resolve()));
        child.on('exit', (code) => reject(new Error(`the child exited (${code}) before it resolved: ${child.stderr.read()}`)));
      });
      await new Promise((resolve) => child.on('close', resolve));
      const reader = spawn(process.execPath, ['--input-type=module', '-e', childScript(dir, 'kv-get', 'user:1')], { cwd: ROOT });
      const [out, code] = await output(reader);
      assert.equal(code, 0, out);
      assert.equal(out.trim(), `round ${round}`);
    }
  });
});

/** A process that runs one kv op on the store at `dir` and prints its output (or says 'resolved' and waits to be killed). */
function childScript(dir, op, input, wait = false) {
  return `
    import { createRuntime } from 'wasmod';
    import { exampleHostDescriptor, HOST_FUNCTIONS_URL } from './tests/fixtures/example.js';
    const rt = await createRuntime({ store: ${JSON.stringify(dir)}, hostFunctions: HOST_FUNCTIONS_URL });
    rt.registry.register(await exampleHostDescriptor());
    try {
      const r = await rt.call('example-host', ${JSON.stringify(op)}, ${JSON.stringify(input)}, undefined, { keys: ['user:1'] });
      ${wait ? "process.stdout.write('resolved\\n'); setInterval(() => {}, 1000);" : 'process.stdout.write(new TextDecoder().decode(r.output) + "\\n"); await rt.close();'}
    } catch (error) {
      process.stdout.write(error.code + ' ' + error.message + '\\n');
      await rt.close();
    }`;
}

function output(child) {
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve([out, code])));
}
