/*
 * Out of memory: every op answers WM_OUT_OF_MEMORY (or succeeds), never
 * aborts, and leaks nothing (the ASan run checks leaks), whichever allocation
 * fails. The test is linked with -Wl,--wrap for malloc, calloc and realloc
 * (CMakeLists.txt): while a call runs, the Nth allocation fails, for N = 1, 2,
 * ... until the call no longer allocates that many times.
 *
 * Only the json module (and the generic call around it) is covered: a code
 * module's call still aborts when tree-sitter's allocator fails
 * (modules/code/code_alloc.c).
 */
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

#define MAX_ALLOCATIONS 5000 /* a call of this test allocates far fewer */

/* Fails each allocation of the call in turn; returns how many the call makes. */
static unsigned long sweep(const char *module_name, const char *op, const char *input,
                           const char *options) {
  const wm_module *module = wm_find_module(module_name);
  CHECK_MSG(module != NULL, "no module %s", module_name);
  if (!module) return 0;
  size_t input_len = strlen(input), options_len = options ? strlen(options) : 0;
  /* The answer with memory enough, to compare with. */
  wm_result *want = wm_module_call(module, op, strlen(op), (const uint8_t *)input, input_len,
                                   options, options_len, 0);
  CHECK_MSG(want->status == WM_OK || want->status == WM_INVALID_INPUT, "%s %s: status %u",
            module_name, op, want->status);
  for (fail_at = 1; fail_at <= MAX_ALLOCATIONS; fail_at++) {
    seen = 0, failed = 0, armed = 1;
    wm_result *r = wm_module_call(module, op, strlen(op), (const uint8_t *)input, input_len,
                                  options, options_len, 0);
    armed = 0;
    if (!failed) { /* the call made fewer allocations: it is done */
      wm_result_free(r);
      wm_result_free(want);
      return fail_at - 1;
    }
    if (r->status == WM_OUT_OF_MEMORY) {
      CHECK_MSG(r->output_len == 0, "%s %s, allocation %lu: output with out-of-memory",
                module_name, op, fail_at);
    } else {
      /* An allocation whose failure the op gets round (a smaller buffer, say):
         the answer must be the same. */
      CHECK_MSG(r->status == want->status && r->output_len == want->output_len &&
                    memcmp(r->output, want->output, r->output_len) == 0,
                "%s %s, allocation %lu failed: status %u, not out-of-memory or the answer: %.*s %s",
                module_name, op, fail_at, r->status, (int)r->output_len, (const char *)r->output, r->diagnostics);
    }
    wm_result_free(r);
  }
  CHECK_MSG(0, "%s %s: more than %d allocations", module_name, op, MAX_ALLOCATIONS);
  wm_result_free(want);
  return 0;
}

int main(void) {
  static const char doc[] =
      "{\"name\":\"wasmod\",\"tags\":[\"a\",\"b\\u00e9\",\"c\"],\"n\":[1,2.5,-3e2,true,null],"
      "\"nested\":{\"z\":{\"y\":[{\"x\":1},{\"w\":\"v\"}]},\"a\":{}}}";
  static const char bad[] = "{\"a\":[1,2,}";
  unsigned long n = 0;
  n += sweep("json", "validate", doc, NULL);
  n += sweep("json", "validate", bad, NULL);
  n += sweep("json", "format", doc, "{\"indent\":2,\"sortKeys\":true}");
  n += sweep("json", "format", doc, "{\"asciiOnly\":true}");
  n += sweep("json", "query", doc, "{\"pointer\":\"/nested/z\",\"indent\":1}");
  n += sweep("json", "stats", doc, NULL);
  n += sweep("json", "ndjson-validate", "{\"a\":1}\n[2]\n\"x\"\n", NULL);
  n += sweep("json", "ndjson-format", "{\"b\":1,\"a\":2}\n[2]\n", NULL);
  printf("test_oom: %lu allocations failed in turn\n", n);
  return check_summary("test_oom");
}
