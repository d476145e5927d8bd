// formatJson / minifyJson / queryJson / jsonStats / NDJSON through the package
// API: the layout, losslessness and the properties that must hold on every
// corpus file (idempotence, minify(format(x)) == minify(x), JSON.parse round
// trip), and the cases that trip JSON.parse and jq.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatJson, formatNdjson, jsonStats, minifyJson, queryJson, validateJson, validateNdjson } from 'wasmod';
import { BENCH_DIR, CONFORMANCE_DIR, corpusFiles } from './helpers.js';

const encoder = new TextEncoder();

/** Asserts that `promise` rejects with a WasmodError of `code` whose first diagnostic has `fields`. */
async function rejectsWith(promise, code, fields = {}) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.code, code);
    for (const [key, value] of Object.entries(fields)) assert.equal(error.diagnostics[0][key], value, key);
    return true;
  });
}

describe('formatJson', () => {
  it("lays out like JSON.stringify(v, null, n): empty {} and [] inline, ': ' after keys", async () => {
    const text = '{"a":[1,{},[]],"b":{"c":null}}';
    assert.equal(await formatJson(text), JSON.stringify(JSON.parse(text), null, 2));
    assert.equal(await formatJson(text, { indent: 4 }), JSON.stringify(JSON.parse(text), null, 4));
    assert.equal(await formatJson(text, { indent: '\t' }), JSON.stringify(JSON.parse(text), null, '\t'));
    assert.equal(await minifyJson(' [ 1 , { "a" : 2 } ] '), '[1,{"a":2}]');
    assert.equal(await formatJson('[1]', { finalNewline: true, indent: 0 }), '[1]\n');
  });

  it('keeps numbers and escapes byte for byte (where JSON.parse loses them)', async () => {
    const text = '[12345678901234567890,123456789012345678901234567890,9007199254740993,1e400,-0,1.0,1E+2,0.1e-999,"\\u00e9\\/\\n"]';
    assert.equal(await minifyJson(text), text);
    assert.notEqual(JSON.stringify(JSON.parse(text)), text); // the anchor rounds and rewrites
  });

  it('sorts keys by code point, stably, decoding escapes', async () => {
    const text = '{"b":1,"\\u0061":2,"a":3,"😀":4,"\ue000":5,"B":{"z":1,"y":2}}';
    assert.equal(await minifyJson(text, { sortKeys: true }), '{"B":{"y":2,"z":1},"\\u0061":2,"a":3,"b":1,"\ue000":5,"😀":4}');
  });

  it('escapes non-ASCII with asciiOnly, as UTF-16 pairs above U+FFFF', async () => {
    assert.equal(await minifyJson('["é😀"]', { asciiOnly: true }), '["\\u00e9\\ud83d\\ude00"]');
  });

  it('handles lone surrogates per option', async () => {
    await rejectsWith(formatJson('["\\ud800"]'), 'E_INVALID_INPUT', { code: 'lone-surrogate' });
    assert.equal(await minifyJson('["\\ud800"]', { allowLoneSurrogates: true }), '["\\ud800"]');
  });

  it('rejects invalid input with E_INVALID_INPUT and located diagnostics', async () => {
    const cases = [
      ['', 'empty-input', 1, 1],
      ['[1,]', 'trailing-comma', 1, 4],
      ['{"a":1,}', 'trailing-comma', 1, 8],
      ['[1] [2]', 'trailing-content', 1, 5],
      ['[NaN]', 'unexpected-character', 1, 2],
      ['{\n "ü": "日本" "x"}', 'unexpected-character', 2, 12],
    ];
    for (const [text, code, line, column] of cases) {
      await assert.rejects(formatJson(text), (error) => {
        assert.equal(error.code, 'E_INVALID_INPUT');
        assert.deepEqual([error.diagnostics[0].code, error.diagnostics[0].line, error.diagnostics[0].column], [code, line, column], text);
        return true;
      });
    }
  });

  it('reports invalid and overlong UTF-8 with its byte offset', async () => {
    for (const [bytes, offset] of [[[0x5b, 0x22, 0x61, 0xff, 0x22, 0x5d], 3], [[0x5b, 0x22, 0xc0, 0xaf, 0x22, 0x5d], 2], [[0x5b, 0x22, 0xe0, 0x80, 0xaf, 0x22, 0x5d], 2]]) {
      const { errors } = await validateJson(new Uint8Array(bytes));
      assert.equal(errors[0].code, 'invalid-utf8');
      assert.equal(errors[0].offset, offset);
      await assert.rejects(formatJson(new Uint8Array(bytes)), { code: 'E_INVALID_INPUT' });
    }
  });

  it('accepts a UTF-8 BOM only when asked', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d]);
    await rejectsWith(formatJson(bom), 'E_INVALID_INPUT', { code: 'bom', offset: 0 });
    assert.equal(await formatJson(bom, { allowBom: true }), '[]');
  });

  it('formats 10,000 nested arrays minified; deeper ones stop cleanly with a position', async () => {
    const deep = (n) => '['.repeat(n) + ']'.repeat(n);
    assert.equal(await minifyJson(deep(10000)), deep(10000));
    await rejectsWith(formatJson(deep(10000)), 'E_LIMIT_EXCEEDED', { code: 'output-limit' });
    await rejectsWith(minifyJson(deep(1000000)), 'E_INVALID_INPUT', { code: 'depth-limit', offset: 10000 });
    assert.equal((await minifyJson(deep(1000000), { maxDepth: 0 })).length, 2000000);
    await assert.rejects(formatJson(deep(1000000), { maxDepth: 0 }), { code: 'E_LIMIT_EXCEEDED' });
  });
});

describe('validateJson: duplicate keys', () => {
  const text = '{"a": 1, "b": {"a": 2}, "\\u0061": 3}';
  it("allows them by default, warns or fails when asked", async () => {
    assert.deepEqual(await validateJson(text), { valid: true, errors: [], warnings: [] });
    const warned = await validateJson(text, { duplicateKeys: 'warn' });
    assert.equal(warned.valid, true);
    assert.equal(warned.warnings.length, 1);
    assert.equal(warned.warnings[0].severity, 'warning');
    assert.equal(warned.warnings[0].column, 25);
    const failed = await validateJson(text, { duplicateKeys: 'error' });
    assert.equal(failed.valid, false);
    assert.equal(failed.errors[0].code, 'duplicate-key');
  });
});

describe('queryJson and jsonStats', () => {
  const text = '{"a/b": [0, {"m~n": "x"}], "": {"big": 123456789012345678901234567890}}';
  it('follows RFC 6901 pointers, escapes and indexes included', async () => {
    assert.equal(await queryJson(text, '/a~1b/1/m~0n'), '"x"');
    assert.equal(await queryJson(text, '//big'), '123456789012345678901234567890');
    assert.equal(await queryJson(text, '/a~1b', { indent: 0 }), '[0,{"m~n":"x"}]');
    assert.equal(await queryJson(text, ''), await formatJson(text));
  });
  it('answers undefined when the pointer names nothing, and rejects bad pointers and bad documents', async () => {
    assert.equal(await queryJson(text, '/a~1b/2'), undefined);
    assert.equal(await queryJson(text, '/a~1b/-'), undefined);
    assert.equal(await queryJson(text, '/nope'), undefined);
    await assert.rejects(queryJson(text, 'a'), { code: 'E_BAD_OPTIONS' });
    await assert.rejects(queryJson('[1,]', '/0'), { code: 'E_INVALID_INPUT' });
  });
  it('counts what a document holds', async () => {
    assert.deepEqual(await jsonStats('{"a":[1,"s",true,null,{}]}'), {
      depth: 3, objects: 2, arrays: 1, keys: 1, strings: 1, numbers: 1, booleans: 1, nulls: 1, comments: 0, bytes: 26,
    });
  });
});

describe('NDJSON', () => {
  const text = '{"a":1}\n\n[1,\r\n"é" 3\n{"k":1,"k":2}\n';
  it('validates line by line, every bad line located in the whole input', async () => {
    const { valid, errors, warnings } = await validateNdjson(text, { duplicateKeys: 'warn' });
    assert.equal(valid, false);
    assert.deepEqual(errors.map((e) => [e.code, e.line, e.column]), [['unexpected-end', 3, 4], ['trailing-content', 4, 5]]);
    assert.deepEqual(warnings.map((e) => [e.code, e.line, e.column]), [['duplicate-key', 5, 8]]);
  });
  it('gives the same answer from a stream of chunks cut anywhere', async () => {
    const bytes = encoder.encode(text);
    const whole = await validateNdjson(bytes, { duplicateKeys: 'warn' });
    for (const size of [1, 2, 5, 64]) {
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      }
      assert.deepEqual(await validateNdjson(chunks(), { duplicateKeys: 'warn' }), whole, `chunks of ${size}`);
    }
  });
  it('streams a large input through the module in slices', async () => {
    const line = encoder.encode('{"id": 12345678901234567890, "tags": ["a", "b"], "text": "ünïcödé"}\n');
    const count = 40000; // about 2.9 MB: several slices
    async function* chunks() {
      for (let i = 0; i < count; i++) yield i === count - 7 ? encoder.encode('{"broken": }\n') : line;
    }
    const { valid, errors } = await validateNdjson(chunks());
    assert.equal(valid, false);
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.offset]), [[count - 6, 12, (count - 7) * line.length + 11]]);
  });
  it('keeps the first 1000 diagnostics of a stream, and still says it is invalid', async () => {
    async function* chunks() {
      for (let i = 0; i < 1500; i++) yield encoder.encode('{"k":1,"k":2}\n');
      yield encoder.encode('[1,]\n');
    }
    const { valid, errors, warnings } = await validateNdjson(chunks(), { duplicateKeys: 'warn' });
    assert.equal(valid, false);
    assert.equal(warnings.length + errors.length, 1000);
  });
  it('formats each document on its line', async () => {
    assert.equal(await formatNdjson('{"b": 1, "a": [1, 2]}\n\n  \n"x"', { sortKeys: true }), '{"a":[1,2],"b":1}\n"x"\n');
    await rejectsWith(formatNdjson('1\n[\n'), 'E_INVALID_INPUT', { line: 2 });
  });
});

describe('corpus properties: every y_ conformance file and the 12 bench files', () => {
  const files = [...corpusFiles(CONFORMANCE_DIR).filter((f) => path.basename(f).startsWith('y_')), ...corpusFiles(BENCH_DIR)];
  it('format is idempotent, minify(format(x)) == minify(x), JSON.parse(format(x)) deep-equals JSON.parse(x)', async () => {
    assert.ok(files.length > 80, `only ${files.length} files`);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const name = path.basename(file);
      const expected = JSON.parse(new TextDecoder().decode(bytes));
      const pretty = await formatJson(bytes);
      assert.equal(await formatJson(pretty), pretty, `${name}: format is not idempotent`);
      const small = await minifyJson(bytes);
      assert.equal(await minifyJson(pretty), small, `${name}: minify(format(x)) != minify(x)`);
      assert.deepEqual(JSON.parse(pretty), expected, `${name}: format changed the value`);
      assert.deepEqual(JSON.parse(small), expected, `${name}: minify changed the value`);
      const sorted = await formatJson(bytes, { sortKeys: true, indent: '\t' });
      assert.deepEqual(JSON.parse(sorted), expected, `${name}: sortKeys changed the value`);
      assert.equal(await formatJson(sorted, { sortKeys: true, indent: '\t' }), sorted, `${name}: sorted format is not idempotent`);
      assert.deepEqual(JSON.parse(await minifyJson(bytes, { asciiOnly: true })), expected, `${name}: asciiOnly changed the value`);
    }
  });
});
