// What wasmod does with each i_ file of the conformance corpus (where RFC 8259
// leaves the choice to the parser) is a documented choice, tested here:
// - numbers of any size or exponent are accepted: they are kept as lexemes, never rounded;
// - 500 nested arrays are accepted (the default maxDepth is 10000);
// - escaped lone or misordered surrogates are rejected unless allowLoneSurrogates;
// - a UTF-8 BOM is rejected unless allowBom;
// - anything that is not UTF-8 (invalid or overlong sequences, Latin-1, UTF-16) is
//   always rejected, located at the offending byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatJson, validateJson } from 'wasmod';
import { CONFORMANCE_DIR, corpusFiles } from './helpers.js';

const LONE_SURROGATES = [
  'i_string_1st_surrogate_but_2nd_missing.json', 'i_string_1st_valid_surrogate_2nd_invalid.json',
  'i_string_incomplete_surrogate_and_escape_valid.json', 'i_string_incomplete_surrogate_pair.json',
  'i_string_incomplete_surrogates_escape_valid.json', 'i_string_invalid_lonely_surrogate.json',
  'i_string_inverted_surrogates_U+1D11E.json', 'i_string_lone_second_surrogate.json',
];
const NOT_UTF8 = [
  'i_string_UTF-16LE_with_BOM.json', 'i_string_UTF-8_invalid_sequence.json', 'i_string_invalid_utf-8.json',
  'i_string_iso_latin_1.json', 'i_string_lone_utf8_continuation_byte.json', 'i_string_not_in_unicode_range.json',
  'i_string_overlong_sequence_6_bytes.json', 'i_string_utf16LE_no_BOM.json',
];

/** The choice for an i_ file: [valid by default, valid with the options that relax it, the error code]. */
function choice(name) {
  if (name.startsWith('i_number_') || name === 'i_structure_500_nested_arrays.json') return [true, true, null];
  if (LONE_SURROGATES.includes(name)) return [false, true, 'lone-surrogate'];
  if (name === 'i_structure_UTF-8_BOM_empty_object.json') return [false, true, 'bom'];
  if (NOT_UTF8.includes(name)) return [false, false, null];
  return undefined;
}

describe('conformance i_ files: documented choices', () => {
  const files = corpusFiles(CONFORMANCE_DIR).filter((f) => path.basename(f).startsWith('i_'));
  const relaxed = { allowLoneSurrogates: true, allowBom: true };

  it('has a choice for every i_ file', () => {
    assert.ok(files.length >= 28, `only ${files.length} i_ files`);
    for (const file of files) assert.ok(choice(path.basename(file)), `${path.basename(file)} has no documented choice`);
  });

  it('validates each as documented, with the relaxing options or without', async () => {
    for (const file of files) {
      const name = path.basename(file);
      const bytes = new Uint8Array(readFileSync(file));
      const [byDefault, whenRelaxed, code] = choice(name);
      const plain = await validateJson(bytes);
      assert.equal(plain.valid, byDefault, name);
      if (code) assert.equal(plain.errors[0].code, code, name);
      if (!byDefault && !code) assert.ok(['invalid-utf8', 'unexpected-character'].includes(plain.errors[0].code), `${name}: ${plain.errors[0].code}`);
      assert.equal((await validateJson(bytes, relaxed)).valid, whenRelaxed, `${name} with ${JSON.stringify(relaxed)}`);
    }
  });

  it('keeps huge numbers as written when formatting', async () => {
    for (const file of files.filter((f) => path.basename(f).startsWith('i_number_'))) {
      const text = readFileSync(file, 'utf8');
      assert.equal(await formatJson(text, { indent: 0 }), text.replace(/\s+/g, ''), path.basename(file));
    }
  });
});
