/* json query: the first line of the input is the pointer, the rest the document. Must never crash,
   leak or hang; SIMD and scalar kernels agree; a value found is valid JSON on its own. */
#include <stdlib.h>
#include <string.h>

#include "wasmod/wasmod.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  size_t pointer_len = nl ? (size_t)(nl - data) : 0;
  const uint8_t *doc = nl ? nl + 1 : data;
  size_t doc_len = size - (size_t)(doc - data);
  /* the pointer as a JSON string option */
  wm_buf options;
  wm_buf_init(&options);
  wm_buf_append_str(&options, size & 1 ? "{\"indent\":0,\"pointer\":" : "{\"sortKeys\":true,\"pointer\":");
  wm_buf_append_json_string(&options, (const char *)data, pointer_len);
  wm_buf_append_byte(&options, '}');
  const char *opt = (const char *)options.data;
  wm_result *simd = wm_module_call(&wm_json_module, "query", 5, doc, doc_len, opt, options.len, 0);
  wm_result *scalar = wm_module_call(&wm_json_module, "query", 5, doc, doc_len, opt, options.len, WM_CALL_FORCE_SCALAR);
  if (simd->status != scalar->status || simd->output_len != scalar->output_len ||
      memcmp(simd->output, scalar->output, simd->output_len) != 0 || simd->diagnostics_len != scalar->diagnostics_len ||
      memcmp(simd->diagnostics, scalar->diagnostics, simd->diagnostics_len) != 0)
    abort();
  if (simd->status == WM_OK) {
    wm_result *check = wm_module_call(&wm_json_module, "validate", 8, simd->output, simd->output_len, NULL, 0, 0);
    if (check->status != WM_OK) abort();
    wm_result_free(check);
  }
  wm_result_free(simd);
  wm_result_free(scalar);
  wm_buf_free(&options);
  return 0;
}
