/*
 * The json module, for C programs linking libwasmod.
 *
 *   wm_result *r = wm_module_call(&wm_json_module, "validate", 8, text, len,
 *                                 "{\"mode\":\"jsonc\"}", 15, 0);
 *   if (r->status == WM_INVALID_INPUT) fwrite(r->diagnostics, 1, r->diagnostics_len, stderr);
 *   wm_result_free(r);
 *
 * Ops: "validate" (options: mode "strict"|"jsonc", maxDepth, allowBom,
 * allowLoneSurrogates). An empty output; status WM_OK when valid,
 * WM_INVALID_INPUT with the first error's diagnostic when not.
 */
#ifndef WASMOD_JSON_H
#define WASMOD_JSON_H

#include "wasmod/export.h"
#include "wasmod/module.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The json module's definition, for wm_module_call() and wm_module_manifest(). */
WM_API extern const wm_module wm_json_module;

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_JSON_H */
