/* validate: does the input hold exactly one well-formed JSON value? */
#include "json_ops.h"

wm_status json_validate(wm_ctx *ctx) {
  json_reader_options options;
  if (!json_read_common_options(ctx, &options)) return WM_BAD_OPTIONS;
  json_reader reader;
  json_reader_init(&reader, ctx->input, ctx->input_len, ctx->scan, &options);
  json_token token;
  do token = json_reader_next(&reader);
  while (token != JSON_END && token != JSON_ERROR);
  wm_status status = token == JSON_END ? WM_OK : json_report_error(ctx, &reader);
  json_reader_free(&reader);
  return status;
}
