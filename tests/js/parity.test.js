// The parity suite's quick subset (npm run test:parity runs it all): every op
// of every built module, through every engine, same bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFramed } from '../parity/engines.mjs';
import { optionSets } from '../parity/cases.mjs';
import { firstDifference, runParity } from '../parity/parity.mjs';

test('firstDifference points at the first differing byte', () => {
  assert.equal(firstDifference(Buffer.from('abc'), Buffer.from('abc')), null);
  assert.match(firstDifference(Buffer.from('abcdef'), Buffer.from('abXdef')), /at byte 2 \(lengths 6 and 6\)/);
  assert.match(firstDifference(Buffer.from('ab'), Buffer.from('abc')), /at byte 2 \(lengths 2 and 3\)/);
});

test('parseFramed reads the framed output of wasmod-native', () => {
  const framed = Buffer.from('ok 3 2\n[1][]invalid-input 0 5\n[{}]\n');
  assert.deepEqual(parseFramed(framed).map((r) => [r.status, r.output.toString(), r.diagnostics]), [
    ['ok', '[1]', '[]'],
    ['invalid-input', '', '[{}]\n'],
  ]);
});

test('option rows keep only the options an op accepts', () => {
  const module = { name: 'json' };
  assert.deepEqual(optionSets(module, { name: 'validate', options: ['mode'] }), ['{}', '{"mode":"jsonc"}']);
  assert.deepEqual(optionSets(module, { name: 'some-new-op', options: [] }), ['{}']);
});

test('parity (quick): native, addon, wasm-simd and wasm-scalar give the same bytes', async () => {
  const result = await runParity({ quick: true });
  assert.deepEqual(result.differences, []);
  assert.ok(result.compared > 1000, `${result.compared} comparisons`);
  assert.ok(result.statuses.ok > 0 && result.statuses['invalid-input'] > 0, JSON.stringify(result.statuses));
});
