/*
 * The json module, for C programs linking libwasmod.
 *
 *   wm_result *r = wm_module_call(&wm_json_module, "format", 6, text, len,
 *                                 "{\"indent\":2,\"sortKeys\":true}", 27, 0);
 *   if (r->status == WM_OK) fwrite(r->output, 1, r->output_len, stdout);
 *   else fwrite(r->diagnostics, 1, r->diagnostics_len, stderr);
 *   wm_result_free(r);
 *
 * Every op reads the input with these options:
 *   mode                "strict" (RFC 8259, default) | "jsonc" (comments, trailing commas)
 *   maxDepth            deepest nesting allowed (default 10000; 0 = no limit)
 *   allowBom            skip a UTF-8 byte order mark at the start (default false)
 *   allowLoneSurrogates accept "\uD800" escapes without their pair (default false)
 * Invalid input: status WM_INVALID_INPUT, no output, the first error located
 * in the diagnostics (NDJSON ops: one error per bad line).
 *
 * Ops:
 *   validate         + duplicateKeys "allow" (default) | "warn" | "error" (keys
 *                    compared by decoded text). Empty output; WM_OK when valid,
 *                    duplicate-key warnings included.
 *   format           + indent (0..16 spaces, or "\t"; default 2; 0 = minified),
 *                    sortKeys (stable, by code point), asciiOnly (\uXXXX for
 *                    non-ASCII), finalNewline. JSON.stringify's layout; number
 *                    lexemes and string escapes copied byte for byte. Output is
 *                    capped at 1 MiB + 32 x the input (WM_LIMIT_EXCEEDED, located).
 *   query            + the format options + pointer (RFC 6901; "" = the whole
 *                    document): the value it names, formatted. Naming nothing
 *                    is WM_INVALID_INPUT with code "pointer-not-found"; where an
 *                    object repeats a key, the last is followed (as JSON.parse,
 *                    jq and Python do).
 *   stats            output {"depth","objects","arrays","keys","strings",
 *                    "numbers","booleans","nulls","comments","bytes"}.
 *   ndjson-validate  + duplicateKeys: every non-blank line one document.
 *   ndjson-format    + sortKeys, asciiOnly: each document minified on its line.
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

/*
 * Streaming NDJSON validation with bounded memory: only the unfinished line
 * is kept between chunks, so a file far bigger than memory can be checked.
 * The answer is ndjson-validate's on the whole input, byte for byte.
 *
 *   wm_ndjson_stream *s = wm_ndjson_stream_new("{\"duplicateKeys\":\"warn\"}", 24, 0);
 *   if (!s) return WM_OUT_OF_MEMORY;
 *   wm_status status = WM_OK;
 *   while (status == WM_OK && (n = fread(chunk, 1, sizeof chunk, f)))
 *     status = wm_ndjson_stream_push(s, chunk, n);
 *   wm_result *r = wm_ndjson_stream_finish(s); // the answer, or why it failed
 *   wm_ndjson_stream_free(s);
 */
typedef struct wm_ndjson_stream wm_ndjson_stream;

/*
 * A stream with ndjson-validate's options (JSON object text; may be empty);
 * `flags` as for wm_module_call. NULL when out of memory, and for nothing
 * else: this is the API's one allocation-only constructor (abi.h). Bad
 * options are not a NULL: the stream keeps them, push answers
 * WM_BAD_OPTIONS and finish's result carries the diagnostics that say which
 * option and why, which a status given here would have no place for.
 */
WM_API wm_ndjson_stream *wm_ndjson_stream_new(const char *options, size_t options_len, unsigned flags);

/*
 * Feeds the next chunk (any size, lines may straddle chunks). WM_OK when it
 * was taken -- invalid lines included: they are the answer, which finish
 * gives, and do not stop the stream. Otherwise the status the stream has
 * failed with for good (WM_BAD_OPTIONS, WM_OUT_OF_MEMORY), also the status
 * of finish's result; later pushes answer it again and take nothing.
 */
WM_API wm_status wm_ndjson_stream_push(wm_ndjson_stream *stream, const uint8_t *chunk, size_t n);

/*
 * Checks the last line and returns the result (empty output; status WM_OK,
 * WM_INVALID_INPUT, or the status the stream failed with); free it with
 * wm_result_free(). Never NULL: out of memory is a result with
 * WM_OUT_OF_MEMORY (abi.h).
 */
WM_API wm_result *wm_ndjson_stream_finish(wm_ndjson_stream *stream);

/* Releases a stream. NULL is fine. */
WM_API void wm_ndjson_stream_free(wm_ndjson_stream *stream);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_JSON_H */
