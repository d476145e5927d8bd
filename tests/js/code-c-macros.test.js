// C's preprocessor where the grammar cannot read it (code_mask.c,
// code_mask_c_preprocessor): an all-capitals identifier used as an attribute
// or a qualifier of a declaration is blanked where the declaration is whole
// without it, a conditional that splits a construct is read as its first
// branch, and the source parsed again so; the shapes a C compiler rejects
// whatever the macro is stay errors or warnings. Each case is checked against
// the C compiler (`cc -fsyntax-only`, the macros defined as C code uses them)
// when there is one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeCode, queryCode, validateCode } from '../../bindings/js/index.js';

/* What the corpus's headers define these as; the parser reads them as they are. */
const DEFINES = [
  '#define FFI_HIDDEN __attribute__((visibility("hidden")))',
  '#define LZ4_FORCE_INLINE static inline',
  '#define APIENTRY',
  '#define XMLCALL',
  '#define PTRFASTCALL',
  'typedef unsigned char BOOLEAN; typedef void *PVOID; typedef unsigned long ULONG; typedef unsigned int U32;',
  'enum XML_Status { XML_STATUS_OK };',
  '',
].join('\n');

/** Whether the C compiler accepts the source (undefined when there is none), with `flags` such as -DA. */
function compilerAccepts(source, flags = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-c-'));
  try {
    writeFileSync(path.join(dir, 'a.c'), source);
    execFileSync('cc', ['-fsyntax-only', '-std=gnu11', ...flags, path.join(dir, 'a.c')], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return error.code === 'ENOENT' ? undefined : false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// [source, the functions found: name, line, column, complexity]
const masked = [
  ['LZ4_FORCE_INLINE int f(int x) { return x ? 1 : 2; }', [['f', 8, 18, 2]]],
  ['extern void ffi_call_SYSV(void *frame) FFI_HIDDEN;\nint g(int x) { return x && 1; }', [['g', 9, 1, 2]]],
  ['typedef BOOLEAN (APIENTRY *RTLGENRANDOM_FUNC)(PVOID, ULONG);\nint g(int x) { return x || 1; }', [['g', 9, 1, 2]]],
  ['int FFI_HIDDEN __attribute__((unused))\nf(int x) { if (x) return 1; return 0; }', [['f', 8, 1, 2]]],
  ['enum XML_Status XMLCALL\nXML_Parse(int len) { return len > 0 ? XML_STATUS_OK : XML_STATUS_OK; }\nconst char * XMLCALL name(void) { return "x"; }',
    [['XML_Parse', 8, 1, 2], ['name', 10, 1, 1]]],
  ['static int PTRFASTCALL f(int x) { while (x) x--; return x; }\nLZ4_FORCE_INLINE U32 g(U32 x) { return x; }', [['f', 8, 1, 2], ['g', 9, 18, 1]]],
];

// shapes a C compiler rejects whatever the macros are: they keep a diagnostic
const leftAlone = [
  'extern void f(void) FFI_HIDDEN', // no `;`
  'int f(void) FFI_HIDDEN FFI_HIDDEN(1);', // a macro call is no attribute
  'LZ4_FORCE_INLINE int f(void) { return 1 }', // the body's own error
  'int int FFI_HIDDEN f(void);', // two types
  'typedef int (APIENTRY *F)(int)', // no `;`
];

test('C attribute and qualifier macros: read where the declaration is whole without them', async () => {
  for (const [body, functions] of masked) {
    const source = DEFINES + body + '\n';
    assert.notEqual(compilerAccepts(source), false, `the C compiler accepts ${body}`);
    assert.deepEqual(await validateCode(source, { language: 'c' }), { valid: true, errors: [], warnings: [] }, body);
    const analysis = await analyzeCode(source, { language: 'c' });
    assert.deepEqual(analysis.functions.map((f) => [f.name, f.startLine, f.startColumn, f.complexity]), functions, body);
    // offsets are the source's own: each function's text is where the source has it
    for (const f of analysis.functions) assert.ok(source.slice(f.startOffset, f.endOffset).endsWith('}'), body);
  }
});

test('C attribute and qualifier macros: the shapes a compiler rejects keep their diagnostic', async () => {
  for (const body of leftAlone) {
    const source = DEFINES + body + '\n';
    assert.notEqual(compilerAccepts(source), true, `the C compiler rejects ${body}`);
    const { errors, warnings } = await validateCode(source, { language: 'c' });
    assert.ok(errors.length + warnings.length > 0, body);
  }
});

test('C attribute and qualifier macros: only where the tree has errors, and the source quoted as it is', async () => {
  // a valid source whose capitals are types is parsed as it is
  const plain = 'U32 f(U32 x) { return x; }\nstatic const BYTE *g(void) { return 0; }\n';
  const { functions } = await analyzeCode(plain, { language: 'c' });
  assert.deepEqual(functions.map((f) => [f.name, f.startOffset]), [['f', 0], ['g', 27]]);
  // a masked source: captures quote the original text, at its offsets
  const source = 'extern void f(void) FFI_HIDDEN;\nint FFI_HIDDEN g(int x) { return x; }\n';
  const { captures } = await queryCode(source, '(function_definition) @f (declaration) @d', { language: 'c' });
  assert.deepEqual(captures.map((c) => [c.name, c.startOffset, c.text]), [
    ['d', 0, 'extern void f(void) FFI_HIDDEN;'],
    ['f', 32, 'int FFI_HIDDEN g(int x) { return x; }'],
  ]);
  // inside a body, a product in parentheses is left alone
  const body = 'int f(int height) { int WIDTH = 2; return (WIDTH *height) + (WIDTH * height); }\n';
  assert.deepEqual(await validateCode(body, { language: 'c' }), { valid: true, errors: [], warnings: [] });
});

// Conditionals that split a construct, read as pmccabe reads them (its
// figures for each): the first branch kept, `#if 0` never. The C compiler
// accepts each with A defined, the configuration read.
const splitting = [
  // an if/else chain continued in a branch (libffi's ffi_prep_cif_linux64)
  ['int f(int a) {\n  if (a > 1)\n    a = 1;\n#ifdef A\n  else if (a < 0)\n    a = 2;\n#endif\n  else\n    return 0;\n  return a;\n}', [['f', 1, 1, 3]]],
  // a condition written twice (expat's XML_ParserFree)
  ['int g(int a, int b) {\n#ifdef A\n  if (a && b)\n#else\n  if (b)\n#endif\n    return 1;\n  return 0;\n}', [['g', 1, 1, 3]]],
  // an expression split (expat's gather_time_entropy, appendAttributeValue)
  ['int h(int x) {\n  int r =\n#ifdef A\n    x +\n#endif\n    x;\n  return r;\n}', [['h', 1, 1, 1]]],
  // `#if 0` holding a branch of a chain (expat's doContent): not read
  ['int k(int a) {\n  if (a) a++;\n#if 0\n  else if (a > 2) a--;\n#endif\n  else a = 0;\n  return a;\n}', [['k', 1, 1, 2]]],
  // two heads for one body
  ['#ifdef A\nint m(int a) {\n#else\nint m(long a) {\n#endif\n  return a ? 1 : 0;\n}', [['m', 2, 1, 2]]],
  // `#if 0 ... #else`: the compiler's branch
  ['int n(int a) {\n#if 0\n  if (a) {\n#else\n  while (a) {\n#endif\n    a--;\n  }\n  return a;\n}', [['n', 1, 1, 2]]],
];

// the same shapes with an error a compiler reports in one of the configurations
const unsplit = [
  // in the branch read: a `;` missing
  'int f(int a) {\n  if (a > 1)\n    a = 1;\n#ifdef A\n  else if (a < 0)\n    a = 2\n#endif\n  else\n    return 0;\n  return a;\n}',
  // branches that leave different brackets open
  '#ifdef A\nint m(int a) {\n#else\nint m(long a) {{\n#endif\n  return a ? 1 : 0;\n}',
  // a branch read that closes what it did not open, in a file whose other branch is whole
  'int h(int x) {\n#ifdef A\n  return x; }\n#else\n  return x;\n#endif\n}',
  // a source the grammar cannot read as written, parsed masked at once: its own error stays
  '#ifdef A\nextern "C" {\n#endif\nint f(void) { return 1 }\n#ifdef A\n}\n#endif',
];

test('C conditionals that split a construct: read as their first branch', async () => {
  for (const [source, functions] of splitting) {
    assert.notEqual(compilerAccepts(source + '\n', ['-DA']), false, `the C compiler accepts ${source}`);
    assert.deepEqual(await validateCode(source, { language: 'c' }), { valid: true, errors: [], warnings: [] }, source);
    const analysis = await analyzeCode(source, { language: 'c' });
    assert.deepEqual(analysis.functions.map((f) => [f.name, f.startLine, f.startColumn, f.complexity]), functions, source);
    for (const f of analysis.functions) {
      assert.ok(source.slice(f.startOffset, f.endOffset).startsWith('int '), source);
      assert.ok(source.slice(f.startOffset, f.endOffset).endsWith('}'), source);
    }
  }
});

test('C conditionals that split a construct: an error in a configuration stays', async () => {
  for (const source of unsplit) {
    const accepted = [compilerAccepts(source + '\n', ['-DA']), compilerAccepts(source + '\n')];
    assert.ok(!accepted.every((a) => a === true), `the C compiler rejects ${source} in a configuration`);
    const { errors, warnings } = await validateCode(source, { language: 'c' });
    assert.ok(errors.length + warnings.length > 0, source);
  }
});

test('C conditionals: whole ones, and those of a source without errors, stay in the tree', async () => {
  const whole = 'int f(int a) {\n#ifdef A\n  if (a) return 1;\n#else\n  if (a > 1) return 2;\n#endif\n  return 0;\n}\n';
  const { captures } = await queryCode(whole + 'int g(void) { return 1 }\n', '(preproc_ifdef) @p (preproc_else) @e', { language: 'c' });
  assert.deepEqual(captures.map((c) => [c.name, c.startLine]), [['p', 2], ['e', 4]]);
  // a source the grammar reads is parsed as it is, a branch ending with `,` too
  const { captures: kept } = await queryCode('enum e {\n#ifdef A\n  X,\n#endif\n  Y };\n', '(preproc_ifdef) @p', { language: 'c' });
  assert.deepEqual(kept.map((c) => c.startLine), [2]);
});
