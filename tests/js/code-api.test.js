// The code API through the default runtime (WebAssembly): ESLint's own
// one-construct cases, language selection, and the inputs that must get a
// clean answer rather than a crash or a hang.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeCode, codeLanguageOf, createRuntime, outlineCode, queryCode, validateCode, WasmodError } from '../../bindings/js/index.js';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { ORACLE_DIR } from './code-corpus.js';
import { MODULE_DIR, ROOT } from './helpers.js';

const { cases } = JSON.parse(readFileSync(path.join(ORACLE_DIR, 'eslint-complexity-cases.json'), 'utf8'));

test('ESLint complexity cases: every construct counts as ESLint counts it', async () => {
  for (const c of cases) {
    if (c.options.variant === 'modified') continue; // wasmod counts the classic variant
    const { functions } = await analyzeCode(c.code, { language: c.language });
    const ours = functions.map((f) => [f.complexity, f.maxNesting]).sort();
    const eslint = c.reports.map((r) => [r.complexity, r.maxDepth ?? 0]).sort();
    assert.deepEqual(ours, eslint, `${c.title}: ${c.code}`);
    for (const r of c.reports) {
      const quoted = /'(.*)'$/.exec(r.name) ?? /(#\S+)$/.exec(r.name);
      if (quoted) assert.ok(functions.some((f) => f.name === quoted[1] && f.params === r.params), `${c.title}: ${r.name}`);
    }
  }
});

test('analyze: names, kinds, classes, imports, exports and totals', async () => {
  const source = [
    "import fs from 'node:fs';",
    '// a comment',
    '',
    'export class A { static s() {} get x() { return 1; } m = () => 0; }',
    'export const f = async (a, b = 1) => a ?? b;',
    'const o = { k: function () {} };',
  ].join('\n');
  const a = await analyzeCode(source, { filename: 'a.mjs' });
  assert.deepEqual(a.functions.map((f) => [f.name, f.kind, f.class ?? null]), [
    ['s', 'method', 'A'], ['x', 'getter', 'A'], ['m', 'initializer', 'A'], ['m', 'arrow', null], ['f', 'arrow', null], ['k', 'function', null],
  ]);
  assert.deepEqual(a.classes.map((c) => [c.name, c.methods]), [['A', ['s', 'x', 'm']]]);
  assert.deepEqual(a.imports, [{ source: 'node:fs', line: 1 }]);
  assert.deepEqual(a.exports.map((e) => e.name), ['A', 'f']);
  assert.deepEqual(a.totals, { lines: 6, codeLines: 4, commentLines: 1, blankLines: 1, functions: 6, complexityAvg: 1.33, complexityMax: 3 });
  const f = a.functions.find((fn) => fn.name === 'f');
  assert.deepEqual([f.startLine, f.startColumn, f.endLine, f.endColumn, f.params, f.complexity], [5, 18, 5, 44, 2, 3]);
});

test('analyze: code with syntax errors is analysed as far as the parser recovers', async () => {
  const a = await analyzeCode('function ok(a) { return a || 1; }\nfunction broken( { if (x) }\nfunction after() {}\n', { language: 'javascript' });
  assert.ok(a.syntaxErrors > 0);
  assert.ok(a.functions.some((f) => f.name === 'ok' && f.complexity === 2));
  assert.ok(a.functions.some((f) => f.name === 'after'));
  assert.ok(a.diagnostics.every((d) => d.severity === 'warning'));
});

test('validate: messages and positions a person understands', async () => {
  const v = await validateCode('const é = f(a, b;\n', { language: 'js' });
  assert.equal(v.valid, false);
  assert.equal(v.errors[0].message, "missing ')'");
  assert.deepEqual([v.errors[0].line, v.errors[0].column, v.errors[0].offset], [1, 17, 17]);
  assert.deepEqual(await validateCode('x = 1\n', { language: 'python' }), { valid: true, errors: [], warnings: [] });
  assert.deepEqual(await validateCode('interface I<in out T> { x: T }\n', { language: 'typescript' }), { valid: true, errors: [], warnings: [] });
  const ts = await validateCode('type E<in /* c */ out T> = T\n', { language: 'typescript' });
  assert.ok(ts.valid && ts.warnings.length > 0 && ts.warnings.every((w) => w.code === 'grammar-limit'), JSON.stringify(ts));
  const c = await validateCode('int f(void) { FOREACH(x, y) { g(); } return 0; }\n', { language: 'c' });
  assert.ok(c.valid && c.warnings[0].code === 'grammar-limit' && /macro/.test(c.warnings[0].message), JSON.stringify(c));
  assert.equal((await validateCode('int f(void) { return 0 }\n', { language: 'c' })).errors[0].message, "missing ';'");
});

test('outline and query', async () => {
  const o = await outlineCode('class A:\n    def m(self):\n        def inner(): pass\n\ndef f(): pass\n', { language: 'python' });
  assert.deepEqual(JSON.parse(JSON.stringify(o.symbols, ['name', 'kind', 'children'])), [
    { name: 'A', kind: 'class', children: [{ name: 'm', kind: 'method', children: [{ name: 'inner', kind: 'function', children: [] }] }] },
    { name: 'f', kind: 'function', children: [] },
  ]);
  const q = await queryCode('int a; int b;', '(declaration declarator: (identifier) @name)', { language: 'c' });
  assert.deepEqual(q.captures.map((c) => [c.name, c.text, c.startColumn]), [['name', 'a', 5], ['name', 'b', 12]]);
});

test('language selection: language, alias or filename; unknown ones are clear errors', async () => {
  assert.equal(codeLanguageOf({ filename: 'x/y.TSX' }), 'tsx');
  assert.equal(codeLanguageOf({ language: 'py' }), 'python');
  await assert.rejects(analyzeCode('x', { language: 'cobol' }), (e) => e instanceof WasmodError && e.code === 'E_MODULE_NOT_FOUND' && /cobol/.test(e.message));
  await assert.rejects(analyzeCode('x', { filename: 'x.rs' }), (e) => e.code === 'E_MODULE_NOT_FOUND' && /x\.rs/.test(e.message));
  await assert.rejects(analyzeCode('x'), (e) => e.code === 'E_BAD_OPTIONS');
});

test('bad input: a malformed query says where', async () => {
  await assert.rejects(queryCode('x', '(identifier @id', { language: 'js' }), (e) => e.code === 'E_BAD_OPTIONS' && /offset \d+ \(line 1, column \d+\)/.test(e.message));
  await assert.rejects(queryCode('x', '(no_such_node) @n', { language: 'js' }), (e) => e.code === 'E_BAD_OPTIONS' && /unknown node type at offset 1/.test(e.message));
});

test('beyond ASCII, every engine classifies characters alike (spaces, letters, query names)', async () => {
  // The C libraries disagree here (glibc knows only ASCII, musl Unicode): these once parsed differently natively.
  const engines = ['wasm-simd', 'wasm-scalar', ...(loadNativeAddon().addon ? ['native'] : [])];
  const runtimes = await Promise.all(engines.map((e) => createRuntime({ engines: [e] })));
  const calls = [
    ['code-javascript', 'validate', 'let a = 1\u3000\nfoo(a\u2028, b)\nx\u2000++\ny\n'],
    ['code-typescript', 'validate', 'let a = b\nin\u00e4 = 1\nlet c = d\ninstanceof\u00e9 = 2\n'],
    ['code-javascript', 'query', 'let na\u00efve = 1', { query: '(identifier) @na\u00efve' }],
    ['code-javascript', 'query', 'let x = 1', { query: '(identifier)\u3000@id' }],
  ];
  for (const [module, op, source, options] of calls) {
    const answers = await Promise.all(runtimes.map((rt) => rt.call(module, op, source, options).then(
      (r) => `${r.status} ${new TextDecoder().decode(r.output)} ${JSON.stringify(r.diagnostics)}`,
      (e) => `${e.code} ${e.message}`,
    )));
    for (const [i, answer] of answers.entries()) assert.equal(answer, answers[0], `${module} ${op} ${JSON.stringify(source)}: ${engines[i]} differs from ${engines[0]}`);
    assert.match(answers[0], /^ok /, `${module} ${op} ${JSON.stringify(source)}`);
  }
  await Promise.all(runtimes.map((rt) => rt.close()));
});

test('bad input: empty, binary garbage and invalid UTF-8', async () => {
  const empty = await analyzeCode('', { language: 'c' });
  assert.deepEqual([empty.functions, empty.totals.lines, empty.syntaxErrors], [[], 0, 0]);
  assert.equal((await validateCode(new Uint8Array(0), { language: 'python' })).valid, true);

  const garbage = new Uint8Array(1 << 14);
  let x = 7;
  for (let i = 0; i < garbage.length; i++) garbage[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  for (const language of ['javascript', 'typescript', 'tsx', 'python', 'c']) {
    const v = await validateCode(garbage, { language });
    assert.equal(v.valid, false);
    assert.equal(v.errors[0].code, 'invalid-utf8');
    const a = await analyzeCode(garbage, { language });
    assert.ok(a.diagnostics.length > 1 && a.diagnostics.every((d) => d.severity === 'warning'));
  }
  const latin1 = new Uint8Array([...new TextEncoder().encode('def f():\n    return "'), 0xe9, ...new TextEncoder().encode('"\n')]);
  const a = await analyzeCode(latin1, { language: 'python' });
  assert.equal(a.functions[0].name, 'f');
  assert.equal(a.diagnostics[0].code, 'invalid-utf8');
  assert.equal(a.diagnostics[0].offset, 21);
});

test('bad input: 10,000-deep nesting', async () => {
  const depth = 10000;
  const nested = 'function f(){if(a){'.repeat(depth) + '}}'.repeat(depth);
  const a = await analyzeCode(nested, { language: 'javascript' });
  assert.equal(a.totals.functions, depth);
  assert.equal(a.functions[0].maxNesting, 1);
  const unclosed = await validateCode('('.repeat(depth), { language: 'python' });
  assert.equal(unclosed.valid, false);
  const outline = await outlineCode(nested, { language: 'javascript' });
  assert.equal(outline.symbols.length, 1);
});

test('bad input: a 50 MB file gets a clean limit error; maxBytes raises the limit', async () => {
  const unit = 'function f(a) { return a ? 1 : 2; }\n';
  const big = new TextEncoder().encode(unit.repeat(Math.ceil(50e6 / unit.length)));
  await assert.rejects(analyzeCode(big, { language: 'javascript' }),
    (e) => e.code === 'E_LIMIT_EXCEEDED' && e.diagnostics[0].code === 'input-too-large' && /maxBytes/.test(e.message));
  const small = big.subarray(0, 2e6 - (2e6 % unit.length));
  const a = await analyzeCode(small, { language: 'javascript', maxBytes: 4e6 });
  assert.equal(a.totals.functions, small.length / unit.length);
});

test('modules: one per language and variant, importing only their memory, with the grammar in the manifest', async () => {
  const index = JSON.parse(readFileSync(path.join(MODULE_DIR, 'index.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')).packages;
  for (const [language, pkg] of [['javascript', 'tree-sitter-javascript'], ['typescript', 'tree-sitter-typescript'], ['tsx', 'tree-sitter-typescript'], ['python', 'tree-sitter-python'], ['c', 'tree-sitter-c']]) {
    const entry = index.modules.find((m) => m.name === `code-${language}`);
    assert.equal(entry.language, language);
    assert.deepEqual(entry.grammar, { package: pkg, version: lock[`node_modules/${pkg}`].version, abi: entry.grammar.abi });
    assert.ok(entry.grammar.abi >= 13 && entry.grammar.abi <= 15);
    assert.ok(entry.extensions.length > 0);
    assert.deepEqual(entry.ops.map((op) => op.name), ['validate', 'analyze', 'outline', 'query']);
    for (const variant of ['simd', 'scalar']) {
      const module = new WebAssembly.Module(readFileSync(path.join(MODULE_DIR, entry.variants[variant].file)));
      assert.deepEqual(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).sort(),
        ['env.emscripten_notify_memory_growth', 'env.memory'], `${entry.variants[variant].file} imports`);
    }
  }
});
