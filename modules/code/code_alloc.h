/*
 * tree-sitter's memory, one arena per call (code_alloc.c). Force-included
 * before tree-sitter's lib.c, whose ts_malloc, ts_calloc, ts_realloc and
 * ts_free are compiled as the functions below (CMakeLists.txt).
 */
#ifndef CODE_ALLOC_H
#define CODE_ALLOC_H

#include <stddef.h>

void *code_ts_malloc(size_t size);
void *code_ts_calloc(size_t count, size_t size);
void *code_ts_realloc(void *ptr, size_t size);
void code_ts_free(void *ptr);

#define CODE_ARENA_CLASSES 64 /* small blocks: 16, 32, ... 1024 bytes */

typedef struct code_arena {
  void *free_blocks[CODE_ARENA_CLASSES]; /* a list of free blocks per size class */
  struct code_arena_slab *slabs;         /* where small blocks are cut from */
  struct code_arena_slab *spare;         /* free slabs, taken before malloc is asked */
  size_t spare_count;                    /* how many */
  unsigned char *next, *end;             /* the unused rest of the newest slab */
  struct code_arena_large *large;        /* blocks above 1 KiB, each from malloc */
  struct code_arena *outer;              /* the arena this thread had before */
} code_arena;

/*
 * From begin to end, what tree-sitter allocates on this thread comes from
 * `arena`; end frees it all at once, whatever tree-sitter did not free itself.
 * Outside an arena the functions above are malloc's.
 */
void code_arena_begin(code_arena *arena);
void code_arena_end(code_arena *arena);

#endif /* CODE_ALLOC_H */
