/*
 * The code modules, for C programs linking libwasmod: one per language
 * (tree-sitter runtime + grammar, compiled in).
 *
 *   wm_result *r = wm_module_call(&wm_code_javascript_module, "analyze", 7, src, len, NULL, 0, 0);
 *   ... r->output: {"functions":[{"name","kind","startLine",...,"complexity"}], "totals":{...}}
 *   wm_result_free(r);
 *
 * Ops (output is JSON text; see modules/code/README.md for every field):
 *   validate  syntax errors as diagnostics; WM_INVALID_INPUT when there are any
 *   analyze   functions (complexity, nesting, params, lines), classes, imports,
 *             exports, totals, syntaxErrors
 *   outline   the symbol tree
 *   query     option "query": a tree-sitter S-expression query; its captures
 * Every op takes "maxBytes" (default 16 MiB): a larger source is WM_LIMIT_EXCEEDED.
 * Out of memory anywhere, in tree-sitter too, unwinds the call, which answers
 * WM_OUT_OF_MEMORY (abi.h).
 */
#ifndef WASMOD_CODE_H
#define WASMOD_CODE_H

#include "wasmod/export.h"
#include "wasmod/module.h"

#ifdef __cplusplus
extern "C" {
#endif

/* code-javascript: .js .mjs .cjs .jsx (tree-sitter-javascript). */
WM_API extern const wm_module wm_code_javascript_module;
/* code-typescript: .ts .mts .cts (tree-sitter-typescript). */
WM_API extern const wm_module wm_code_typescript_module;
/* code-tsx: .tsx (tree-sitter-typescript's tsx grammar). */
WM_API extern const wm_module wm_code_tsx_module;
/* code-python: .py .pyi (tree-sitter-python). */
WM_API extern const wm_module wm_code_python_module;
/* code-c: .c .h (tree-sitter-c). */
WM_API extern const wm_module wm_code_c_module;

/*
 * A call keeps up to 64 MiB of the memory its syntax tree took with the
 * calling thread, free, for the thread's next call: faulting fresh pages in
 * costs more than parsing into them. It is released when the thread ends or
 * the process exits, or at once by this function (which frees the calling
 * thread's). Native builds only.
 */
WM_API void wm_code_release_memory(void);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_CODE_H */
