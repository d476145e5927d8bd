// C macros the grammar cannot expand (code_mask.c, code_mask_c_macros): an
// all-capitals identifier used as an attribute or a qualifier of a
// declaration is blanked where the declaration is whole without it, and the
// source parsed again so; the shapes a C compiler rejects whatever the macro
// is stay errors or warnings. Each case is checked against the C compiler
// (`cc -fsyntax-only`, the macros defined as C code uses them) when there is one.
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

/** Whether the C compiler accepts the source (undefined when there is none). */
function compilerAccepts(source) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-c-'));
  try {
    writeFileSync(path.join(dir, 'a.c'), source);
    execFileSync('cc', ['-fsyntax-only', '-std=gnu11', path.join(dir, 'a.c')], { stdio: 'ignore' });
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
