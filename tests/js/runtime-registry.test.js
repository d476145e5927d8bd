// The registry: semver ranges, built-ins from the index, third-party modules
// by register(), and the checks that keep the wrong bytes from running
// (integrity, ABI, version).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRuntime, satisfies, sha256Hex } from 'wasmod';
import { EXAMPLE_VERSION, exampleBytes, exampleDescriptor, exampleUrl, fakeModule } from '../fixtures/example.js';

const text = (bytes) => new TextDecoder().decode(bytes);

describe('semver ranges', () => {
  const cases = [
    ['1.2.3', '^1', true], ['2.0.0', '^1', false], ['0.2.5', '^0.2', true], ['0.3.0', '^0.2', false],
    ['0.0.3', '^0.0.3', true], ['0.0.4', '^0.0.3', false], ['1.2.9', '~1.2.3', true], ['1.3.0', '~1.2.3', false],
    ['1.2.2', '~1.2.3', false], ['1.9.0', '1.x', true], ['2.0.0', '1.x', false], ['1.2.7', '1.2.*', true],
    ['5.0.0', '*', true], ['1.2.3', '1.2.3', true], ['1.2.4', '=1.2.3', false], ['1.5.0', '>=1.2.0 <2', true],
    ['2.0.0', '>=1.2.0 <2', false], ['1.0.0', '>1', false], ['2.0.0', '>1', true], ['1.9.9', '<=1', true],
    ['2.0.0', '<=1', false], ['3.1.0', '^1 || ^3', true], ['2.1.0', '^1 || ^3', false],
    ['1.0.0-rc.1', '^1', false], ['1.0.0-rc.2', '^1.0.0-rc.1', true], ['1.0.0', '^1.0.0-rc.1', true],
  ];
  for (const [version, range, expected] of cases) {
    it(`${version} ${expected ? 'satisfies' : 'does not satisfy'} '${range}'`, () => assert.equal(satisfies(version, range), expected));
  }
  it('refuses a malformed range', () => assert.throws(() => satisfies('1.0.0', '^one'), /not a semver range/));
});

describe('registry', () => {
  it('lists the built-in modules from the generated index', async () => {
    const rt = await createRuntime();
    const json = rt.registry.info('json');
    assert.equal(json.builtin, true);
    assert.match(json.variants.simd.sha256, /^[0-9a-f]{64}$/);
    assert.ok(json.ops.some((op) => op.name === 'validate'));
    assert.ok(rt.registry.list().some((d) => d.name === 'json'));
    assert.deepEqual(rt.registry.search('JSON').map((d) => d.name).includes('json'), true);
    assert.equal(rt.registry.info(`json@^${json.version}`), json);
  });

  it('registers third-party versions and finds them by range', async () => {
    const rt = await createRuntime();
    rt.registry.register(await exampleDescriptor());
    rt.registry.register(await exampleDescriptor({ version: '2.0.0' }));
    assert.deepEqual(rt.registry.list().filter((d) => d.name === 'example').map((d) => d.version), ['2.0.0', EXAMPLE_VERSION]);
    assert.equal(rt.registry.info('example').version, '2.0.0');
    assert.equal(rt.registry.info('example@^1').version, EXAMPLE_VERSION);
    assert.equal(rt.registry.info('example@~1.2.0').version, EXAMPLE_VERSION);
    assert.equal(rt.registry.info('example@^3'), undefined);
    assert.deepEqual(rt.registry.search('fixture').map((d) => d.version), ['2.0.0']);
    const r = await rt.call('example@^1', 'echo', 'ranged');
    assert.deepEqual([text(r.output), r.version, r.module], ['ranged', EXAMPLE_VERSION, 'example']);
    await assert.rejects(rt.call('example@^3', 'echo', ''), { code: 'E_VERSION', message: /no version in range '\^3' \(known: 2\.0\.0, 1\.2\.0\)/ });
  });

  it('resolves a range again when a new version is registered', async () => {
    const rt = await createRuntime();
    rt.registry.register(await exampleDescriptor());
    assert.equal((await rt.call('example', 'echo', '')).version, EXAMPLE_VERSION);
    rt.registry.register(await exampleDescriptor({ version: '1.3.0' })); // newer, but its bytes say 1.2.0
    await assert.rejects(rt.call('example', 'echo', ''), { code: 'E_VERSION', message: /registered as version 1\.3\.0/ });
    assert.equal((await rt.call('example@~1.2', 'echo', '')).version, EXAMPLE_VERSION);
  });

  it('refuses a module whose manifest says another version (E_VERSION)', async () => {
    const rt = await createRuntime();
    rt.registry.register(await exampleDescriptor({ version: '2.0.0' }));
    await assert.rejects(rt.call('example', 'echo', ''), { code: 'E_VERSION', message: /registered as version 2\.0\.0 but its manifest says 1\.2\.0/ });
  });

  it('loads a registered module from a URL', async () => {
    const rt = await createRuntime();
    rt.registry.register({ name: 'example', version: EXAMPLE_VERSION, url: exampleUrl('scalar'), sha256: await sha256Hex(exampleBytes('scalar')) });
    const r = await rt.call('example', 'echo', 'from a url');
    assert.deepEqual([text(r.output), r.engine], ['from a url', 'wasm-scalar']);
  });

  it('refuses tampered bytes with E_INTEGRITY, and runs nothing else instead', async () => {
    const rt = await createRuntime();
    const descriptor = await exampleDescriptor();
    const tampered = descriptor.variants.simd.bytes.slice();
    tampered[tampered.length - 3] ^= 0x40;
    rt.registry.register({ ...descriptor, variants: { ...descriptor.variants, simd: { ...descriptor.variants.simd, bytes: tampered } } });
    await assert.rejects(rt.call('example', 'echo', ''), { code: 'E_INTEGRITY', message: /refusing to run it/ });
    assert.equal(rt.stats().modules.example.errors.E_INTEGRITY, 1);
  });

  it('refuses a module of another ABI major (E_ABI)', async () => {
    const rt = await createRuntime();
    const bytes = fakeModule(2 << 16);
    rt.registry.register({ name: 'future', version: '1.0.0', bytes, sha256: await sha256Hex(bytes) });
    await assert.rejects(rt.call('future', 'echo', ''), { code: 'E_ABI', message: /speaks ABI 2\.0/ });
  });

  it('checks descriptors at register()', async () => {
    const rt = await createRuntime();
    const bytes = exampleBytes('scalar');
    const sha256 = await sha256Hex(bytes);
    for (const [descriptor, message] of [
      [{ version: '1.0.0', bytes, sha256 }, /needs a name/],
      [{ name: 'x', version: 'one', bytes, sha256 }, /semver version/],
      [{ name: 'x', version: '1.0.0', bytes, sha256: 'abc' }, /sha256/],
      [{ name: 'x', version: '1.0.0', sha256 }, /exactly one of url or bytes/],
      [{ name: 'x', version: '1.0.0', variants: { avx: { bytes, sha256 } } }, /variants are 'simd' and 'scalar'/],
    ]) assert.throws(() => rt.registry.register(descriptor), { code: 'E_BAD_OPTIONS', message });
    await assert.rejects(rt.call('no-such-module', 'validate', ''), { code: 'E_MODULE_NOT_FOUND', message: /no module named 'no-such-module'/ });
  });
});
