/*
 * Writing a module. A module is a name, a version and a table of ops; each op
 * is a function that reads the input and options of a wm_ctx and writes its
 * output and diagnostics. Core does the rest: the generic call entry, option
 * parsing and checking, the manifest, results, and (in a .wasm) the exports.
 *
 *   static wm_status echo_run(wm_ctx *ctx) {
 *     wm_buf_append(ctx->out, ctx->input, ctx->input_len);
 *     return WM_OK;
 *   }
 *   static const char *const echo_options[] = {NULL};
 *   static const wm_op my_ops[] = {{"echo", echo_options, echo_run}};
 *   const wm_module my_module = {"my-module", "1.0.0", "Echoes its input", NULL, my_ops, 1};
 *
 * and in CMake: wasmod_add_module(my-module SOURCES my.c SYMBOL my_module).
 *
 * Two parts, both under abi.h's error convention: what a program that calls
 * modules uses (wm_module, wm_module_call, wm_module_manifest,
 * wm_result_free: exported by libwasmod), and the module SDK an op is written
 * with (wm_ctx, wm_op, the helpers for ops below, and the builder internals
 * buf.h, diag.h, options.h, scan.h: compiled into each module, never exported
 * by the shared library).
 */
#ifndef WASMOD_MODULE_H
#define WASMOD_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/abi.h"
#include "wasmod/buf.h"
#include "wasmod/diag.h"
#include "wasmod/export.h"
#include "wasmod/options.h"
#include "wasmod/scan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything an op sees of one call. Nothing in it outlives the call. */
typedef struct wm_ctx {
  const uint8_t *input;
  size_t input_len;
  const wm_options *options; /* already checked against the op's option names */
  const wm_scan *scan;       /* the kernels to use (SIMD, or scalar when forced) */
  wm_buf *out;               /* the output; if it fails (wm_buf_failed), the call answers
                                WM_OUT_OF_MEMORY, or WM_LIMIT_EXCEEDED past its limit */
  wm_diags *diags;           /* the diagnostics */
} wm_ctx;

typedef wm_status (*wm_op_fn)(wm_ctx *ctx);

typedef struct wm_op {
  const char *name;
  const char *const *options; /* the option names it accepts, NULL-terminated */
  wm_op_fn run;
} wm_op;

typedef struct wm_module {
  const char *name;        /* "json", "code-python" */
  const char *version;     /* semver */
  const char *description; /* one line */
  const char *manifest_extra; /* JSON members added to the manifest ("\"language\":\"c\""), or NULL */
  const wm_op *ops;
  size_t op_count;
} wm_module;

/* Flags for wm_module_call. */
enum {
  WM_CALL_FORCE_SCALAR = 1 /* use the scalar kernels even where SIMD is available */
};

/*
 * The generic call: runs op `op` (op_len bytes, not NUL-terminated) of module
 * `module` on the input with the options (JSON object text, may be empty).
 * Never returns NULL; free the result with wm_result_free().
 */
WM_API wm_result *wm_module_call(const wm_module *module, const char *op, size_t op_len,
                                 const uint8_t *input, size_t input_len, const char *options,
                                 size_t options_len, unsigned flags);

/*
 * The module's manifest as the output of a result: a JSON object with "abi"
 * [major, minor], "name", "version", "description", "variant" ("simd",
 * "scalar" or "native"), "kernels" (the scan kernels' name), "ops" [{"name",
 * "options"}] and the module's own members. Never NULL (abi.h).
 */
WM_API wm_result *wm_module_manifest(const wm_module *module);

/*
 * The manifest of a WebAssembly module built with host capabilities
 * (wasmod/host.h): wm_module_manifest()'s, with "capabilities", the names in
 * `capabilities` (separated by spaces), as an array of strings before the
 * module's own members. wasm_exports.c answers wm_manifest() with it when
 * the module's wasmod_add_module() lists CAPABILITIES. Never NULL.
 */
wm_result *wm_module_manifest_with_capabilities(const wm_module *module, const char *capabilities);

/* Releases a result returned by any wasmod call. NULL is fine. */
WM_API void wm_result_free(wm_result *result);

/* --- Helpers for ops --------------------------------------------------- */
/*
 * They follow abi.h's convention: each answers a wm_status, so an op reads
 *
 *   wm_status s;
 *   int64_t indent;
 *   if ((s = wm_opt_int(ctx, "indent", 0, 16, 2, &indent)) != WM_OK) return s;
 */

/* Adds an error diagnostic at `offset` and returns `status`: `return wm_fail(...)`. */
WM_API wm_status wm_fail(wm_ctx *ctx, wm_status status, const char *code, size_t offset,
                         const char *message);

/*
 * Typed option readers: each stores the option's value (or `fallback` when it
 * is absent or null) in *out and returns WM_OK; on a wrong type or range it
 * adds a "bad-option" diagnostic (*out keeps `fallback`) and returns
 * WM_BAD_OPTIONS. (When that diagnostic cannot be allocated the call's answer
 * becomes WM_OUT_OF_MEMORY all the same: the diagnostics list remembers it.)
 * To report every bad option rather than the first, read them all and keep
 * the first status that is not WM_OK.
 */
WM_API wm_status wm_opt_bool(wm_ctx *ctx, const char *key, bool fallback, bool *out);
WM_API wm_status wm_opt_int(wm_ctx *ctx, const char *key, int64_t min, int64_t max,
                            int64_t fallback, int64_t *out);
/* `choices` is NULL-terminated; *out is the index of the chosen one. */
WM_API wm_status wm_opt_choice(wm_ctx *ctx, const char *key, const char *const *choices,
                               int fallback, int *out);

/*
 * For what answers a wm_result outside wm_module_call (the NDJSON stream of
 * json.h): a result of `status` made of the two buffers, which it takes or
 * frees -- `output` (dropped unless the status is WM_OK) and `diagnostics`
 * (the JSON array's text). A failed buffer, or no memory for the result,
 * gives the static WM_OUT_OF_MEMORY result that wm_result_free() knows;
 * never NULL.
 */
wm_result *wm_result_from_buffers(wm_status status, wm_buf *output, wm_buf *diagnostics);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_MODULE_H */
