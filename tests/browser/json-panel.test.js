// The JSON panel as a person uses it: paste, see the error where it is,
// format, reload and find the work still there. Positions and formatted
// bytes are checked against the native build (wasmod-native), not against
// numbers typed here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BENCH_DIR, runNative } from '../js/helpers.js';
import { hasOp, openDemo, pageWeight, waitForText } from './demo-page.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'wasmod-browser-'));

/** What wasmod-native says of `text` for an op: { status, output, diagnostics }. */
function native(op, text, options) {
  const file = path.join(scratch, `${op}.json`);
  writeFileSync(file, text);
  const [result] = runNative('json', op, [file], options);
  return { ...result, diagnostics: JSON.parse(result.diagnostics) };
}

/** Waits until the JSON status shows a finished validation and returns its text. */
function validationStatus(page) {
  return waitForText(page, '#json-status', /^[✓✗]/);
}

test('the page loads, validates its example, and is interactive quickly', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  assert.match(await validationStatus(page), /^✓ valid JSON/);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
  });
  const status = await page.textContent('#page-status');
  t.diagnostic(`${status} (DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms)`);
  assert.match(status, /^Ready in [\d.]+ (ms|s) · json module [\d.]+ on (wasm-simd|wasm-scalar)/);
  for (const [kind, w] of Object.entries(await pageWeight(page)))
    t.diagnostic(`page weight at interactive, ${kind}: ${w.files} file(s), ${w.raw} bytes, ${w.gzip} gzipped`);
  await demo.screenshot('json-loaded');
  assert.deepEqual(demo.errors, []);
});

test('invalid JSON is marked at its line and column, counted in code points', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  const text = '{\n  "名前": "wasmod",\n  "list": [1, 2 3],\n  "ok": true\n}\n';
  const expected = native('validate', text).diagnostics.find((d) => d.severity === 'error');
  assert.deepEqual([expected.line, expected.column], [3, 17], 'wasmod-native places the error at the 3');

  await page.fill('#json-input', text);
  const status = await validationStatus(page);
  assert.match(status, /^✗ line 3, column 17: /);
  assert.ok(status.includes(expected.message), `status shows the module's message: ${status}`);
  assert.equal(await page.textContent('#json-editor .gutter span.error'), '3', 'the gutter marks line 3');
  await demo.screenshot('json-invalid');

  // Non-ASCII before the error: the column counts code points (11), not bytes (15).
  await page.fill('#json-input', '{"名前": [1 2]}');
  assert.match(await validationStatus(page), /^✗ line 1, column 11: /);
  assert.equal(native('validate', '{"名前": [1 2]}').diagnostics[0].column, 11);

  // "Go to error" puts the caret on the offending character.
  await page.click('#json-status button');
  const caret = await page.$eval('#json-input', (ta) => [ta.selectionStart, ta.value[ta.selectionStart], document.activeElement === ta]);
  assert.deepEqual(caret, [10, '2', true]);

  // Duplicate keys: a warning by default, an error at the second key when asked.
  await page.fill('#json-input', '{"a": 1, "a": 2}');
  assert.match(await validationStatus(page), /^✓ valid JSON · .* 1 warning, first at line 1, column 10: duplicate key "a"/);
  await page.selectOption('#json-duplicates', 'error');
  assert.match(await validationStatus(page), /^✗ line 1, column 10: duplicate key "a"/);
  assert.equal(native('validate', '{"a": 1, "a": 2}', { duplicateKeys: 'error' }).diagnostics[0].column, 10);
  assert.deepEqual(demo.errors, []);
});

test('format, minify, sort keys, query and stats give the json module\'s bytes', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  if (!hasOp('json', 'format')) {
    // This build has no format op: the page must say so and offer nothing that would fake it.
    t.diagnostic('json format is not in this build: checking that the page says so');
    assert.match(await page.textContent('#json-note'), /not available in this build/);
    assert.equal(await page.isDisabled('#json-format'), true);
    assert.equal(await page.isDisabled('#json-minify'), true);
    await demo.screenshot('json-format-unavailable');
    assert.deepEqual(demo.errors, []);
    return;
  }
  const text = '{"b": [1, 2.50, {"z": null, "a": "\\u00e9"}], "a": 12345678901234567890}';
  await page.fill('#json-input', text);
  await validationStatus(page);
  await page.selectOption('#json-indent', '4');
  await page.check('#json-sort');
  await page.focus('#json-input');
  await page.keyboard.press('Control+Enter'); // the keyboard's way to format
  await waitForText(page, '#json-output-info', /^formatted/);
  const formatted = await page.inputValue('#json-output');
  const expected = native('format', text, { indent: 4, sortKeys: true, finalNewline: true });
  assert.equal(expected.status, 'ok');
  assert.equal(formatted, expected.output.toString('utf8'));
  assert.ok(formatted.indexOf('"a"') < formatted.indexOf('"b"'), 'keys sorted');
  assert.ok(formatted.includes('12345678901234567890'), 'the big number keeps every digit');
  await demo.screenshot('json-formatted');

  await page.click('#json-minify');
  await waitForText(page, '#json-output-info', /^minified/);
  assert.equal(await page.inputValue('#json-output'), native('format', text, { indent: 0, sortKeys: true, finalNewline: true }).output.toString('utf8'));
  assert.equal(await page.isEnabled('#json-download'), true);

  // A JSON Pointer query (Enter in the pointer field) and the stats, byte for byte as wasmod-native gives them.
  await page.fill('#json-pointer', '/b/2');
  await page.press('#json-pointer', 'Enter');
  await waitForText(page, '#json-output-info', /^queried/);
  assert.equal(await page.inputValue('#json-output'), native('query', text, { pointer: '/b/2', indent: 4, sortKeys: true, finalNewline: true }).output.toString('utf8'));
  await page.fill('#json-pointer', '/nowhere');
  await page.click('#json-query');
  assert.match(await waitForText(page, '#json-output-info', /^✗/), /^✗ line 1, column 1: pointer "\/nowhere" names nothing/);
  await page.click('#json-stats');
  await waitForText(page, '#json-output-info', /^counted/);
  assert.equal(await page.inputValue('#json-output'), native('stats', text).output.toString('utf8'));
  await demo.screenshot('json-stats');
  assert.deepEqual(demo.errors, []);
});

test('twitter.json from the samples validates (and formats) in the page', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  await page.selectOption('#json-sample', 'twitter.json');
  await waitForText(page, '#json-status', /^✓ valid JSON · 631/);
  assert.equal((await page.inputValue('#json-input')).length, readFileSync(path.join(BENCH_DIR, 'twitter.json'), 'utf8').length);
  t.diagnostic(`twitter.json, first: ${await page.textContent('#json-status')}`);
  // Again, with the text laid out and the worker warm: what a person sees on every edit.
  for (let run = 1; run <= 3; run++) {
    await page.click('#json-validate');
    t.diagnostic(`twitter.json, run ${run}: ${await waitForText(page, '#json-status', /^✓ valid JSON · 631/)}`);
    if (hasOp('json', 'format')) {
      await page.click('#json-format');
      t.diagnostic(`twitter.json, run ${run}: ${await waitForText(page, '#json-output-info', /^formatted/)}`);
    }
  }
  await demo.screenshot('json-twitter');
  assert.deepEqual(demo.errors, []);
});

test('input and options survive a reload; a shared link restores its example', async (t) => {
  const demo = await openDemo(t);
  const { page } = demo;
  await page.fill('#json-input', '// settings\n{"x": [1, 2,],}');
  await page.selectOption('#json-mode', 'jsonc');
  assert.match(await validationStatus(page), /^✓ valid JSON/, 'JSONC accepts comments and trailing commas');
  await page.waitForTimeout(700); // saving is debounced
  await demo.load();
  assert.equal(await page.inputValue('#json-input'), '// settings\n{"x": [1, 2,],}');
  assert.equal(await page.inputValue('#json-mode'), 'jsonc');

  await page.fill('#json-input', '[1, 2 3]');
  await page.selectOption('#json-mode', 'strict');
  await validationStatus(page);
  await page.click('#json-share');
  const shared = await page.evaluate(() => location.hash);
  assert.match(shared, /^#share=/);
  await page.fill('#json-input', '"something else"');
  await page.waitForTimeout(700);
  await demo.load(shared);
  assert.equal(await page.inputValue('#json-input'), '[1, 2 3]');
  assert.match(await validationStatus(page), /^✗ line 1, column 7: /);
  assert.deepEqual(demo.errors, []);
});

test('the page is readable on a narrow screen', async (t) => {
  const demo = await openDemo(t, { viewport: { width: 390, height: 844 } });
  const { page } = demo;
  await validationStatus(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (page is ${overflow}px too wide)`);
  await demo.screenshot('narrow');
  assert.deepEqual(demo.errors, []);
});
