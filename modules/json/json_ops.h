/* The ops of the json module, one file each. */
#ifndef WASMOD_JSON_OPS_H
#define WASMOD_JSON_OPS_H

#include "json_reader.h"
#include "wasmod/module.h"

/* Reads the reader options shared by every op (mode, maxDepth, allowBom, allowLoneSurrogates). */
bool json_read_common_options(wm_ctx *ctx, json_reader_options *options);

/* Adds the reader's error to the call's diagnostics and returns the matching status. */
wm_status json_report_error(wm_ctx *ctx, const json_reader *reader);

wm_status json_validate(wm_ctx *ctx);

#define JSON_COMMON_OPTIONS "mode", "maxDepth", "allowBom", "allowLoneSurrogates"

#endif
