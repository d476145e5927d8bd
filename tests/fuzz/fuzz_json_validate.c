/* json validate on any bytes, with every option set: must never crash, leak or hang;
   the SIMD and scalar kernels must give the same result bytes. */
#include <stdlib.h>
#include <string.h>

#include "wasmod/wasmod.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const options[] = {"", "{\"mode\":\"jsonc\"}", "{\"allowBom\":true,\"allowLoneSurrogates\":true,\"maxDepth\":8}"};
  const char *opt = options[size % 3];
  wm_result *simd = wm_module_call(&wm_json_module, "validate", 8, data, size, opt, strlen(opt), 0);
  wm_result *scalar = wm_module_call(&wm_json_module, "validate", 8, data, size, opt, strlen(opt), WM_CALL_FORCE_SCALAR);
  if (simd->status != scalar->status || simd->diagnostics_len != scalar->diagnostics_len ||
      memcmp(simd->diagnostics, scalar->diagnostics, simd->diagnostics_len) != 0)
    abort();
  wm_result_free(simd);
  wm_result_free(scalar);
  return 0;
}
