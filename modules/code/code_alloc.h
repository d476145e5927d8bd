/*
 * The memory of a code module call: one arena per call (code_alloc.c).
 * Force-included before tree-sitter's lib.c, whose ts_malloc, ts_calloc,
 * ts_realloc and ts_free are compiled as the code_ts_ functions below
 * (CMakeLists.txt), and, through code_scanner_alloc.h, before each grammar's
 * external scanner.
 *
 * The arena rule. Every tree-sitter object (parser, tree, query, cursor, a
 * scanner's state) lives within one call of an op: made after the call began,
 * never used once it has ended; none is kept between calls, none is shared
 * between threads. The arena holds them all and frees them at once when the
 * call ends, whatever tree-sitter freed itself (a tree is never deleted node
 * by node).
 *
 * Out of memory. tree-sitter cannot go on when an allocation fails (its own
 * allocator aborts), so the call is unwound instead: natively, a code_ts_
 * allocation that fails jumps (longjmp) back to code_arena_call, which frees
 * the arena and answers false; the op answers WM_OUT_OF_MEMORY and the process
 * and the thread's next calls go on as before. The unwinding skips whatever
 * the op and tree-sitter would still have done, their frees included. So,
 * during a call:
 * - what the op itself allocates comes from the arena too: code_malloc and
 *   its kin (which answer NULL and never unwind) or code_buf_open. A plain
 *   wm_buf (malloc'd by core) only carries a message from where it is written
 *   to the diagnostics, with no call into tree-sitter in between;
 * - the output and the diagnostics (ctx->out, ctx->diags) stay as they were
 *   when the allocation failed: they are whole, for appending to them never
 *   calls tree-sitter. The output is dropped (the status is not ok);
 * - nothing else holds state: no lock, no thread-local but the arena's own.
 * In wasm there is no unwinding: an allocation of tree-sitter that fails
 * traps. Emscripten 3.1.6 unwinds only through JS glue (invoke_* imports) or
 * wasm exception handling (instructions the runtime's metering refuses and
 * some engines of the scalar variant lack, with JS imports besides), and a
 * wasmod module imports only its memory. The runtime turns a trap at the
 * memory cap into E_MEMORY_LIMIT and replaces the instance, whose memory
 * held the arena; the op's own allocations that fail still answer
 * WM_OUT_OF_MEMORY.
 *
 * Checked in debug builds (no NDEBUG) and ASan builds: an allocation or free
 * outside a call, or a block freed by another call than the one that made it,
 * aborts with a message; and every block is its own malloc, all freed at the
 * call's end, so that ASan reports a tree-sitter object used after its call
 * (and a block overrun within one), and the out-of-memory test fails every
 * allocation of tree-sitter and of the op in turn (tests/c/test_oom.c).
 */
#ifndef CODE_ALLOC_H
#define CODE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* tree-sitter's allocator: unwinds the call when out of memory (never NULL). */
void *code_ts_malloc(size_t size);
void *code_ts_calloc(size_t count, size_t size);
void *code_ts_realloc(void *ptr, size_t size);
void code_ts_free(void *ptr);

/* The op's own memory, freed at the call's end at the latest: NULL when out of memory. */
void *code_malloc(size_t size);
void *code_calloc(size_t count, size_t size);
void *code_realloc(void *ptr, size_t size);
void code_free(void *ptr);

/* An empty buffer of the call (NULL when out of memory), whose storage core
   grows by malloc: freed by code_buf_close, or at the call's end whatever happened. */
struct wm_buf;
struct wm_buf *code_buf_open(void);
void code_buf_close(struct wm_buf *buf);

/*
 * Runs run(data) in an arena of its own, freed when it returns. Answers false
 * when an allocation of tree-sitter failed and run was unwound (natively).
 */
bool code_arena_call(void (*run)(void *data), void *data);

#endif /* CODE_ALLOC_H */
