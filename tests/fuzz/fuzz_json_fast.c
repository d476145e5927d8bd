/* Differential: the fast path of validate and format against the reader-based path, on any
   bytes and layouts. The fast path may give up, but when it answers it must agree: accept
   only what the reader accepts and write exactly what json_writer writes. */
#include <stdlib.h>
#include <string.h>

#include "../../modules/json/json_fast.h"
#include "../../modules/json/json_ops.h"

static bool reader_accepts(const uint8_t *p, size_t n, size_t max_depth, const wm_scan *scan) {
  json_reader_options options = {false, false, false, max_depth};
  json_reader reader;
  json_reader_init(&reader, p, n, scan, &options);
  json_token token;
  do token = json_reader_next(&reader);
  while (token > JSON_ERROR);
  json_reader_free(&reader);
  return token == JSON_END;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t max_depth = size % 3 == 0 ? 0 : size % 3 == 1 ? 4 : 10000;
  json_layout layout = {size % 5, size % 7 == 0, false, size % 2 == 0};
  for (int scalar = 0; scalar < 2; scalar++) {
    const wm_scan *scan = wm_scan_kernels(scalar);
    bool fast = json_fast_validate(data, size, max_depth, scan);
    if (fast != reader_accepts(data, size, max_depth, scan)) abort();

    wm_buf fast_out, slow_out;
    wm_diags diags;
    wm_buf_init(&fast_out);
    wm_buf_init(&slow_out);
    /* The output limit of the format op: deep nesting makes pretty output quadratic. */
    fast_out.limit = slow_out.limit = json_output_limit(size);
    wm_diags_init(&diags, 0);
    bool formatted = json_fast_format(data, size, max_depth, &layout, scan, &fast_out);
    json_format_options options = {{false, false, false, max_depth}, layout, false};
    wm_ctx ctx = {data, size, NULL, scan, &slow_out, &diags};
    wm_status status = json_format_tokens(&ctx, &options, 0, size);
    /* The fast path formats what it validates, unless the limit stopped both paths. */
    if (formatted != fast && !(fast && status == WM_LIMIT_EXCEEDED)) abort();
    if (formatted && (status != WM_OK || slow_out.len != fast_out.len || memcmp(slow_out.data, fast_out.data, fast_out.len) != 0))
      abort();
    wm_buf_free(&fast_out);
    wm_buf_free(&slow_out);
    wm_diags_free(&diags);
  }
  return 0;
}
