/* Any bytes as a tree-sitter query over a fixed JavaScript source: a malformed
   query is a bad-options answer, never a crash, leak or hang. */
#include "fuzz_code.h"

/*
 * tree-sitter 0.25.1 leaks a few bytes of capture bookkeeping (allocated in ts_query__parse_pattern) when a query
 * fails with an unknown field name (ts_query_new's error path): its bug, not
 * ours, recorded in modules/code/README.md. Everything else must not leak.
 */
const char *__lsan_default_suppressions(void) { return "leak:ts_query__parse_pattern\n"; }

static const char source[] =
    "import x from 'y';\nclass A { m(a = 1) { if (a?.b) return `${a}`; } }\n"
    "const f = (x) => x && g(x, [1, 2], { k: 'v' }); // done\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wm_buf options;
  wm_buf_init(&options);
  wm_buf_append_str(&options, "{\"maxCaptures\":1000,\"query\":");
  wm_buf_append_json_string(&options, (const char *)data, size);
  wm_buf_append_byte(&options, '}');
  if (!wm_buf_failed(&options)) {
    const char *opt = (const char *)options.data;
    wm_result *simd = wm_module_call(&wm_code_javascript_module, "query", 5, (const uint8_t *)source,
                                     sizeof source - 1, opt, options.len, 0);
    wm_result *scalar = wm_module_call(&wm_code_javascript_module, "query", 5, (const uint8_t *)source,
                                       sizeof source - 1, opt, options.len, WM_CALL_FORCE_SCALAR);
    fuzz_code_same(simd, scalar);
    wm_result_free(simd);
    wm_result_free(scalar);
  }
  wm_buf_free(&options);
  return 0;
}
