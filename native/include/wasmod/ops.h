/*
 * One typed C function per op, for C programs that know which op they want.
 * Each is a thin layer over wm_module_call() (module.h): same options (JSON
 * object text, NULL or "" for none), same answers, byte for byte.
 *
 *   wm_error err;
 *   size_t len;
 *   char *pretty = wm_json_format(text, text_len, "{\"indent\":2}", &len, &err);
 *   if (!pretty) fprintf(stderr, "%zu:%zu: %s\n", err.line, err.column, err.message);
 *   free(pretty);
 *
 * Functions returning char * hand over an output the caller frees with free();
 * it is NUL-terminated (the terminator is not counted in *out_len, which may be
 * NULL). On failure they return NULL, bool ones return false, and *err (which
 * may be NULL) says why: err->status is the call's wm_status (WM_OUT_OF_MEMORY
 * when memory ran out) -- abi.h's error convention, with the output returned
 * and the status beside it. No state is kept between calls: every function is
 * safe to call from several threads at once. (The code modules' calls leave
 * up to 64 MiB of free memory with the calling thread for its next call,
 * released when the thread ends, the process exits or the thread calls
 * wm_code_release_memory: wasmod/code.h.)
 */
#ifndef WASMOD_OPS_H
#define WASMOD_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "wasmod/wasmod.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Why a call failed: the status, and the first error diagnostic (or the first
 * diagnostic when none is an error). Also one diagnostic of a result, read
 * with wm_next_diagnostic(). The strings are copies held in the struct itself
 * (truncated on a UTF-8 boundary when longer), so a wm_error needs no freeing
 * and outlives the call.
 */
typedef struct wm_error {
  wm_status status;     /* the call's status; WM_OK when it succeeded */
  wm_severity severity; /* the diagnostic's severity */
  char code[48];        /* stable kebab-case code ("unexpected-character"), or the status name */
  char message[512];    /* for a person; "" when the module said nothing */
  size_t offset;        /* byte offset in the input */
  size_t line;          /* 1-based line (counts '\n'), 0 when unknown */
  size_t column;        /* 1-based column in Unicode code points, 0 when unknown */
} wm_error;

/*
 * Fills *err from a result: its status and first error diagnostic. Useful
 * after wm_module_call() too. `err` may be NULL (then nothing happens).
 */
WM_API void wm_error_from_result(const wm_result *result, wm_error *err);

/*
 * Reads the diagnostics of a result one by one: start with *cursor = 0; each
 * call fills *diag with the next one and returns true, or returns false when
 * there are no more.
 */
WM_API bool wm_next_diagnostic(const wm_result *result, size_t *cursor, wm_error *diag);

/* --- json ----------------------------------------------------------------- */

/*
 * Validates JSON (options: mode "strict"|"jsonc", duplicateKeys, maxDepth,
 * allowBom, allowLoneSurrogates). True when valid; false with *err when the
 * input is invalid (err->status WM_INVALID_INPUT) or the call failed.
 */
WM_API bool wm_json_validate(const char *text, size_t len, const char *options, wm_error *err);

/* Formats JSON (reader options + indent, sortKeys, asciiOnly, finalNewline). */
WM_API char *wm_json_format(const char *text, size_t len, const char *options, size_t *out_len,
                            wm_error *err);

/* The bytes of the sub-document at RFC 6901 `pointer` ("/a/0"), formatted per options. */
WM_API char *wm_json_query(const char *text, size_t len, const char *pointer, const char *options,
                           size_t *out_len, wm_error *err);

/* Statistics as JSON text: {"depth","objects","arrays","keys","strings","numbers","bytes",...}. */
WM_API char *wm_json_stats(const char *text, size_t len, const char *options, size_t *out_len,
                           wm_error *err);

/* --- code ----------------------------------------------------------------- */
/*
 * `language` names a code module without its "code-" prefix: "javascript",
 * "typescript", "tsx", "python", "c". An unknown language fails with
 * WM_UNSUPPORTED and code "unknown-language". Outputs are JSON text.
 */

/* Syntax errors: true when there are none; false with the first one in *err. */
WM_API bool wm_code_validate(const char *language, const char *source, size_t len,
                             const char *options, wm_error *err);

/* Functions, classes, imports/exports and file totals. */
WM_API char *wm_code_analyze(const char *language, const char *source, size_t len,
                             const char *options, size_t *out_len, wm_error *err);

/* The symbol tree. */
WM_API char *wm_code_outline(const char *language, const char *source, size_t len,
                             const char *options, size_t *out_len, wm_error *err);

/* The captures of a tree-sitter S-expression `query`. */
WM_API char *wm_code_query(const char *language, const char *source, size_t len, const char *query,
                           const char *options, size_t *out_len, wm_error *err);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_OPS_H */
