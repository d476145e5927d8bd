/*
 * Out of memory: every op answers WM_OUT_OF_MEMORY (or its normal answer),
 * never aborts, and leaks nothing (the ASan run checks leaks), whichever
 * allocation fails; so does the NDJSON stream, through new, push and finish,
 * and so do bad options, whose diagnostics take memory too. The test is
 * linked with -Wl,--wrap for malloc, calloc and realloc (CMakeLists.txt):
 * while a call runs, the Nth allocation fails, for N = 1, 2, ... until the
 * call no longer allocates that many times.
 *
 * A code module's call unwinds when tree-sitter cannot have memory
 * (modules/code/code_alloc.h). In ASan and debug builds its arena takes every
 * block from malloc, so every allocation of tree-sitter and of the op fails in
 * turn; in release builds only the arena's slabs and large blocks do (the
 * thread's spare slabs are released before each call, so that it asks malloc).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wasmod/wasmod.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);

static int armed;          /* counting only while a call runs */
static unsigned long seen; /* allocations since the call began */
static unsigned long fail_at;
static int failed;         /* the planned failure happened */

static int should_fail(void) {
  if (!armed) return 0;
  if (++seen != fail_at) return 0;
  failed = 1;
  return 1;
}

void *__wrap_malloc(size_t size) { return should_fail() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t count, size_t size) { return should_fail() ? NULL : __real_calloc(count, size); }
void *__wrap_realloc(void *ptr, size_t size) { return should_fail() ? NULL : __real_realloc(ptr, size); }

#define MAX_ALLOCATIONS 5000 /* a call of this test allocates fewer */

static bool is_code(const char *module_name) { return strncmp(module_name, "code-", 5) == 0; }

static wm_result *call(const wm_module *module, const char *op, const char *input, const char *options) {
  /* The spare slabs a code call keeps would spare the next one its slab allocations. */
  if (is_code(module->name)) wm_code_release_memory();
  return wm_module_call(module, op, strlen(op), (const uint8_t *)input, strlen(input), options,
                        options ? strlen(options) : 0, 0);
}

static bool same(const wm_result *a, const wm_result *b) {
  return a->status == b->status && a->output_len == b->output_len &&
         memcmp(a->output, b->output, a->output_len) == 0 && a->diagnostics_len == b->diagnostics_len &&
         memcmp(a->diagnostics, b->diagnostics, a->diagnostics_len) == 0;
}

/* How many allocations the call makes, none failing. */
static unsigned long allocations(const wm_module *module, const char *op, const char *input, const char *options) {
  seen = 0, failed = 0, fail_at = 0, armed = 1;
  wm_result *r = call(module, op, input, options);
  armed = 0;
  wm_result_free(r);
  return seen;
}

/* Fails each allocation of the call from the `first` on, in turn; returns how many failed. */
static unsigned long sweep_from(unsigned long first, const char *module_name, const char *op,
                                const char *input, const char *options) {
  const wm_module *module = wm_find_module(module_name);
  CHECK_MSG(module != NULL, "no module %s", module_name);
  if (!module) return 0;
  /* The answer with memory enough, to compare with. */
  wm_result *want = call(module, op, input, options);
  CHECK_MSG(want->status == WM_OK || want->status == WM_INVALID_INPUT || want->status == WM_BAD_OPTIONS,
            "%s %s: status %u %s",
            module_name, op, want->status, want->diagnostics);
  for (fail_at = first; fail_at < first + MAX_ALLOCATIONS; fail_at++) {
    seen = 0, failed = 0, armed = 1;
    wm_result *r = call(module, op, input, options);
    armed = 0;
    if (!failed) { /* the call made fewer allocations: it is done, and answers as before */
      CHECK_MSG(same(r, want), "%s %s: another answer after the sweep", module_name, op);
      wm_result_free(r);
      wm_result_free(want);
      return fail_at - first;
    }
    if (r->status == WM_OUT_OF_MEMORY) {
      CHECK_MSG(r->output_len == 0, "%s %s, allocation %lu: output with out-of-memory",
                module_name, op, fail_at);
    } else {
      /* An allocation whose failure the op gets round (a smaller buffer, say):
         the answer must be the same. */
      CHECK_MSG(same(r, want),
                "%s %s, allocation %lu failed: status %u, not out-of-memory or the answer: %.*s %s",
                module_name, op, fail_at, r->status, (int)r->output_len, (const char *)r->output, r->diagnostics);
    }
    wm_result_free(r);
  }
  CHECK_MSG(0, "%s %s: more than %d allocations", module_name, op, MAX_ALLOCATIONS);
  wm_result_free(want);
  return 0;
}

static unsigned long sweep(const char *module_name, const char *op, const char *input, const char *options) {
  return sweep_from(1, module_name, op, input, options);
}

/* One streamed ndjson-validate: *made says whether new gave a stream, *pushed
   what the first push that did not answer WM_OK answered (WM_OK when none), and
   *steady whether every push after it answered the same. */
static wm_result *stream_call(const char *options, const char *input, size_t step, bool *made,
                              wm_status *pushed, bool *steady) {
  wm_ndjson_stream *s = wm_ndjson_stream_new(options, options ? strlen(options) : 0, 0);
  *made = s != NULL, *pushed = WM_OK, *steady = true;
  if (!s) return NULL;
  size_t n = strlen(input);
  for (size_t i = 0; i < n; i += step) {
    wm_status status = wm_ndjson_stream_push(s, (const uint8_t *)input + i, n - i < step ? n - i : step);
    if (*pushed != WM_OK && status != *pushed) *steady = false;
    if (*pushed == WM_OK) *pushed = status;
  }
  wm_result *r = wm_ndjson_stream_finish(s);
  wm_ndjson_stream_free(s);
  return r;
}

/* The stream with each allocation failing in turn: new answers NULL (out of
   memory, never a stream failed for bad options), a push WM_OUT_OF_MEMORY and
   every later push the same, finish a result (never NULL) that is the
   stream's status or, when nothing failed before it, out of memory or the
   answer. Returns how many allocations failed. */
static unsigned long sweep_stream(const char *options, const char *input, size_t step) {
  bool made, steady;
  wm_status want_pushed, pushed;
  wm_result *want = stream_call(options, input, step, &made, &want_pushed, &steady);
  CHECK_MSG(made && want, "stream %s: no stream with memory enough", options ? options : "");
  if (!want) return 0;
  for (fail_at = 1; fail_at <= MAX_ALLOCATIONS; fail_at++) {
    seen = 0, failed = 0, armed = 1;
    wm_result *r = stream_call(options, input, step, &made, &pushed, &steady);
    armed = 0;
    if (!failed) {
      CHECK_MSG(r && same(r, want) && pushed == want_pushed, "stream %s: another answer after the sweep", options);
      wm_result_free(r);
      wm_result_free(want);
      return fail_at - 1;
    }
    if (!made) continue; /* new failed: NULL, which is out of memory */
    CHECK_MSG(r != NULL, "stream %s, allocation %lu: finish gave NULL", options, fail_at);
    if (!r) continue;
    CHECK_MSG(steady, "stream %s, allocation %lu: a push after a failed one answered otherwise", options, fail_at);
    if (pushed == WM_OUT_OF_MEMORY || r->status == WM_OUT_OF_MEMORY) {
      CHECK_MSG(r->status == WM_OUT_OF_MEMORY && r->output_len == 0,
                "stream %s, allocation %lu: push answered %u, finish %u", options, fail_at, pushed, r->status);
    } else {
      CHECK_MSG(same(r, want) && pushed == want_pushed,
                "stream %s, allocation %lu failed: push %u, status %u, not out-of-memory or the answer: %s",
                options, fail_at, pushed, r->status, r->diagnostics);
    }
    wm_result_free(r);
  }
  CHECK_MSG(0, "stream %s: more than %d allocations", options, MAX_ALLOCATIONS);
  wm_result_free(want);
  return 0;
}

/* A code call out of memory (unwound or not) says so in a diagnostic, when there is memory left for it. */
static void test_code_diagnostic(void) {
  const wm_module *js = wm_find_module("code-javascript");
  unsigned long most = 0;
  bool said = false;
  for (fail_at = 1; fail_at <= MAX_ALLOCATIONS && !said; fail_at++) {
    seen = 0, failed = 0, armed = 1;
    wm_result *r = call(js, "analyze", "function f(a) { return a && 1; }", NULL);
    armed = 0;
    said = r->status == WM_OUT_OF_MEMORY && strstr(r->diagnostics, "\"code\":\"out-of-memory\"");
    most = fail_at;
    wm_result_free(r);
    if (!failed) break;
  }
  CHECK_MSG(said, "no out-of-memory diagnostic in %lu calls", most);
}

int main(void) {
  static const char doc[] =
      "{\"name\":\"wasmod\",\"tags\":[\"a\",\"b\\u00e9\",\"c\"],\"n\":[1,2.5,-3e2,true,null],"
      "\"nested\":{\"z\":{\"y\":[{\"x\":1},{\"w\":\"v\"}]},\"a\":{}}}";
  static const char bad[] = "{\"a\":[1,2,}";
  /* Sources with a little of everything an op reads: functions, classes,
     imports and exports, decisions, and syntax errors. */
  static const char js[] =
      "import { a } from './a.js';\n"
      "export function f(x, y = 1) {\n"
      "  if (x && y) return x ? y : 0;\n"
      "  for (const k of x) g(k);\n"
      "}\n"
      "class C { m() { return 1; } }\n"
      "let z = (1 + ;\n";
  static const char py[] =
      "import os\n"
      "def f(a, b=1):\n"
      "    if a and b:\n"
      "        return [x for x in a if x]\n"
      "    while a:\n"
      "        pass\n"
      "class C:\n"
      "    def m(self):\n"
      "        return 1\n"
      "x = (1 +\n";
  /* TypeScript: a variance annotation the parser is given blanked out (code_mask.c) */
  static const char ts[] = "interface I<in out T> { f(x: T): T }\nlet y: number = ;\n";
  /* C: an error inside a preprocessor conditional */
  static const char c[] = "#include <stdio.h>\n#ifdef X\nint f(int a) { return a && ; }\n#endif\n";
  /* C: a conditional that splits an `if` and a qualifier macro, masked when the
     tree has errors; a head per configuration, masked at once (code_mask.c) */
  static const char c_split[] =
      "int FFI_HIDDEN f(int a, int b) {\n#ifdef A\n  if (a && b)\n#else\n  if (b)\n#endif\n"
      "    return 1;\n  return 0;\n}\n";
  static const char c_heads[] = "#ifdef A\nint g(int a) {\n#else\nint g(long a) {\n#endif\n  return a;\n}\n";
  static const char query[] =
      "{\"query\":\"((identifier) @name (#match? @name \\\"^[fg]\\\") (#set! kind \\\"fn\\\"))\"}";
  static const char py_query[] =
      "{\"query\":\"((identifier) @name (#eq? @name \\\"f\\\") (#strip! @name \\\"x\\\"))\"}";
  static const char py_query_limited[] =
      "{\"query\":\"((identifier) @name (#eq? @name \\\"f\\\") (#strip! @name \\\"x\\\"))\",\"maxBytes\":1}";

  unsigned long n = 0;
  n += sweep("json", "validate", doc, NULL);
  n += sweep("json", "validate", bad, NULL);
  n += sweep("json", "format", doc, "{\"indent\":2,\"sortKeys\":true}");
  n += sweep("json", "format", doc, "{\"asciiOnly\":true}");
  n += sweep("json", "query", doc, "{\"pointer\":\"/nested/z\",\"indent\":1}");
  n += sweep("json", "stats", doc, NULL);
  n += sweep("json", "ndjson-validate", "{\"a\":1}\n[2]\n\"x\"\n", NULL);
  n += sweep("json", "ndjson-format", "{\"b\":1,\"a\":2}\n[2]\n", NULL);
  /* bad options: their diagnostics' messages are built in memory too */
  n += sweep("json", "format", doc, "{\"indent\":true,\"mode\":\"loose\",\"maxDepth\":-1}");
  n += sweep("json", "validate", doc, "{\"nope\":1}");
  n += sweep("json", "stats", doc, "{\"mode\":\"str\\u0069ct\",");
  /* the stream, in chunks that cut lines, with lines valid and not, and with bad options */
  static const char lines[] = "{\"a\":1,\"a\":2}\n[1,\n\"\xc3\xa9\" 3\n{\"k\":[true]}\n[2]";
  n += sweep_stream("{\"duplicateKeys\":\"warn\",\"mode\":\"jsonc\"}", lines, 5);
  n += sweep_stream(NULL, lines, 64);
  n += sweep_stream("{\"indent\":2}", lines, 5);
  n += sweep_stream("{\"maxDepth\":\"deep\"}", lines, 5);
  n += sweep_stream("{\"maxDepth\":", lines, 5);
  unsigned long json = n;
  n += sweep("code-javascript", "analyze", js, NULL);
  n += sweep("code-javascript", "validate", js, NULL);
  n += sweep("code-javascript", "query", js, query);
  n += sweep("code-python", "analyze", py, NULL);
  n += sweep("code-python", "validate", py, NULL);
  /* Compiling a query takes ~10 ms under ASan (its analysis goes through the
     whole parse table), and JavaScript's sweep above fails each of its
     allocations: Python's starts at the end of its compile, where the call
     stopped by maxBytes (which code_parse reads next) would end, less a
     margin for that call's message. */
  unsigned long compiled = allocations(wm_find_module("code-python"), "query", py, py_query_limited);
  n += sweep_from(compiled > 16 ? compiled - 16 : 1, "code-python", "query", py, py_query);
  n += sweep("code-python", "outline", py, NULL);
  n += sweep("code-typescript", "analyze", ts, NULL);
  n += sweep("code-c", "validate", c, NULL);
  n += sweep("code-c", "analyze", c_split, NULL);
  n += sweep("code-c", "analyze", c_heads, NULL);
  test_code_diagnostic();
  printf("test_oom: %lu allocations failed in turn (json %lu, code %lu)\n", n, json, n - json);
  return check_summary("test_oom");
}
