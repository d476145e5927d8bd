/*
 * wasmod module ABI, version 1.
 *
 * Every wasmod module -- built in or third party, native or WebAssembly --
 * answers the same small contract, so that a loader needs no per-module code:
 *
 *   wm_abi_version()            -> (major << 16) | minor
 *   wm_manifest()               -> a wm_result whose output is the manifest JSON
 *   wm_alloc(n) / wm_free(p)    -> memory the caller uses to pass input and options
 *   wm_call(op, input, options) -> a wm_result: status, output bytes, diagnostics
 *   wm_result_free(r)           -> releases a result and everything it owns
 *
 * In a standalone .wasm these are exports (see core/src/wasm_exports.c); natively
 * the same entry points take the module definition as their first argument
 * (see module.h).
 *
 * A loader refuses a module whose ABI major differs from WM_ABI_MAJOR; a newer
 * minor only adds things.
 *
 * Errors: one convention for the C API -- the consumer API libwasmod exports
 * (wasmod.h, json.h, code.h, ops.h, module.h's calling part) and the module
 * SDK (module.h's helpers for ops):
 *
 *   - A function that can fail says so with a wm_status: it returns one, or
 *     returns a wm_result whose status it is. A function returning a
 *     wm_result * never returns NULL: when not even the result can be
 *     allocated it returns a static result with status WM_OUT_OF_MEMORY,
 *     which wm_result_free() knows and leaves alone.
 *   - A failed allocation is WM_OUT_OF_MEMORY wherever it happens, never
 *     another status, and never an abort.
 *   - Two exceptions, each stated where it is declared: wm_ndjson_stream_new()
 *     (json.h) can fail only for memory and answers NULL for it, as malloc
 *     does; the typed functions of ops.h return their output (NULL or false
 *     when there is none) and the wm_status in *err.
 *   - Finding nothing is not a failure: wm_find_module() answers NULL for a
 *     name it does not know, wm_next_diagnostic() false at the end.
 *   - The host functions a WebAssembly module imports (host.h) answer the
 *     host ABI's own wm_host_status, which the op turns into its wm_status.
 *
 * The builder internals (buf.h, options.h, diag.h, scan.h, utf8.h) are not
 * part of this API: modules are built with them, libwasmod does not export
 * them, and each keeps its own convention, stated at its top.
 */
#ifndef WASMOD_ABI_H
#define WASMOD_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "wasmod/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WM_ABI_MAJOR 1
#define WM_ABI_MINOR 0
#define WM_ABI_VERSION ((WM_ABI_MAJOR << 16) | WM_ABI_MINOR)

/*
 * The status of a call. Only WM_OK and WM_INVALID_INPUT carry an answer about
 * the input; the others say why there is none. Values are part of the ABI.
 */
typedef enum wm_status {
  WM_OK = 0,             /* done; output holds the answer */
  WM_INVALID_INPUT = 1,  /* the input is not valid; diagnostics say where and why
                            (for a validate op this is a normal answer) */
  WM_BAD_OPTIONS = 2,    /* options are malformed, unknown or out of range */
  WM_LIMIT_EXCEEDED = 3, /* a size or depth limit was reached */
  WM_OUT_OF_MEMORY = 4,  /* an allocation failed (in wasm: the memory cap) */
  WM_UNSUPPORTED = 5,    /* the module has no such op */
  WM_INTERNAL = 6        /* a bug: please report it */
} wm_status;

/* A stable lowercase name for a status ("ok", "invalid-input", ...). */
WM_API const char *wm_status_name(wm_status status);

/*
 * The result of a call. Layout is fixed for ABI v1: in wasm32 the loader reads
 * five little-endian u32 at offsets 0, 4, 8, 12 and 16.
 *
 * output      the op's answer (its format is the op's: JSON text, formatted
 *             JSON, ...); empty unless the status is WM_OK.
 * diagnostics a JSON array of diagnostics (UTF-8); "[]" when there is
 *             nothing to say.
 *             Both are followed by a NUL byte that the lengths do not count,
 *             so C callers may treat them as strings. Each element is
 *             {"severity","code","message","offset","line","column"} plus
 *             "endOffset","endLine","endColumn" where the problem has an end.
 *             offset is a byte offset into the input, line is 1-based and
 *             counts '\n', column is 1-based and counts Unicode code points.
 */
typedef struct wm_result {
  uint32_t status;
  uint8_t *output;
  size_t output_len;
  char *diagnostics;
  size_t diagnostics_len;
} wm_result;

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_ABI_H */
