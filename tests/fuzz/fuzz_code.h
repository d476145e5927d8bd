/* What the code fuzz targets share: one op of a code module on any bytes must
   never crash, leak or hang, and the SIMD and scalar kernels must agree byte
   for byte. */
#ifndef FUZZ_CODE_H
#define FUZZ_CODE_H

#include <stdlib.h>
#include <string.h>

#include "wasmod/wasmod.h"

static inline void fuzz_code_same(const wm_result *a, const wm_result *b) {
  if (a->status != b->status || a->output_len != b->output_len ||
      a->diagnostics_len != b->diagnostics_len ||
      (a->output_len && memcmp(a->output, b->output, a->output_len) != 0) ||
      memcmp(a->diagnostics, b->diagnostics, a->diagnostics_len) != 0)
    abort();
}

/* analyze, validate or outline (by the input's size) of `module` on the input. */
static inline int fuzz_code(const wm_module *module, const uint8_t *data, size_t size) {
  static const char *const ops[] = {"analyze", "validate", "outline"};
  const char *op = ops[size % 3];
  wm_result *simd = wm_module_call(module, op, strlen(op), data, size, NULL, 0, 0);
  wm_result *scalar = wm_module_call(module, op, strlen(op), data, size, NULL, 0, WM_CALL_FORCE_SCALAR);
  fuzz_code_same(simd, scalar);
  wm_result_free(simd);
  wm_result_free(scalar);
  return 0;
}

#endif
