// Query predicates (#eq?, #match?, #any-of?, ...) and directives: the grammar
// packages' own queries give the same captures through queryCode as through
// web-tree-sitter (with the grammars' own .wasm files), and every predicate
// and malformed predicate has a unit test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Language, Parser, Query } from 'web-tree-sitter';
import { createRuntime, queryCode } from '../../bindings/js/index.js';
import { ROOT } from './helpers.js';

const NM = path.join(ROOT, 'node_modules');
const read = (file) => readFileSync(path.join(NM, file), 'utf8');

const JS_SOURCE = `const FOO_BAR = 1, Foo = 2, x_y = 3;
class Widget extends Base { constructor(a, b = 2) { super(a); this.b = b; } get size() { return 1; } }
new Widget(arguments, module, console, window, document);
const m = require('fs'); import('y'); requireX('z');
function f(a, { b, c }, ...rest) { let x = a; return x + b + rest.length; }
const el = <div className="a"><Foo.Bar /><span>{m}</span><Widget/></div>;
const re = /ab+c/g, t = \`t \${x}\`, h = html\`<p>\${x}</p>\`, g = gql\`{ a }\`;
// a comment
/** @param {string} a */
function g2(a) {}
`;

const PY_SOURCE = `import os
from x import Y as Z

MAX_SIZE = 10
class Point(Base):
    """Doc."""
    def __init__(self, x, y=2, *args, **kw):
        self.x = print(len(args), x)
        return None

def f(a: int) -> str:
    return f"{a!r}" if a else Point(True, False, None).__class__
@decorator
def g(): pass
`;

const C_SOURCE = `#include <stdio.h>
#define MAX_LEN 10
#define SQUARE(x) ((x) * (x))
typedef struct point { int x, y; } point_t;
enum color { RED, GREEN_2, blue };
static int FOO = MAX_LEN;
int main(int argc, char **argv) { point_t p = {0}; printf("%d\\n", SQUARE(argc)); return RED + NULL; }
`;

const TS_SOURCE = `interface Shape<T> { area(): number; readonly name?: string }
abstract class Square<T extends object> implements Shape<T> {
  private side = 1; constructor(public readonly n: number, opt?: string) { super(); }
  area(): number { return this.side ** 2 }
}
type U = Array<Map<string, Foo>>; enum E { A, B }
declare module 'm' { export function f(x: unknown): void }
const c = <T,>(v: T): T => v as T;
`;

const TSX_SOURCE = `import React from 'react';
export function App({ items }: { items: string[] }) {
  return <ul className="x">{items.map((i) => <li key={i}><Foo.Item /></li>)}</ul>;
}
`;

const CASES = [
  {
    language: 'javascript',
    grammar: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
    queries: ['highlights.scm', 'highlights-jsx.scm', 'highlights-params.scm', 'injections.scm', 'locals.scm', 'tags.scm']
      .map((f) => `tree-sitter-javascript/queries/${f}`),
    sources: { inline: JS_SOURCE, 'grammar.js': read('tree-sitter-javascript/grammar.js') },
  },
  {
    language: 'typescript',
    grammar: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
    queries: ['highlights.scm', 'locals.scm', 'tags.scm'].map((f) => `tree-sitter-typescript/queries/${f}`)
      .concat(['tree-sitter-javascript/queries/highlights.scm']),
    sources: { inline: TS_SOURCE, 'query.ts': read('web-tree-sitter/src/query.ts') },
  },
  {
    language: 'tsx',
    grammar: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
    queries: ['tree-sitter-typescript/queries/highlights.scm', 'tree-sitter-javascript/queries/highlights-jsx.scm'],
    sources: { inline: TSX_SOURCE },
  },
  {
    language: 'python',
    grammar: 'tree-sitter-python/tree-sitter-python.wasm',
    queries: ['highlights.scm', 'tags.scm'].map((f) => `tree-sitter-python/queries/${f}`),
    sources: { inline: PY_SOURCE, 'flatted.py': read('flatted/python/flatted.py') },
  },
  {
    language: 'c',
    grammar: 'tree-sitter-c/tree-sitter-c.wasm',
    queries: ['highlights.scm', 'tags.scm'].map((f) => `tree-sitter-c/queries/${f}`),
    sources: { inline: C_SOURCE, 'tree_cursor.c': read('tree-sitter/vendor/tree-sitter/lib/src/tree_cursor.c') },
  },
];

/** For each UTF-8 byte offset of text, its UTF-16 index (web-tree-sitter's startIndex). */
function utf16Index(text) {
  const bytes = Buffer.byteLength(text);
  const map = new Uint32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i);
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return map;
}

const props = (p) => (p && Object.keys(p).length ? { ...p } : undefined);

await Parser.init();

for (const { language, grammar, queries, sources } of CASES) {
  test(`grammar queries, ${language}: the same captures as web-tree-sitter`, async (t) => {
    const lang = await Language.load(path.join(NM, grammar));
    const parser = new Parser();
    parser.setLanguage(lang);
    for (const queryFile of queries) {
      const queryText = read(queryFile);
      const query = new Query(lang, queryText);
      const hasPredicates = /\(#/.test(queryText);
      for (const [name, source] of Object.entries(sources)) {
        const tree = parser.parse(source);
        const theirs = query.captures(tree.rootNode).map((c) => ({
          name: c.name, pattern: c.patternIndex, type: c.node.type, start: c.node.startIndex, end: c.node.endIndex,
          setProperties: props(c.setProperties), assertedProperties: props(c.assertedProperties),
          refutedProperties: props(c.refutedProperties),
        }));
        const index = utf16Index(source);
        const result = await queryCode(source, queryText, { language });
        const ours = result.captures.map((c) => ({
          name: c.name, pattern: c.pattern, type: c.type, start: index[c.startOffset], end: index[c.endOffset],
          setProperties: c.setProperties, assertedProperties: c.assertedProperties, refutedProperties: c.refutedProperties,
        }));
        t.diagnostic(`${queryFile} on ${name}: ${ours.length} captures here, ${theirs.length} in web-tree-sitter`);
        assert.deepEqual(ours, theirs, `${queryFile} on ${name}`);
        const directives = query.predicates.flatMap((list, pattern) => list.map((p) => ({ pattern, ...p })));
        assert.deepEqual(result.directives ?? [], directives, `${queryFile}: directives`);
        tree.delete();
        if (hasPredicates && name === 'inline') assert.ok(ours.length > 0);
      }
      query.delete();
    }
    parser.delete();
  });
}

const languages = {};
/** The captures (name:text) of a JavaScript query, here and in web-tree-sitter, which must agree. */
async function texts(source, queryText) {
  languages.javascript ??= await Language.load(path.join(NM, 'tree-sitter-javascript/tree-sitter-javascript.wasm'));
  const parser = new Parser();
  parser.setLanguage(languages.javascript);
  const query = new Query(languages.javascript, queryText);
  const tree = parser.parse(source);
  const theirs = query.captures(tree.rootNode).map((c) => `${c.name}:${c.node.text}`);
  tree.delete();
  query.delete();
  parser.delete();
  const ours = (await queryCode(source, queryText, { language: 'javascript' })).captures.map((c) => `${c.name}:${c.text}`);
  assert.deepEqual(ours, theirs, `${queryText} on ${source}`);
  return ours;
}

// Two nodes under one capture name (@x twice): the plain forms want every node to pass, the any- forms one.
const PAIRS = 'f(a, a); f(a, b); f(b, b);';
const calls = async (predicate) => (await texts(PAIRS,
  `((call_expression arguments: (arguments . (identifier) @x . (identifier) @x .)) @c (${predicate}))`))
  .filter((c) => c.startsWith('c:')).map((c) => c.slice(2));

test('#eq? and its forms: with a string, with another capture, over several nodes of a capture', async () => {
  const src = 'foo; bar; foo';
  assert.deepEqual(await texts(src, '((identifier) @x (#eq? @x "foo"))'), ['x:foo', 'x:foo']);
  assert.deepEqual(await texts(src, '((identifier) @x (#not-eq? @x "foo"))'), ['x:bar']);
  assert.deepEqual(await texts(src, '((identifier) @x (#any-eq? @x foo))'), ['x:foo', 'x:foo']);
  assert.deepEqual(await texts(src, '((identifier) @x (#any-not-eq? @x "foo"))'), ['x:bar']);
  assert.deepEqual(await calls('#eq? @x "a"'), ['f(a, a)']);
  assert.deepEqual(await calls('#any-eq? @x "b"'), ['f(a, b)', 'f(b, b)']);
  assert.deepEqual(await calls('#not-eq? @x "a"'), ['f(b, b)']);
  assert.deepEqual(await calls('#any-not-eq? @x "a"'), ['f(a, b)', 'f(b, b)']);
  const two = (op) => `((call_expression arguments: (arguments (identifier) @x (identifier) @y)) @c (#${op} @x @y))`;
  assert.deepEqual((await texts(PAIRS, two('eq?'))).filter((c) => c.startsWith('c:')), ['c:f(a, a)', 'c:f(b, b)']);
  assert.deepEqual((await texts(PAIRS, two('not-eq?'))).filter((c) => c.startsWith('c:')), ['c:f(a, b)']);
  // No node captured: #eq? holds (every one of none), #any-eq? does not.
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#eq? @x "a"))'), ['arr:[]']);
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#any-eq? @x "a"))'), []);
});

test('#match? and its forms: JavaScript regular expressions, searched in the text', async () => {
  const src = 'FOO; Bar; baz; x1; _y;';
  const q = (op, re) => `((identifier) @x (#${op} @x "${re}"))`;
  assert.deepEqual(await texts(src, q('match?', '^[A-Z][A-Z\\\\d_]*$')), ['x:FOO']);
  assert.deepEqual(await texts(src, q('match?', '^[A-Z]')), ['x:FOO', 'x:Bar']);
  assert.deepEqual(await texts(src, q('not-match?', '^[A-Z]')), ['x:baz', 'x:x1', 'x:_y']);
  assert.deepEqual(await texts(src, q('match?', 'a')), ['x:Bar', 'x:baz']); // anywhere, not anchored
  assert.deepEqual(await texts(src, q('match?', '\\\\d$|^_')), ['x:x1', 'x:_y']);
  assert.deepEqual(await texts(src, q('match?', '^(?:ba|fo){1,2}[rz]$')), ['x:baz']);
  assert.deepEqual(await texts(src, q('match?', '^\\\\w{3}$')), ['x:FOO', 'x:Bar', 'x:baz']);
  assert.deepEqual(await texts(src, q('match?', '\\\\bx')), ['x:x1']);
  assert.deepEqual(await texts(src, q('match?', 'a{2}|[^\\\\s\\\\S]|(?:)z')), ['x:baz']);
  assert.deepEqual(await calls('#match? @x "a"'), ['f(a, a)']);
  assert.deepEqual(await calls('#any-match? @x "a"'), ['f(a, a)', 'f(a, b)']);
  assert.deepEqual(await calls('#not-match? @x "a"'), ['f(b, b)']);
  assert.deepEqual(await calls('#any-not-match? @x "a"'), ['f(a, b)', 'f(b, b)']);
  // No node captured: only the not- forms hold.
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#match? @x "a"))'), []);
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#not-match? @x "a"))'), ['arr:[]']);
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#any-not-match? @x "a"))'), ['arr:[]']);
  // Beyond ASCII: the text is read as UTF-16 code units, as a RegExp without flags reads it.
  assert.deepEqual(await texts('x = "\u{1F600}"', '((string_fragment) @s (#match? @s "^..$"))'), ['s:\u{1F600}']);
  assert.deepEqual(await texts('na\u00efve; \u03c0;', q('match?', '^na[\u00e0-\u00ff]ve$|^.$')), ['x:na\u00efve', 'x:\u03c0']);
  assert.deepEqual(await texts('x = "a\u2028b\u00a0"', '((string_fragment) @s (#match? @s "^a.b\\\\s$"))'), []);
  assert.deepEqual(await texts('x = "a\u2029b\u00a0"', '((string_fragment) @s (#match? @s "^a\\\\sb\\\\s$"))'), ['s:a\u2029b\u00a0']);
});

test('#any-of? and #not-any-of?', async () => {
  const src = 'foo; bar; baz;';
  assert.deepEqual(await texts(src, '((identifier) @x (#any-of? @x "foo" "baz"))'), ['x:foo', 'x:baz']);
  assert.deepEqual(await texts(src, '((identifier) @x (#not-any-of? @x "foo" "baz"))'), ['x:bar']);
  assert.deepEqual(await texts(src, '((identifier) @x (#any-of? @x))'), []);
  // #not-any-of? holds when not every node is one of the strings (web-tree-sitter's meaning).
  assert.deepEqual(await calls('#any-of? @x "a"'), ['f(a, a)']);
  assert.deepEqual(await calls('#not-any-of? @x "a"'), ['f(a, b)', 'f(b, b)']);
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#not-any-of? @x "a"))'), ['arr:[]']);
  assert.deepEqual(await texts('[]', '((array (identifier)? @x) @arr (#any-of? @x "a"))'), []);
});

test('#set!, #is?, #is-not? are properties of every capture of their pattern; other directives are listed', async () => {
  const r = await queryCode('a; b;', '((identifier) @x (#eq? @x "b") (#set! kind var) (#set! kind let) (#is? local) (#is-not? "a" "b"))\n((expression_statement) @s (#strip! @s "^x") (#select-adjacent! @s @s) (#offset! @s 0 1 0 -1))', { language: 'javascript' });
  assert.deepEqual(r.captures.map((c) => [c.name, c.text, c.setProperties, c.assertedProperties, c.refutedProperties]), [
    ['s', 'a;', undefined, undefined, undefined],
    ['s', 'b;', undefined, undefined, undefined],
    ['x', 'b', { kind: 'let' }, { local: null }, { a: 'b' }],
  ]);
  assert.deepEqual(r.directives, [
    { pattern: 1, operator: 'strip!', operands: [{ type: 'capture', name: 's' }, { type: 'string', value: '^x' }] },
    { pattern: 1, operator: 'select-adjacent!', operands: [{ type: 'capture', name: 's' }, { type: 'capture', name: 's' }] },
    { pattern: 1, operator: 'offset!', operands: [{ type: 'capture', name: 's' }, ...['0', '1', '0', '-1'].map((value) => ({ type: 'string', value }))] },
  ]);
  assert.equal((await queryCode('a', '(identifier) @x', { language: 'javascript' })).directives, undefined);
});

test('#match? time is bounded: a large expression over a large text is E_LIMIT_EXCEEDED, not minutes', async () => {
  const source = `x = "${'ab'.repeat(100000)}";`;
  const t = performance.now();
  await assert.rejects(queryCode(source, '((program) @p (#match? @p "(?:a|b){400}c"))', { language: 'javascript' }),
    (e) => e.code === 'E_LIMIT_EXCEEDED' && e.diagnostics[0].code === 'query-limit' && /#match\?/.test(e.message));
  assert.ok(performance.now() - t < 10000);
  // The same expression on a small text, and a plain one on the large text, are answered.
  assert.equal((await queryCode('x = "ab"', '((program) @p (#match? @p "(?:a|b){400}c"))', { language: 'javascript' })).captures.length, 0);
  assert.equal((await queryCode(source, '((program) @p (#match? @p "^x = \\"(ab)+\\";$"))', { language: 'javascript' })).captures.length, 1);
});

test('malformed predicates and unsupported regular expressions are bad options that say where', async () => {
  const bad = async (query, pattern, offset) => {
    await assert.rejects(queryCode('foo', query, { language: 'javascript' }), (e) => {
      assert.equal(e.code, 'E_BAD_OPTIONS');
      assert.match(e.message, pattern);
      assert.match(e.message, new RegExp(`at offset ${offset} \\(`));
      return true;
    });
  };
  await bad('((identifier) @x (#frobnicate? @x "foo"))', /unknown predicate '#frobnicate\?'/, 18);
  await bad('((identifier) @x\n  (#eq? @x))', /wrong number of arguments to '#eq\?'.*line 2, column 4/, 20);
  await bad('((identifier) @x (#eq? "foo" @x))', /first argument of '#eq\?' must be a capture/, 18);
  await bad('((identifier) @x (#match? @x @x))', /second argument of '#match\?' must be a string/, 18);
  await bad('((identifier) @x (#match? @x "a" "b"))', /wrong number of arguments to '#match\?'/, 18);
  await bad('((identifier) @x (#any-of? "a"))', /first argument of '#any-of\?' must be a capture/, 18);
  await bad('((identifier) @x (#any-of? @x "a" @x))', /after the capture must be strings/, 18);
  await bad('((identifier) @x (#set!))', /wrong number of arguments to '#set!'/, 18);
  await bad('((identifier) @x (#is? @x))', /arguments of '#is\?' must be strings/, 18);
  await bad('((identifier) @x (#is-not? a b c))', /wrong number of arguments to '#is-not\?'/, 18);
  await bad('((identifier) @x (#strip! @x))', /wrong arguments to '#strip!'/, 18);
  await bad('((identifier) @x (#lua-match? @x "a"))', /unknown predicate '#lua-match\?'/, 18);
  await bad('((identifier) @x (#not-any-eq? @x "a"))', /unknown predicate/, 18);
  await bad('(identifier) @a ((identifier) @x (#eq? @x "a") (#match? @x "(?=a)"))', /lookahead is not supported/, 48);
  for (const [re, what] of [
    ['(?<=a)b', /lookbehind/], ['(a)\\\\1', /backreferences/], ['\\\\p{L}', /escape is not supported/],
    ['(?i)a', /invalid group/], ['a{2,1}', /out of order/], ['*a', /nothing to repeat/], ['^*', /nothing to repeat/],
    ['[b-a]', /out of order/], ['(a', /without its '\)'/], ['a)', /without its '\('/], ['[a', /without its '\]'/],
    ['\\\\u{41}', /u flag/], ['(?:a{1000}){1000}', /too large/],
  ]) await bad(`((identifier) @x (#match? @x "${re}"))`, what, 18);
});

test('parity: the grammar queries give the same bytes on every engine', async () => {
  const engines = ['wasm-simd', 'wasm-scalar', 'native'];
  const runtimes = await Promise.all(engines.map((e) => createRuntime({ engines: [e] })));
  try {
    for (const { language, queries, sources } of CASES) {
      for (const queryFile of queries) {
        const outputs = [];
        for (const rt of runtimes) {
          const r = await rt.call(`code-${language}`, 'query', sources.inline, { query: read(queryFile) });
          outputs.push([r.engine, Buffer.from(r.output)]);
        }
        assert.ok(new Set(outputs.map(([engine]) => engine)).size >= 2, 'two engines at least');
        for (const [engine, bytes] of outputs.slice(1)) assert.deepEqual(bytes, outputs[0][1], `${queryFile}: ${engine} differs`);
      }
    }
  } finally {
    await Promise.all(runtimes.map((rt) => rt.close()));
  }
});
