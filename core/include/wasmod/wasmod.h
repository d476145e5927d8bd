/*
 * libwasmod: every wasmod module, natively. Include this one header.
 *
 *   const wm_module *json = wm_find_module("json");
 *   wm_result *r = wm_module_call(json, "validate", 8, text, len, NULL, 0, 0);
 *   ... r->status, r->output, r->diagnostics ...
 *   wm_result_free(r);
 *
 * Errors follow abi.h's convention: a status, returned or in the result.
 */
#ifndef WASMOD_WASMOD_H
#define WASMOD_WASMOD_H

#include "wasmod/abi.h"
#include "wasmod/code.h"
#include "wasmod/json.h"
#include "wasmod/module.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The built-in module named `name` ("json", "code-javascript", ...), or NULL
   when there is none (an answer, not a failure). */
WM_API const wm_module *wm_find_module(const char *name);

/* The built-in modules: *count of them, in a static array. */
WM_API const wm_module *const *wm_modules(size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_WASMOD_H */
