/* json format on any bytes, with option sets picked by the input's length: must never crash,
   leak or hang; SIMD and scalar kernels give the same bytes; formatting the output again is a no-op. */
#include <stdlib.h>
#include <string.h>

#include "wasmod/wasmod.h"

static wm_result *format(const uint8_t *data, size_t size, const char *options, unsigned flags) {
  return wm_module_call(&wm_json_module, "format", 6, data, size, options, strlen(options), flags);
}

static int same(const wm_result *a, const wm_result *b) {
  return a->status == b->status && a->output_len == b->output_len && a->diagnostics_len == b->diagnostics_len &&
         memcmp(a->output, b->output, a->output_len) == 0 && memcmp(a->diagnostics, b->diagnostics, a->diagnostics_len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const options[] = {
      "", "{\"indent\":0}", "{\"sortKeys\":true,\"indent\":\"\\t\"}",
      "{\"mode\":\"jsonc\",\"asciiOnly\":true,\"finalNewline\":true,\"allowLoneSurrogates\":true,\"maxDepth\":16}",
      "{\"sortKeys\":true,\"indent\":0,\"allowBom\":true}"};
  const char *opt = options[size % 5];
  wm_result *simd = format(data, size, opt, 0);
  wm_result *scalar = format(data, size, opt, WM_CALL_FORCE_SCALAR);
  if (!same(simd, scalar)) abort();
  if (simd->status == WM_OK) {
    wm_result *again = format(simd->output, simd->output_len, opt, 0);
    if (!same(simd, again)) abort();
    wm_result_free(again);
  }
  wm_result_free(simd);
  wm_result_free(scalar);
  return 0;
}
