/* The ops of the json module, one file each, and what they share. */
#ifndef WASMOD_JSON_OPS_H
#define WASMOD_JSON_OPS_H

#include "json_reader.h"
#include "json_writer.h"
#include "wasmod/module.h"

/*
 * The option readers: each reads all its options, so that every bad one gets
 * its diagnostic, and answers WM_OK or WM_BAD_OPTIONS (module.h's wm_opt_*).
 */

/* Keeps the first failure of a run of option reads: status = json_keep(status, wm_opt_...(...)). */
static inline wm_status json_keep(wm_status so_far, wm_status next) { return so_far != WM_OK ? so_far : next; }

/* Reads the reader options shared by every op (mode, maxDepth, allowBom, allowLoneSurrogates). */
wm_status json_read_common_options(wm_ctx *ctx, json_reader_options *options);

/* Adds the reader's error (its offset shifted by `base`) and returns the matching status. */
wm_status json_report_error(wm_ctx *ctx, const json_reader *reader, size_t base);

typedef struct json_format_options {
  json_reader_options reader;
  json_layout layout;
  bool sort_keys;
} json_format_options;

/* Reads the reader options and indent, sortKeys, asciiOnly, finalNewline. */
wm_status json_read_format_options(wm_ctx *ctx, json_format_options *options, int64_t default_indent);

/*
 * Formats the document at ctx->input[base .. base + n) into ctx->out.
 * Invalid input: WM_INVALID_INPUT with the error located in the whole input.
 * The caller sets the output limit (json_output_limit).
 */
wm_status json_format_document(wm_ctx *ctx, const json_format_options *options, size_t base, size_t n);

/* The reader-based formatter that json_format_document falls back on (and the reference
   the fast path is tested against). */
wm_status json_format_tokens(wm_ctx *ctx, const json_format_options *options, size_t base, size_t n);

/* The same with sortKeys: the document is read into a flat tree first. */
wm_status json_format_sorted(wm_ctx *ctx, const json_format_options *options, size_t base, size_t n);

/* Output of a formatting op is capped at this many bytes for an input of n bytes. */
static inline size_t json_output_limit(size_t n) { return ((size_t)1 << 20) + 32 * n; }

/* The error for a failed output: the limit (WM_LIMIT_EXCEEDED) or memory. */
wm_status json_output_failed(wm_ctx *ctx, size_t offset);

enum { JSON_DUPLICATES_ALLOW, JSON_DUPLICATES_WARN, JSON_DUPLICATES_ERROR };

typedef struct json_validate_options {
  json_reader_options reader;
  int duplicate_keys; /* JSON_DUPLICATES_* */
} json_validate_options;

/* Reads the reader options and duplicateKeys. */
wm_status json_read_validate_options(wm_ctx *ctx, json_validate_options *options);

/*
 * Validates the document at ctx->input[base .. base + n): WM_OK (perhaps with
 * duplicate-key warnings) or WM_INVALID_INPUT with the error, located in the
 * whole input.
 */
wm_status json_check_document(wm_ctx *ctx, const json_validate_options *options, size_t base, size_t n);

wm_status json_validate(wm_ctx *ctx);
wm_status json_format(wm_ctx *ctx);
wm_status json_query(wm_ctx *ctx);
wm_status json_stats(wm_ctx *ctx);
wm_status json_ndjson_validate(wm_ctx *ctx);
wm_status json_ndjson_format(wm_ctx *ctx);

#define JSON_COMMON_OPTIONS "mode", "maxDepth", "allowBom", "allowLoneSurrogates"
#define JSON_VALIDATE_OPTIONS JSON_COMMON_OPTIONS, "duplicateKeys"
#define JSON_FORMAT_OPTIONS "indent", "sortKeys", "asciiOnly", "finalNewline"

#endif
