// The code panel: analyse a JavaScript sample and check the table against
// ESLint 10.15.0 (the pinned devDependency) run on the same file here:
// its `complexity`, `max-params` and `max-depth` rules with max 0 report
// every function, so the figures come from the tool users trust, not from
// numbers typed into this test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Linter } from 'eslint';
import { ROOT } from '../js/helpers.js';
import { moduleIndex, openDemo, readTotals, waitForText } from './demo-page.js';

const SAMPLE = 'inventory.js';
const source = readFileSync(path.join(ROOT, 'web-demo/samples', SAMPLE), 'utf8');

/** ESLint's view of each function: { name, line, complexity, params }, and max-depth reports { line, depth }. */
function eslintReport(code) {
  const messages = new Linter().verify(code, {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    rules: { complexity: ['error', { max: 0 }], 'max-params': ['error', { max: 0 }], 'max-depth': ['error', { max: 0 }] },
  });
  const functions = new Map(); // 'line:column' -> record
  const depths = [];
  for (const m of messages) {
    const key = `${m.line}:${m.column}`;
    const name = /'([^']+)'/.exec(m.message)?.[1] ?? null;
    const number = Number(/\((\d+)\)|of (\d+)/.exec(m.message).slice(1).find(Boolean));
    if (m.ruleId === 'max-depth') depths.push({ line: m.line, depth: number });
    else {
      const record = functions.get(key) ?? { name, line: m.line, complexity: null, params: null };
      record[m.ruleId === 'complexity' ? 'complexity' : 'params'] = number;
      functions.set(key, record);
    }
  }
  return { functions: [...functions.values()], depths };
}

/** The functions table as the page shows it. */
async function readTable(page) {
  return page.$$eval('#code-functions tbody tr', (rows) => rows.map((tr) => {
    const cells = [...tr.cells].map((td) => td.textContent);
    const [start, end = start] = cells[1].split('–').map(Number);
    return { name: cells[0], start, end, params: cells[2] === '' ? null : Number(cells[2]), complexity: Number(cells[3]), nesting: Number(cells[4]) };
  }));
}

test('a JavaScript sample is analysed with ESLint\'s complexity figures; syntax errors are marked', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  await page.selectOption('#code-language', 'javascript');
  if (!moduleIndex().modules.some((m) => m.name === 'code-javascript')) {
    t.diagnostic('code-javascript is not in this build: checking that the page says so');
    await waitForText(page, '#code-note', /code-javascript: not available in this build/);
    assert.equal(await page.isDisabled('#code-analyze'), true);
    assert.equal(await page.isHidden('#code-functions'), true, 'no table without the module');
    await demo.screenshot('code-unavailable');
    assert.deepEqual(demo.errors, []);
    return;
  }

  await page.selectOption('#code-sample', SAMPLE);
  t.diagnostic(await waitForText(page, '#code-status', /^✓ no syntax errors/));
  const table = await readTable(page);
  const eslint = eslintReport(source);

  // Every function ESLint reports is a row with ESLint's complexity; named ones also with its params and nesting.
  assert.deepEqual(table.map((r) => r.complexity).sort((a, b) => a - b), eslint.functions.map((f) => f.complexity).sort((a, b) => a - b));
  for (const f of eslint.functions.filter((e) => e.name)) {
    const row = table.find((r) => r.name === f.name || r.name.endsWith(`.${f.name}`));
    assert.ok(row, `a row for ${f.name}`);
    assert.equal(row.complexity, f.complexity, `complexity of ${f.name}`);
    assert.equal(row.params, f.params ?? 0, `params of ${f.name}`);
    // max-depth reports blocks by line; none of this sample's nested functions has blocks of its own.
    const depth = Math.max(0, ...eslint.depths.filter((d) => d.line > row.start && d.line <= row.end).map((d) => d.depth));
    assert.equal(row.nesting, depth, `nesting of ${f.name}`);
  }

  // Sorted by complexity, highest first; a header click sorts the other way.
  const complexities = table.map((r) => r.complexity);
  assert.deepEqual(complexities, [...complexities].sort((a, b) => b - a));
  await page.click('#code-functions th button[data-sort="complexity"]');
  assert.equal((await readTable(page))[0].complexity, Math.min(...complexities));

  // The chart has a bar per function; selecting a function highlights its lines.
  assert.equal(await page.$$eval('#code-chart rect', (r) => r.length), table.length);
  const top = table[0];
  await page.click(`#code-functions tbody tr:has-text("${top.name}") button`);
  const marked = await page.$$eval('#code-editor .gutter span.range', (spans) => spans.map((s) => Number(s.textContent)));
  assert.deepEqual(marked, Array.from({ length: top.end - top.start + 1 }, (_, i) => top.start + i));
  const totals = await readTotals(page, '#code-totals');
  assert.equal(totals.functions, String(table.length));
  assert.equal(totals['highest complexity'], String(Math.max(...complexities)));
  assert.equal(totals.lines, String(source.split('\n').length - 1), 'the sample ends with a newline');
  await demo.screenshot('code-analysis');

  // A syntax error: listed with its position and marked in the gutter.
  await page.fill('#code-input', 'function ok() { return 1; }\nfunction broken( {\n  return 2;\n}\n');
  await waitForText(page, '#code-status', /syntax error/);
  assert.match(await page.textContent('#code-errors li'), /^line 2, column \d+: /);
  assert.ok(await page.$('#code-editor .gutter span.error'), 'an error line is marked in the gutter');
  await demo.screenshot('code-syntax-error');
  assert.deepEqual(demo.errors, []);
});

test('a dropped file picks its language from its name', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  const python = 'def f(x):\n    if x:\n        return 1\n    return 2\n';
  const drop = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.py', { type: 'text/x-python' }));
    return transfer;
  }, python);
  await page.dispatchEvent('#code-editor', 'drop', { dataTransfer: drop });
  await page.waitForFunction(() => document.querySelector('#code-language').value === 'python');
  assert.equal(await page.inputValue('#code-input'), python);
  if (moduleIndex().modules.some((m) => m.name === 'code-python')) {
    t.diagnostic(await waitForText(page, '#code-status', /^✓ no syntax errors/));
    const [row] = await readTable(page);
    assert.deepEqual([row.name, row.start, row.end, row.params, row.complexity], ['f', 1, 4, 1, 2]);
  } else {
    await waitForText(page, '#code-note', /code-python: not available in this build/);
  }
  await demo.screenshot('code-dropped');
  assert.deepEqual(demo.errors, []);
});
