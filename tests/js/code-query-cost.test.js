// queryCode's time grows with the source, not with its square: tree-sitter's
// query cursor is quadratic in a run of unnamed siblings (thousands of
// unmatched brackets) and in trees deeper than 65,535 nodes, so such trees
// are refused with E_LIMIT_EXCEEDED before the cursor runs; the captures'
// columns are found in constant time wherever they are on a long line. Timed by ratio (twice the source, at most ~3 times the
// time, plus 100 ms for a busy spell: the quadratic work this guards against took seconds),
// best of a few runs, so a busy machine does not make it fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryCode } from '../../bindings/js/index.js';

/** The best of a few runs of each source, taken in turns so that a busy spell weighs on both alike. */
async function bestTimes(sources, query, language) {
  const best = sources.map(() => ({ ms: Infinity, result: undefined }));
  for (let round = 0; round < 4; round++) {
    for (const [i, source] of sources.entries()) {
      const t = performance.now();
      try {
        best[i].result = await queryCode(source, query, { language, maxCaptures: 1e6 });
      } catch (e) {
        best[i].result = e;
      }
      best[i].ms = Math.min(best[i].ms, performance.now() - t);
    }
  }
  return best;
}

const REFUSED = [
  ['javascript', '('], ['javascript', '['], ['javascript', '{'], ['python', '('], ['c', '('],
];

test('long runs of unmatched brackets: E_LIMIT_EXCEEDED at once, in time linear in the source', async () => {
  for (const [language, ch] of REFUSED) {
    await queryCode('x', '(_) @a', { language }); // the module loaded
    const [small, large] = await bestTimes([ch.repeat(100000), ch.repeat(200000)], '(identifier) @id', language);
    for (const { result } of [small, large]) {
      assert.equal(result.code, 'E_LIMIT_EXCEEDED', `${language} ${ch}: ${result.message}`);
      assert.equal(result.diagnostics[0].code, 'query-limit');
    }
    assert.ok(large.ms < 3 * small.ms + 100, `${language} ${ch}: 100 KB ${small.ms.toFixed(1)} ms, 200 KB ${large.ms.toFixed(1)} ms`);
  }
  // A short run is still answered.
  const { captures } = await queryCode('('.repeat(1000), '(ERROR) @e', { language: 'javascript' });
  assert.deepEqual(captures.map((c) => [c.type, c.endOffset]), [['ERROR', 1000]]);
});

test('broken and deep sources that are answered take time linear in their size', async () => {
  // (Not a+a+...+a: a chain of binary expressions is a tree as deep as it is long, on which the
  // cursor's work per node grows with the depth, 5 times for twice 50 KB; the refusal of trees
  // deeper than 65,000 nodes, below, is what bounds it.)
  const shapes = [
    ['javascript', (n) => '(a'.repeat(n / 2)],
    ['javascript', (n) => 'a='.repeat(n / 2) + 'a'], ['javascript', (n) => '['.repeat(n / 4) + ']'.repeat(n / 4)],
    ['javascript', (n) => ','.repeat(n)], ['python', (n) => 'def f():\n'.repeat(n / 9)],
    ['c', (n) => `int ${'*'.repeat(n / 2)}x;`],
  ];
  for (const [language, make] of shapes) {
    await queryCode('x', '(_) @a', { language });
    const [small, large] = await bestTimes([make(50000), make(100000)], '(_) @node', language);
    for (const { result } of [small, large]) assert.ok(Array.isArray(result.captures), `${language}: ${result.message}`);
    assert.ok(large.ms < 3 * small.ms + 100,
      `${language} ${make(8)}: 50 KB ${small.ms.toFixed(1)} ms, 100 KB ${large.ms.toFixed(1)} ms`);
  }
});

test('a tree deeper than the query cursor counts (65,000 nodes) is E_LIMIT_EXCEEDED, not minutes', async () => {
  const [{ ms, result }] = await bestTimes(['a+'.repeat(70000) + 'a'], '(identifier) @id', 'javascript');
  assert.equal(result.code, 'E_LIMIT_EXCEEDED', result.message);
  assert.match(result.message, /more than 65,000 nodes deep/);
  assert.ok(ms < 5000, `${ms} ms`);
  const deep = await queryCode('a+'.repeat(60000) + 'a', '(identifier) @id', { language: 'javascript', maxCaptures: 1e6 });
  assert.equal(deep.captures.length, 60001);
});
