// Out of memory through the Node-API addon: whichever allocation of a library
// call fails, the call answers its normal result or status 'out-of-memory'
// (empty output), never throws, never aborts the process, leaks nothing, and
// the next call answers as before. The library half is tests/c/test_oom.c;
// this is the same sweep seen from JS.
//
// It loads the test-only variant build/native/addon-oom/wasmod-oom.node
// (native/addon/addon_oom.c; scripts/build.sh builds it on Linux), whose
// malloc, calloc, realloc and free are wrapped (-Wl,--wrap) and which fails
// the Nth allocation of each library call on this thread once failAllocation(N)
// is called: N = 1, 2, ... until the call no longer makes N allocations.
// lastCall() says how many allocations the last call asked for, whether the
// Nth was reached, and how many blocks the library still held after its result
// was freed (`leaked`, counted by the wrappers: the leak check here, as ASan's
// is for test_oom). Before each call the variant releases the code modules'
// spare slabs, so that every call asks malloc for them.
//
// Out of scope: the addon's own Node-API work outside library calls (reading
// the arguments, building the result object), whose allocations the counter
// never sees, and modules() (manifests). This is a release build: a code
// module's arena takes slabs and blocks above 1 KiB from malloc, not each
// tree-sitter object (the ASan/debug run of test_oom fails those).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { NATIVE_ADDON_PATH } from '../../bindings/js/native-addon.js';
import { ROOT } from './helpers.js';

const OOM_ADDON_PATH = path.join(ROOT, 'build/native/addon-oom/wasmod-oom.node');
const skip = process.platform !== 'linux' &&
  `the out-of-memory test addon needs a GNU linker's --wrap (Linux); this is ${process.platform}`;

// The bound: a call of these inputs makes at most ~60 allocations (measured:
// json validate 3 and 8, format 24, ndjson-validate 8, stats 6; analyze 54 for
// the 1.6 KB of JavaScript, 59 for the 1.7 KB of C), so the sweep fails 162
// allocations in ~170 calls and takes under 0.1 s. Sources ten times larger
// would take ~3 s for little more (the same code paths, more slabs).
// MAX_ALLOCATIONS stops a sweep that would never end, as test_oom's does.
const MAX_ALLOCATIONS = 2000;

const doc = '{"name":"wasmod","tags":["a","b\\u00e9","c"],"n":[1,2.5,-3e2,true,null],' +
  '"nested":{"z":{"y":[{"x":1},{"w":"v"}]},"a":{}}}';
const docs = `[${Array(40).fill(doc).join(',\n')}]`; // 5 KB: output buffers grow (realloc)
const js = `import { a } from './a.js';
export function f(x, y = 1) {
  if (x && y) return x ? y : 0;
  for (const k of x) g(k);
}
class C { m() { return 1; } }
let z = (1 + ;
`.repeat(10);
const c = `#include <stdio.h>
#ifdef X
int f(int a) { return a && ; }
#endif
struct s { int a; };
static int g(struct s *p) { switch (p->a) { case 1: return 2; default: return 0; } }
`.repeat(10);

const cases = [
  ['json', 'validate', doc, ''],
  ['json', 'validate', '{"a":[1,2,}', ''], // invalid-input: its diagnostic takes memory too
  ['json', 'format', docs, '{"indent":2,"sortKeys":true}'],
  ['json', 'ndjson-validate', '{"a":1}\n[2,\n"x"\n{"k":[true]}\n', ''],
  ['json', 'stats', docs, ''],
  ['code-javascript', 'analyze', js, ''],
  ['code-c', 'analyze', c, ''],
];

const encoder = new TextEncoder();

test('out of memory through the addon: every allocation of a call fails in turn', { skip }, (t) => {
  assert.ok(existsSync(OOM_ADDON_PATH),
    `no ${OOM_ADDON_PATH}: scripts/build.sh native builds it on Linux (see build/native/addon-oom-build.log)`);
  assert.notEqual(OOM_ADDON_PATH, NATIVE_ADDON_PATH); // never the addon the package loads
  const binding = createRequire(import.meta.url)(OOM_ADDON_PATH);
  assert.equal(typeof binding.failAllocation, 'function');
  assert.equal(typeof binding.lastCall, 'function');

  const answer = (r) => ({ status: r.status, output: Buffer.from(r.output).toString('latin1'), diagnostics: r.diagnostics });
  const started = performance.now();
  const figures = [];
  for (const [module, op, text, options] of cases) {
    const name = `${module} ${op}`;
    const input = encoder.encode(text);
    const run = () => binding.call(module, op, input, options, false);

    binding.failAllocation(0);
    const before = answer(run());
    const { allocations } = binding.lastCall();
    assert.ok(['ok', 'invalid-input'].includes(before.status), `${name}: ${before.status} ${before.diagnostics}`);
    assert.ok(allocations > 0, `${name}: no allocation seen (is the variant's malloc wrapped?)`);

    let n = 1;
    for (; n <= MAX_ALLOCATIONS; n++) {
      binding.failAllocation(n);
      let r;
      try {
        r = run();
      } catch (error) {
        binding.failAllocation(0);
        assert.fail(`${name}, allocation ${n} failed: threw ${error.code} ${error.message}`);
      }
      const last = binding.lastCall();
      assert.equal(last.leaked, 0, `${name}, allocation ${n} failed: ${last.leaked} blocks left behind`);
      const got = answer(r);
      if (!last.failed) { // fewer than n allocations: the sweep is over, and the call answers as before
        assert.deepEqual(got, before, `${name}: another answer after the sweep`);
        break;
      }
      assert.ok(Array.isArray(JSON.parse(got.diagnostics)), `${name}, allocation ${n}: diagnostics ${got.diagnostics}`);
      if (got.status === 'out-of-memory') {
        assert.equal(r.output.length, 0, `${name}, allocation ${n}: output with out-of-memory`);
      } else { // a failure the op gets round (a smaller buffer, say): the same answer
        assert.deepEqual(got, before, `${name}, allocation ${n} failed: neither out-of-memory nor the answer`);
      }
    }
    binding.failAllocation(0);
    assert.ok(n <= MAX_ALLOCATIONS, `${name}: still reaching allocation ${MAX_ALLOCATIONS}`);
    figures.push(`${name} ${n - 1}`);
    // A normal call afterwards: the same bytes as before the sweep.
    assert.deepEqual(answer(run()), before, `${name}: another answer after the sweep`);
    assert.equal(binding.lastCall().leaked, 0);
  }
  const ms = Math.round(performance.now() - started);
  t.diagnostic(`allocations failed in turn: ${figures.join(', ')}; ${ms} ms`);
});
