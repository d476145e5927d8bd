/* Differential: the fast path of validate, format and stats against the reader-based path,
   on any bytes and layouts. The fast path may give up, but when it answers it must agree:
   accept only what the reader accepts, write exactly what json_writer writes and count what
   the reader's tokens count. */
#include <stdlib.h>
#include <string.h>

#include "../../modules/json/json_fast.h"
#include "../../modules/json/json_ops.h"

/* Whether the reader accepts p[0..n), and its tokens counted as the stats op counts them. */
static bool reader_accepts(const uint8_t *p, size_t n, size_t max_depth, const wm_scan *scan, json_counts *counts) {
  json_reader_options options = {false, false, false, max_depth};
  json_reader reader;
  json_reader_init(&reader, p, n, scan, &options);
  json_token token;
  uint64_t *by_token[JSON_NULL + 1] = {
      [JSON_OBJECT_BEGIN] = &counts->objects, [JSON_ARRAY_BEGIN] = &counts->arrays, [JSON_KEY] = &counts->keys,
      [JSON_STRING] = &counts->strings,       [JSON_NUMBER] = &counts->numbers,     [JSON_TRUE] = &counts->booleans,
      [JSON_FALSE] = &counts->booleans,       [JSON_NULL] = &counts->nulls};
  *counts = (json_counts){0};
  while ((token = json_reader_next(&reader)) > JSON_ERROR) {
    if (by_token[token]) ++*by_token[token];
    if (reader.depth > counts->depth) counts->depth = reader.depth;
  }
  json_reader_free(&reader);
  return token == JSON_END;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t max_depth = size % 3 == 0 ? 0 : size % 3 == 1 ? 4 : 10000;
  json_layout layout = {size % 5, size % 7 == 0, false, size % 2 == 0};
  for (int scalar = 0; scalar < 2; scalar++) {
    const wm_scan *scan = wm_scan_kernels(scalar);
    bool fast = json_fast_validate(data, size, max_depth, scan);
    json_counts read, counted;
    if (fast != reader_accepts(data, size, max_depth, scan, &read)) abort();
    if (json_fast_stats(data, size, max_depth, scan, &counted) != fast) abort();
    if (fast && memcmp(&counted, &read, sizeof read) != 0) abort();

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
