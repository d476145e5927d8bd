/*
 * Force-included before a grammar's external scanner (scanner.c): what it
 * allocates (Python's stacks of indents and delimiters, its state itself) goes
 * to the call's arena with the rest of tree-sitter, and is unwound with it
 * when memory runs out (code_alloc.h). A scanner calls malloc, calloc, realloc
 * and free, directly or through tree_sitter/array.h.
 */
#ifndef CODE_SCANNER_ALLOC_H
#define CODE_SCANNER_ALLOC_H

#include <stdlib.h> /* first: its declarations keep their names */

#include "code_alloc.h"

#define malloc(size) code_ts_malloc(size)
#define calloc(count, size) code_ts_calloc(count, size)
#define realloc(ptr, size) code_ts_realloc(ptr, size)
#define free(ptr) code_ts_free(ptr)

#endif /* CODE_SCANNER_ALLOC_H */
