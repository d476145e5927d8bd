// Repeated keys through the package API: queryJson follows the last repeat, as
// JSON.parse does, and the duplicate-key check stays linear on hostile input
// (one key repeated; keys crafted against its hash table's FNV-1a hash).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queryJson, validateJson } from 'wasmod';

/** The value JSON.parse gives for an RFC 6901 pointer (no ~ escapes here), or undefined. */
function parsedAt(text, pointer) {
  let value = JSON.parse(text);
  for (const token of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, token)) return undefined;
    value = value[token];
  }
  return value;
}

describe('queryJson: repeated keys', () => {
  it('follows the last repeat, like JSON.parse', async () => {
    assert.equal(await queryJson('{"role":"user","role":"admin"}', '/role'), '"admin"');
    const cases = [
      ['{"a":1,"b":{"a":2},"\\u0061":3}', '/a'],
      ['{"a":{"c":2},"a":{"b":1}}', '/a/b'],
      ['{"a":{"b":1},"a":{"c":2}}', '/a/b'],
      ['{"x":{"y":1},"x":{"y":2,"y":3}}', '/x/y'],
      ['{"a":{"b":1,"b":2},"c":{"b":3}}', '/a/b'],
      ['{"a":[1,2],"a":"x"}', '/a/1'],
      ['{"a":[{"k":1},{"k":2}],"a":[{"k":3}]}', '/a/1/k'],
      ['{"a":[{"k":1},{"k":2}],"a":[{"k":3}]}', '/a/0/k'],
      ['{"a":{"b":{"c":1}},"a":{"b":{"c":2}},"d":{"a":0}}', '/a'],
    ];
    for (const [text, pointer] of cases) {
      const found = await queryJson(text, pointer);
      assert.deepEqual(found === undefined ? undefined : JSON.parse(found), parsedAt(text, pointer), `${pointer} in ${text}`);
    }
  });
});

/**
 * Object keys whose 64-bit FNV-1a hashes (the check's hash, its basis xored
 * with the object's serial number, 1 for the outermost object) agree in their
 * low `bits` bits: those depend only on the low bits of the state before, so
 * two 3-byte blocks that lead one state to the same low bits make a stage, and
 * stages chain. 2^stages keys of 3 * stages alphanumeric bytes.
 */
function collidingKeys(stages, bits = 20) {
  const mod = 2 ** bits;
  const step = (state, byte) => ((state ^ byte) * 0x1b3) % mod; // exact: below 2^53
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let state = (0xcbf29ce484222325n ^ 1n) % BigInt(mod);
  state = Number(state);
  const pairs = [];
  for (let s = 0; s < stages; s++) {
    const seen = new Map();
    search: for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) {
      const block = a + b + c;
      const next = [...block].reduce((h, ch) => step(h, ch.charCodeAt(0)), state);
      if (!seen.has(next)) { seen.set(next, block); continue; }
      pairs.push([seen.get(next), block]);
      state = next;
      break search;
    }
  }
  let keys = [''];
  for (const pair of pairs) keys = keys.flatMap((key) => pair.map((block) => key + block));
  return keys;
}

/** The process time (all threads) fn takes, in ms: what other processes do counts less. */
async function cpuTime(fn) {
  const before = process.cpuUsage();
  await fn();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

/**
 * Hostile input four times as big may take at most 2.5 times the growth of a
 * plain input of the same sizes (linear work grows about the same; quadratic
 * four times more), so that caches filling up do not count against it; the
 * best of several runs, taken in turns, so that a busy machine does not either.
 */
async function assertGrowth(what, hostile, plain) {
  const runs = [plain[0], hostile[0], plain[1], hostile[1]];
  const best = [Infinity, Infinity, Infinity, Infinity];
  for (let turn = 0; turn < 9; turn++) {
    for (let i = 0; i < 4; i++) {
      if (i === 3 && turn && best[3] > 20 * best[1]) continue; // hopeless: once is enough
      best[i] = Math.min(best[i], await cpuTime(runs[i]));
    }
  }
  const detail = `${best[1].toFixed(2)} ms, four times the input ${best[3].toFixed(2)} ms (plain input: ${best[0].toFixed(2)} ms, ${best[2].toFixed(2)} ms)`;
  if (process.env.WASMOD_TEST_VERBOSE) console.log(`${what}: ${detail}`);
  assert.ok(best[3] / best[1] <= (2.5 * best[2]) / best[0], `${what}: ${detail}`);
}

describe('validateJson: duplicate keys on hostile input', () => {
  it('reports every repeat of one key in linear time', async () => {
    const texts = [20000, 80000].map((n) => '{' + '"a":0,\n'.repeat(n) + '"a":0}');
    const warned = await validateJson(texts[0], { duplicateKeys: 'warn' });
    assert.equal(warned.warnings.length, 1000); // the first 1000 are kept
    assert.equal(warned.warnings[999].message, 'duplicate key "a" in an object: it first appears at line 1, column 2');
    assert.deepEqual([warned.warnings[999].line, warned.warnings[999].column], [1001, 1]);
    await assertGrowth(
      'a key repeated',
      texts.map((text) => () => validateJson(text, { duplicateKeys: 'warn' })),
      texts.map((text) => () => validateJson(text)),
    );
  });

  it('finds repeats among keys whose hashes share their low bits, in linear time', async () => {
    const keys = collidingKeys(14);
    const member = (key) => `"${key}":0`;
    const repeated = `{${keys.slice(0, 2048).map(member).join(',')},${keys.slice(0, 2048).filter((_, i) => i % 100 === 7).map(member).join(',')}}`;
    const { valid, warnings } = await validateJson(repeated, { duplicateKeys: 'warn' });
    assert.equal(valid, true);
    assert.equal(warnings.length, 21);
    assert.equal(warnings[0].message, `duplicate key "${keys[7]}" in an object: it first appears at column ${2 + 7 * (keys[0].length + 5)} of this line`);

    const hostile = [1 << 12, 1 << 14].map((n) => `{${keys.slice(0, n).map(member).join(',')}}`);
    // the same sizes, keys with unrelated hashes
    const plain = [1 << 12, 1 << 14].map((n) => `{${keys.slice(0, n).map((key, i) => member(i.toString(36).padStart(key.length, '0'))).join(',')}}`);
    const options = { duplicateKeys: 'error' };
    await assertGrowth(
      'keys whose hashes share their low bits',
      hostile.map((text) => () => validateJson(text, options)),
      plain.map((text) => () => validateJson(text, options)),
    );
  });
});
