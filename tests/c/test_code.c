/* The code modules natively: every op of every language on small sources, and
   the inputs that must get a clean answer (under ASan + UBSan in the asan build). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wasmod/wasmod.h"

static wm_result *call(const wm_module *m, const char *op, const char *src, size_t len, const char *options) {
  return wm_module_call(m, op, strlen(op), (const uint8_t *)src, len, options, options ? strlen(options) : 0, 0);
}

static bool output_has(const wm_result *r, const char *needle) {
  return r->output && strstr((const char *)r->output, needle) != NULL;
}

static bool diagnostics_have(const wm_result *r, const char *needle) {
  return strstr(r->diagnostics, needle) != NULL;
}

/* One small program per language: its function, complexity and a syntax error. */
static void test_languages(void) {
  static const struct {
    const char *module, *source, *function, *broken;
  } cases[] = {
      {"code-javascript", "function f(a) { if (a && b) return 1; }\n", "\"name\":\"f\"", "function f( {"},
      {"code-typescript", "function f(a: number): number { if (a && b) return 1; }\n", "\"name\":\"f\"", "let x: = 1;"},
      {"code-tsx", "const C = (p: any) => { if (p.a && p.b) return <b/>; };\n", "\"name\":\"C\"", "const x = <div>;"},
      {"code-python", "def f(a):\n    if a and b:\n        return 1\n", "\"name\":\"f\"", "def f(:\n"},
      {"code-c", "int f(int a) { if (a && b) return 1; return 0; }\n", "\"name\":\"f\"", "int f( { return }"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const wm_module *m = wm_find_module(cases[i].module);
    CHECK_MSG(m != NULL, "%s is built in", cases[i].module);
    if (!m) continue;
    wm_result *r = call(m, "analyze", cases[i].source, strlen(cases[i].source), NULL);
    CHECK_MSG(r->status == WM_OK, "%s analyze: %u %s", cases[i].module, r->status, r->diagnostics);
    CHECK_MSG(output_has(r, cases[i].function), "%s: %s", cases[i].module, r->output);
    CHECK_MSG(output_has(r, "\"complexity\":3"), "%s: %s", cases[i].module, r->output);
    wm_result_free(r);

    r = call(m, "validate", cases[i].source, strlen(cases[i].source), NULL);
    CHECK_MSG(r->status == WM_OK && strcmp(r->diagnostics, "[]") == 0, "%s valid: %s", cases[i].module, r->diagnostics);
    wm_result_free(r);

    r = call(m, "validate", cases[i].broken, strlen(cases[i].broken), NULL);
    CHECK_MSG(r->status == WM_INVALID_INPUT && diagnostics_have(r, "\"line\":1"), "%s broken: %s", cases[i].module, r->diagnostics);
    wm_result_free(r);

    r = call(m, "outline", cases[i].source, strlen(cases[i].source), NULL);
    CHECK_MSG(r->status == WM_OK && output_has(r, "\"symbols\":[{"), "%s outline: %s", cases[i].module, r->output);
    wm_result_free(r);

    r = call(m, "manifest-less-op", "", 0, NULL);
    CHECK(r->status == WM_UNSUPPORTED);
    wm_result_free(r);
  }
}

static void test_messages(void) {
  const wm_module *js = wm_find_module("code-javascript");
  wm_result *r = call(js, "validate", "f(a, b;\n", 8, NULL);
  CHECK_MSG(diagnostics_have(r, "missing ')'") && diagnostics_have(r, "\"column\":7"), "%s", r->diagnostics);
  wm_result_free(r);
  r = call(js, "validate", "let é = 1 @@ 2;", strlen("let é = 1 @@ 2;"), NULL);
  CHECK_MSG(r->status == WM_INVALID_INPUT && diagnostics_have(r, "unexpected '@"), "%s", r->diagnostics);
  CHECK_MSG(diagnostics_have(r, "\"column\":11"), "columns count code points: %s", r->diagnostics);
  wm_result_free(r);
}

/* TypeScript's variance annotations: read where TypeScript accepts them, with
   every offset the source's own; errors where it does not. */
static void test_variance(void) {
  static const char *const accepted[] = {
      "interface I<in out T> { f(x: T): T }\n",
      "type F<out T> = () => T;\n",
      "export interface R<\n  in out A extends B,\n  out C = never,\n> {}\n",
      "declare class Box<in T, out U = Map<string, T>> {}\n",
      "let c = class<in T> { m(a: T) { return a ? 1 : 2; } };\n",
      "class K<const in T> {}\ntype O<out> = out;\n",
  };
  static const char *const rejected[] = {
      "function f<in T>() {}\n", "interface I<out in T> {}\n", "interface I<in in T> {}\n",
      "interface I<in\nT> {}\n", "type F = <in U>() => U;\n", "class A { m<out U>() {} }\n",
      "let x = a < in T;\n",
      /* the source ends inside the list (read past its end once) */
      "declare class Box<in T, out ", "class K<const ", "type F<out",
  };
  const wm_module *ts = wm_find_module("code-typescript");
  for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
    wm_result *r = call(ts, "validate", accepted[i], strlen(accepted[i]), NULL);
    CHECK_MSG(r->status == WM_OK && strcmp(r->diagnostics, "[]") == 0, "%s: %s", accepted[i], r->diagnostics);
    wm_result_free(r);
  }
  for (size_t i = 0; i < sizeof rejected / sizeof *rejected; i++) {
    wm_result *r = call(ts, "validate", rejected[i], strlen(rejected[i]), NULL);
    CHECK_MSG(r->status == WM_INVALID_INPUT, "%s: %s", rejected[i], r->diagnostics);
    wm_result_free(r);
  }
  /* the method after the annotations keeps its place */
  const char *src = "class Box<in T, out U = never> { m(a: T) { return a ? 1 : 2; } }\n";
  wm_result *r = call(ts, "analyze", src, strlen(src), NULL);
  CHECK_MSG(output_has(r, "\"startColumn\":34") && output_has(r, "\"startOffset\":33") &&
                output_has(r, "\"complexity\":2"),
            "%s", r->output);
  wm_result_free(r);
  /* a comment between the modifiers is not read: a grammar-limit warning still */
  src = "type E<in /* c */ out T> = T;\n";
  r = call(ts, "validate", src, strlen(src), NULL);
  CHECK_MSG(r->status == WM_OK && diagnostics_have(r, "grammar-limit"), "%s", r->diagnostics);
  wm_result_free(r);
}

/* A call signature on the line after a type name, in a type literal: TypeScript
   does not read it as that type's arguments, nor does the parser now. */
static void test_call_signatures(void) {
  const wm_module *ts = wm_find_module("code-typescript");
  static const char *const valid[] = {
      "type G = {\n  <A>(a: A): F<A>\n  <B>(b: B): B\n}\n",
      "export const o: {\n  (a: A): R\n  /** doc 'x' `y` */\n  <B>(b: B): B\n} = f\n",
      "interface I {\n  (a: A): R\n  <B>(b: B): B\n}\n",
      "const o = {\n  a: b\n  < c\n}\nlet x = a\n  < b\n",
  };
  for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
    wm_result *r = call(ts, "validate", valid[i], strlen(valid[i]), NULL);
    CHECK_MSG(r->status == WM_OK && strcmp(r->diagnostics, "[]") == 0, "%s: %s", valid[i], r->diagnostics);
    wm_result_free(r);
  }
  const char *src = "type G = {\n  (a: A): R\n  <B>\n}\n";
  wm_result *r = call(ts, "validate", src, strlen(src), NULL);
  CHECK_MSG(r->status == WM_INVALID_INPUT, "%s", r->diagnostics);
  wm_result_free(r);
  src = "type G = {\n  (a: A): R\n  <B>(b: B): B\n}\nfunction f(a) { return a || 1 }\n";
  r = call(ts, "analyze", src, strlen(src), NULL);
  CHECK_MSG(output_has(r, "\"startOffset\":40") && output_has(r, "\"complexity\":2") &&
                strstr(r->diagnostics, "syntax") == NULL,
            "%s %s", r->output, r->diagnostics);
  wm_result_free(r);
}

static void test_query(void) {
  const wm_module *py = wm_find_module("code-python");
  const char *src = "def a():\n  pass\ndef b():\n  pass\n";
  wm_result *r = call(py, "query", src, strlen(src), "{\"query\":\"(function_definition name: (identifier) @name)\"}");
  CHECK_MSG(r->status == WM_OK && output_has(r, "\"text\":\"a\"") && output_has(r, "\"text\":\"b\""), "%s", r->output);
  wm_result_free(r);
  r = call(py, "query", src, strlen(src), "{\"query\":\"(function_definition name: (identifier) @name)\",\"maxCaptures\":1}");
  CHECK_MSG(r->status == WM_OK && output_has(r, "\"truncated\":true"), "%s", r->output);
  wm_result_free(r);
  r = call(py, "query", src, strlen(src), "{\"query\":\"(function_definition (nope) @x)\"}");
  CHECK_MSG(r->status == WM_BAD_OPTIONS && diagnostics_have(r, "unknown node type at offset 22"), "%s", r->diagnostics);
  wm_result_free(r);
  r = call(py, "query", src, strlen(src), "{\"query\":\"((function_definition\"}");
  CHECK_MSG(r->status == WM_BAD_OPTIONS && diagnostics_have(r, "bad-query"), "%s", r->diagnostics);
  wm_result_free(r);
  r = call(py, "query", src, strlen(src), NULL);
  CHECK_MSG(r->status == WM_BAD_OPTIONS, "query without a query: %s", r->diagnostics);
  wm_result_free(r);
  /* Stacked quantifiers in an open pattern took tree-sitter minutes: refused at once. */
  r = call(py, "query", src, strlen(src), "{\"query\":\"((identifier) @i (identifier) @id *********+***(call\"}");
  CHECK_MSG(r->status == WM_BAD_OPTIONS && diagnostics_have(r, "a quantifier right after another one") &&
                diagnostics_have(r, "at offset 35"), "%s", r->diagnostics);
  wm_result_free(r);
  r = call(py, "query", src, strlen(src), "{\"query\":\"((identifier) @x (#eq? @x \\\"a*+\\\")) ; c**\\n(identifier)* @y\"}");
  CHECK_MSG(r->status == WM_OK, "quantifier characters in strings and comments are not quantifiers: %s", r->diagnostics);
  wm_result_free(r);
}

/* Runs a query: its status must be `status`, its output or diagnostics hold `has` and not `lacks`. */
static void check_query(const wm_module *m, const char *src, size_t len, const char *options, wm_status status,
                        const char *has, const char *lacks) {
  wm_result *r = call(m, "query", src, len, options);
  const char *text = status == WM_OK ? (const char *)r->output : r->diagnostics;
  CHECK_MSG(r->status == status && text && strstr(text, has) && (!lacks || !strstr(text, lacks)), "%s: %s", options,
            r->status == WM_OK ? (const char *)r->output : r->diagnostics);
  wm_result_free(r);
}

/* Predicates filter captures; a bad one is a located bad-query; #match? is linear in the text. */
static void test_query_predicates(void) {
  const wm_module *js = wm_find_module("code-javascript");
  const char *src = "foo; bar; foo";
  size_t len = strlen(src);
  check_query(js, src, len, "{\"query\":\"((identifier) @x (#eq? @x \\\"foo\\\"))\"}", WM_OK, "\"startOffset\":10", "bar");
  check_query(js, src, len, "{\"query\":\"((identifier) @x (#match? @x \\\"^b[a-z]+$\\\"))\"}", WM_OK, "bar", "foo");
  check_query(js, src, len, "{\"query\":\"((identifier) @x\\n (#frobnicate? @x \\\"foo\\\"))\"}", WM_BAD_OPTIONS,
              "unknown predicate '#frobnicate?' (supported: #eq?", "at offset 18");
  check_query(js, src, len, "{\"query\":\"((identifier) @x\\n (#frobnicate? @x \\\"foo\\\"))\"}", WM_BAD_OPTIONS,
              "at offset 19 (line 2, column 3)", NULL);
  check_query(js, src, len, "{\"query\":\"((identifier) @x (#eq? @x))\"}", WM_BAD_OPTIONS,
              "wrong number of arguments to '#eq?'", NULL);
  check_query(js, src, len, "{\"query\":\"((identifier) @x (#match? @x \\\"a(?!b)\\\"))\"}", WM_BAD_OPTIONS,
              "lookahead is not supported (byte 1 of the expression)", NULL);
  /* A backtracking engine takes exponential time on (a+)+$ against a's then a b; this one is linear. */
  size_t n = 200000;
  char *big = malloc(n + 8);
  memcpy(big, "x = '", 5);
  memset(big + 5, 'a', n);
  memcpy(big + 5 + n, "b\xff'", 3);
  check_query(js, big, n + 8, "{\"query\":\"((string_fragment) @s (#match? @s \\\"^(a+)+$|^(a|aa)*c|\\\\\\\\uFFFD\\\"))\"}",
              WM_OK, "\"startOffset\":5", NULL);
  /* Linear, but times the expression's size: a large one over a large text is stopped at its budget. */
  check_query(js, big, n + 8, "{\"query\":\"((program) @s (#match? @s \\\"(?:a|b){400}c\\\"))\"}",
              WM_LIMIT_EXCEEDED, "regular expressions would take too long", NULL);
  free(big);
}

/* tree-sitter's query cursor is quadratic in a run of unnamed siblings and past 65,535 levels: refused, not run for minutes. */
static void test_query_cost(void) {
  const wm_module *js = wm_find_module("code-javascript");
  size_t n = 100000;
  char *parens = malloc(n);
  memset(parens, '(', n);
  check_query(js, parens, n, "{\"query\":\"(identifier) @id\"}", WM_LIMIT_EXCEEDED, "query-limit", NULL);
  check_query(js, parens, 1000, "{\"query\":\"(ERROR) @e\"}", WM_OK, "\"endOffset\":1000", NULL);
  free(parens);
  /* a+a+...: a left-deep tree, 70,000 nodes deep: past the 16-bit depths of the cursor */
  n = 140001;
  char *sum = malloc(n);
  for (size_t i = 0; i < n; i++) sum[i] = i % 2 ? '+' : 'a';
  check_query(js, sum, n, "{\"query\":\"(identifier) @id\"}", WM_LIMIT_EXCEEDED, "more than 65,000 nodes deep", NULL);
  check_query(js, sum, 100001, "{\"query\":\"(identifier) @id\",\"maxCaptures\":1}", WM_OK, "\"truncated\":true", NULL);
  free(sum);
}

/* Inputs that must get a clean answer: empty, garbage, invalid UTF-8, too large, very deep. */
static void test_bad_input(void) {
  const wm_module *js = wm_find_module("code-javascript");
  wm_result *r = call(js, "analyze", "", 0, NULL);
  CHECK_MSG(r->status == WM_OK && output_has(r, "\"lines\":0") && output_has(r, "\"functions\":[]"), "%s", r->output);
  wm_result_free(r);

  size_t n = 1 << 16;
  char *garbage = malloc(n);
  uint32_t x = 12345;
  for (size_t i = 0; i < n; i++) garbage[i] = (char)((x = x * 1103515245u + 12345u) >> 24);
  for (size_t i = 0; i < 5; i++) {
    static const char *const modules[] = {"code-javascript", "code-typescript", "code-tsx", "code-python", "code-c"};
    r = call(wm_find_module(modules[i]), "validate", garbage, n, NULL);
    CHECK_MSG(r->status == WM_INVALID_INPUT && diagnostics_have(r, "invalid-utf8"), "%s garbage: %u", modules[i], r->status);
    wm_result_free(r);
    r = call(wm_find_module(modules[i]), "analyze", garbage, n, NULL);
    CHECK_MSG(r->status == WM_OK && diagnostics_have(r, "\"severity\":\"warning\""), "%s garbage analyze: %u", modules[i], r->status);
    wm_result_free(r);
  }
  free(garbage);

  r = call(js, "analyze", "function f() { return '\xff'; }", 29, NULL);
  CHECK_MSG(r->status == WM_OK && output_has(r, "\"name\":\"f\"") && diagnostics_have(r, "invalid-utf8"), "%s", r->diagnostics);
  wm_result_free(r);

  r = call(js, "validate", "let x = 1;", 10, "{\"maxBytes\":4}");
  CHECK_MSG(r->status == WM_LIMIT_EXCEEDED && diagnostics_have(r, "input-too-large"), "%s", r->diagnostics);
  wm_result_free(r);

  /* Broken TSX on which tree-sitter 0.25.1's error recovery never ends (found by fuzz_code_tsx;
     also a fuzz seed): stopped by the parse budget with a clear diagnostic. */
  static const char runaway[] =
      "\x67\x65\x6e\x65\x72\x61\x74\x6f\x72\x00\x00\x00\x6b\x00\x00\x00\x89\x3f\x3a\x20\x62\x6f\x6f\x6c"
      "\x65\x9f\x67\x72\x61\x6d\x6d\x61\x72\x2d\x6c\x69\x6d\x69\x74\x3e\x3b\x0a\x65\x78\x70\x6f\x72\x74"
      "\x20\x64\x65\x66\x61\x75\x02\x00\x04\x00\x00\x00\x6c\x74\x20\x66\x75\x6e\x63\x74\x69\x6f\x6e\x20"
      "\x41\x70\x70\x3c\x54\x2c\x3e\x28\x78\x20\x3d\x20\x28\x6c\x7d\x3c\x2f\x64\x69\x76\x3e\x3b\x0a\x65"
      "\x78\x70\x6f\x72\x74\x20\x64\x65\x66\x61";
  r = call(wm_find_module("code-tsx"), "analyze", runaway, sizeof runaway - 1, NULL);
  CHECK_MSG(r->status == WM_LIMIT_EXCEEDED && diagnostics_have(r, "parse-limit"), "runaway: %u %s", r->status, r->diagnostics);
  wm_result_free(r);

  /* 10,000 nested blocks and 10,000 nested functions: no recursion on the C stack */
  size_t depth = 10000;
  char *deep = malloc(depth * 24);
  size_t len = 0;
  for (size_t i = 0; i < depth; i++) len += (size_t)sprintf(deep + len, "function f(){if(a){");
  for (size_t i = 0; i < depth; i++) len += (size_t)sprintf(deep + len, "}}");
  r = call(js, "analyze", deep, len, NULL);
  CHECK_MSG(r->status == WM_OK && output_has(r, "\"functions\":10000"), "deep: %u %s", r->status, r->diagnostics);
  wm_result_free(r);
  r = call(js, "outline", deep, len, NULL);
  CHECK_MSG(r->status == WM_OK, "deep outline: %u", r->status);
  wm_result_free(r);
  len = 0;
  for (size_t i = 0; i < depth; i++) deep[len++] = '[';
  r = call(wm_find_module("code-python"), "analyze", deep, len, NULL);
  CHECK_MSG(r->status == WM_OK, "deep unclosed: %u", r->status);
  wm_result_free(r);
  free(deep);
}

/* The arena's slabs outlive a call as the thread's spares, up to a cap: a call
   far beyond it (~100 MiB of tree), then small ones, then the large one again
   (after the spares are released) give the same answers. (ASan builds have no
   slabs: every block is its own malloc, code_alloc.h; there ASan sees nothing
   of a call read, written or lost amiss.) */
static void test_spare_memory(void) {
  const wm_module *js = wm_find_module("code-javascript");
  static const char unit[] = "function f(a, b) { if (a && b) { return a ? b : c; } for (const x of y) g(x); }\n";
  size_t count = 20000, len = 0;
  char *large = malloc(count * (sizeof unit - 1) + 1);
  for (size_t i = 0; i < count; i++) memcpy(large + len, unit, sizeof unit - 1), len += sizeof unit - 1;
  wm_result *first = call(js, "analyze", large, len, NULL);
  CHECK_MSG(first->status == WM_OK && output_has(first, "\"functions\":20000"), "large: %u %s", first->status, first->diagnostics);
  for (int i = 0; i < 3; i++) {
    wm_result *r = call(js, "analyze", unit, sizeof unit - 1, NULL);
    CHECK_MSG(r->status == WM_OK && output_has(r, "\"complexity\":5"), "small after large: %s", r->output);
    wm_result_free(r);
  }
  wm_code_release_memory();
  wm_code_release_memory(); /* nothing left to release: harmless */
  wm_result *again = call(js, "analyze", large, len, NULL);
  CHECK(again->status == WM_OK && again->output_len == first->output_len &&
        memcmp(again->output, first->output, first->output_len) == 0);
  wm_result_free(again);
  wm_result_free(first);
  free(large);
}

int main(void) {
  test_languages();
  test_messages();
  test_variance();
  test_call_signatures();
  test_query();
  test_query_predicates();
  test_query_cost();
  test_bad_input();
  test_spare_memory();
  return check_summary("test_code");
}
