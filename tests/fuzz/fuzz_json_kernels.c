/* Differential: every SIMD scan kernel gives the scalar kernel's answer on any bytes, from
   every start index, and the inline UTF-8 run the decoder's; and the NDJSON stream, fed in
   chunks, matches ndjson-validate. */
#include <stdlib.h>
#include <string.h>

#include "wasmod/wasmod.h"
#include "wasmod/scan_inline.h"
#include "wasmod/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const wm_scan *simd = wm_scan_kernels(false), *scalar = wm_scan_scalar();
  uint8_t needle = size ? data[0] : '"';
  /* every start index on small inputs; about 512 of them on large seeds, to stay linear */
  for (size_t i = 0; i <= size; i += size / 512 + 1) {
    if (simd->skip_ws(data, i, size) != scalar->skip_ws(data, i, size)) abort();
    if (simd->string_run(data, i, size) != scalar->string_run(data, i, size)) abort();
    if (simd->ascii_run(data, i, size) != scalar->ascii_run(data, i, size)) abort();
    if (simd->find_byte(data, i, size, needle) != scalar->find_byte(data, i, size, needle)) abort();
    if (simd->digit_run(data, i, size) != scalar->digit_run(data, i, size)) abort();
    /* the inline UTF-8 run against the decoder, sequence by sequence */
    size_t j = i;
    uint32_t cp;
    for (size_t len; j < size && data[j] >= 0x80 && (len = wm_utf8_decode(data, j, size, &cp));) j += len;
    if (wm_utf8_run_k(data, i, size) != j) abort();
  }
  if (wm_utf8_validate(simd, data, size) != wm_utf8_validate(scalar, data, size)) abort();

  wm_result *whole = wm_module_call(&wm_json_module, "ndjson-validate", 15, data, size, NULL, 0, 0);
  wm_ndjson_stream *stream = wm_ndjson_stream_new(NULL, 0, WM_CALL_FORCE_SCALAR);
  if (!stream) abort();
  size_t step = size % 7 + 1;
  /* A push that fails (a limit, say) stops the stream: finish answers its status, as the op does. */
  for (size_t i = 0; i < size && wm_ndjson_stream_push(stream, data + i, size - i < step ? size - i : step) == WM_OK;)
    i += step;
  wm_result *streamed = wm_ndjson_stream_finish(stream);
  if (streamed->status != whole->status || streamed->diagnostics_len != whole->diagnostics_len ||
      memcmp(streamed->diagnostics, whole->diagnostics, whole->diagnostics_len) != 0)
    abort();
  wm_result_free(streamed);
  wm_result_free(whole);
  wm_ndjson_stream_free(stream);
  return 0;
}
