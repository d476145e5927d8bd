/* The json module: its ops, and what they share. */
#include "json_ops.h"

#define JSON_MODULE_VERSION "0.2.0"

/* Default nesting limit: deep enough for any real document, and a clean error
   for adversarial ones. */
#define DEFAULT_MAX_DEPTH 10000

wm_status json_read_common_options(wm_ctx *ctx, json_reader_options *options) {
  static const char *const modes[] = {"strict", "jsonc", NULL};
  int mode;
  int64_t max_depth;
  wm_status status = wm_opt_choice(ctx, "mode", modes, 0, &mode);
  status = json_keep(status, wm_opt_int(ctx, "maxDepth", 0, 100000000, DEFAULT_MAX_DEPTH, &max_depth));
  status = json_keep(status, wm_opt_bool(ctx, "allowBom", false, &options->allow_bom));
  status = json_keep(status, wm_opt_bool(ctx, "allowLoneSurrogates", false, &options->allow_lone_surrogates));
  options->jsonc = mode == 1;
  options->max_depth = (size_t)max_depth;
  return status;
}

wm_status json_report_error(wm_ctx *ctx, const json_reader *reader, size_t base) {
  if (reader->out_of_memory) return WM_OUT_OF_MEMORY;
  wm_diags_add(ctx->diags, WM_SEV_ERROR, reader->error.code, base + reader->error.offset, WM_NO_END,
               reader->error.message, strlen(reader->error.message));
  return WM_INVALID_INPUT;
}

static const char *const validate_options[] = {JSON_VALIDATE_OPTIONS, NULL};
static const char *const format_options[] = {JSON_COMMON_OPTIONS, JSON_FORMAT_OPTIONS, NULL};
static const char *const query_options[] = {JSON_COMMON_OPTIONS, JSON_FORMAT_OPTIONS, "pointer", NULL};
static const char *const stats_options[] = {JSON_COMMON_OPTIONS, NULL};
static const char *const ndjson_format_options[] = {JSON_COMMON_OPTIONS, "sortKeys", "asciiOnly", NULL};

static const wm_op json_ops[] = {
    {"validate", validate_options, json_validate},
    {"format", format_options, json_format},
    {"query", query_options, json_query},
    {"stats", stats_options, json_stats},
    {"ndjson-validate", validate_options, json_ndjson_validate},
    {"ndjson-format", ndjson_format_options, json_ndjson_format},
};

const wm_module wm_json_module = {
    "json", JSON_MODULE_VERSION,
    "JSON: validate, format, query, stats and NDJSON; strict RFC 8259, located errors, no precision lost",
    NULL, json_ops, sizeof json_ops / sizeof *json_ops,
};
