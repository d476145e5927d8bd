/*
 * tree-sitter's memory during a call: an arena (code_alloc.h).
 *
 * A parse allocates and frees millions of small blocks (subtrees, stack
 * nodes, child arrays), and deleting its tree visits every node again. In the
 * arena, small blocks are cut from 64 KiB slabs and recycled through one free
 * list per size class, and the tree is never deleted node by node: the end of
 * the call frees the slabs. That makes a native analyze of the JavaScript
 * corpus 7.5% fewer instructions (callgrind), and a wasm one about 5% faster.
 *
 * The arena of the running call is found through a thread-local pointer: the
 * allocator hooks of tree-sitter are plain functions, with no argument to
 * carry it. It is set only while a call runs on that thread, so two callers
 * never share an arena, and nothing outlives the call. (In wasm a plain
 * static: one module instance runs one call at a time.)
 *
 * Natively, the end of a call keeps up to SPARE_SLABS of its slabs for the
 * thread's next call (freed when the thread ends): handed back to malloc,
 * glibc would return them to the kernel (a heap trim) and the next call would
 * fault the pages in again. A fault costs more than the parse's use of the
 * page (~14 us a 4 KiB page on a VM): with 4 MiB kept, the JavaScript corpus
 * faulted 18,000 pages a pass, a third of its time; its largest file needs
 * ~40 MiB. 64 MiB is also as far as glibc's own trim threshold grows (twice
 * its largest mmap threshold). The spare slabs are only free memory: no call
 * sees what an earlier one did.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code_alloc.h"
#include "wasmod/code.h"

#define GRAIN 16
#define SMALL_MAX (CODE_ARENA_CLASSES * GRAIN)
#define SLAB_BYTES ((size_t)64 << 10)
#define LARGE CODE_ARENA_CLASSES /* the class of a block from malloc */

/* tree-sitter cannot go on without the memory it asks for: its own default
   allocator aborts too (in wasm: a trap, the module imports no abort). */
#ifdef __EMSCRIPTEN__
#define out_of_memory() __builtin_trap()
#else
#define out_of_memory() abort()
#endif

typedef struct head {
  uint32_t klass, unused; /* 8 bytes before every block: blocks stay 8-aligned */
} head;

struct code_arena_slab {
  struct code_arena_slab *next;
  size_t count; /* in the first slab of a thread's spares: how many there are */
};
#define SLAB_START 16 /* the first block's head, 8-aligned on every target */
_Static_assert(sizeof(struct code_arena_slab) <= SLAB_START, "a slab's link fits before its first block");

struct code_arena_large {
  struct code_arena_large *prev, *next;
  head head;
};

#ifdef __EMSCRIPTEN__
static code_arena *current; /* a module instance is one thread (no atomics, no thread-locals) */
#else
static _Thread_local code_arena *current;
#endif

/* MARK: - Spare slabs (native) */

#define SPARE_SLABS 1024 /* 64 MiB a thread at most */

static void free_slabs(struct code_arena_slab *slab) {
  while (slab) {
    struct code_arena_slab *next = slab->next;
    free(slab);
    slab = next;
  }
}

#ifdef __EMSCRIPTEN__
static struct code_arena_slab *spare_take(void) { return NULL; }
static void spare_keep(struct code_arena_slab *slabs, size_t count) { (void)count, free_slabs(slabs); }
#else
#include <pthread.h>

/* The key's value is the thread's list of spare slabs; its destructor frees
   them when the thread ends, and exit() those of the thread calling it (the
   main thread's, which no destructor sees) through wm_code_release_memory. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static int spare_ready; /* set once, by pthread_once */

static void spare_free(void *slabs) { free_slabs(slabs); }

static void spare_init(void) {
  spare_ready = pthread_key_create(&spare_key, spare_free) == 0 && atexit(wm_code_release_memory) == 0;
}

void wm_code_release_memory(void) {
  pthread_once(&spare_once, spare_init);
  if (!spare_ready) return;
  free_slabs(pthread_getspecific(spare_key));
  pthread_setspecific(spare_key, NULL);
}

static struct code_arena_slab *spare_take(void) {
  pthread_once(&spare_once, spare_init);
  if (!spare_ready) return NULL;
  struct code_arena_slab *slabs = pthread_getspecific(spare_key);
  if (slabs) pthread_setspecific(spare_key, NULL);
  return slabs;
}

/* Keeps the first SPARE_SLABS of the `count` slabs listed as the thread's
   spares, and frees the rest (and any list a nested call kept meanwhile). */
static void spare_keep(struct code_arena_slab *slabs, size_t count) {
  if (!spare_ready) {
    free_slabs(slabs);
    return;
  }
  free_slabs(pthread_getspecific(spare_key));
  if (count > SPARE_SLABS) {
    struct code_arena_slab *last = slabs;
    for (size_t i = 1; i < SPARE_SLABS; i++) last = last->next;
    free_slabs(last->next);
    last->next = NULL;
    count = SPARE_SLABS;
  }
  if (slabs) slabs->count = count;
  if (pthread_setspecific(spare_key, slabs) != 0) free_slabs(slabs);
}
#endif

/* MARK: - Blocks */

static void *small_alloc(code_arena *a, uint32_t klass) {
  void *p = a->free_blocks[klass];
  if (p) {
    a->free_blocks[klass] = *(void **)p;
    return p;
  }
  size_t need = sizeof(head) + (size_t)(klass + 1) * GRAIN;
  if ((size_t)(a->end - a->next) < need) {
    struct code_arena_slab *slab = a->spare;
    if (slab)
      a->spare = slab->next, a->spare_count--;
    else if (!(slab = malloc(SLAB_BYTES)))
      return NULL;
    slab->next = a->slabs;
    a->slabs = slab;
    a->next = (unsigned char *)slab + SLAB_START;
    a->end = (unsigned char *)slab + SLAB_BYTES;
  }
  head *h = (head *)a->next;
  a->next += need;
  h->klass = klass;
  return h + 1;
}

static void link_large(code_arena *a, struct code_arena_large *l) {
  l->prev = NULL;
  l->next = a->large;
  if (a->large) a->large->prev = l;
  a->large = l;
}

static void unlink_large(code_arena *a, struct code_arena_large *l) {
  if (l->prev)
    l->prev->next = l->next;
  else
    a->large = l->next;
  if (l->next) l->next->prev = l->prev;
}

static void *arena_alloc(code_arena *a, size_t size) {
  if (size <= SMALL_MAX) return small_alloc(a, size ? (uint32_t)((size - 1) / GRAIN) : 0);
  if (size > SIZE_MAX - sizeof(struct code_arena_large)) return NULL;
  struct code_arena_large *l = malloc(sizeof *l + size);
  if (!l) return NULL;
  l->head.klass = LARGE;
  link_large(a, l);
  return l + 1;
}

static void arena_free(code_arena *a, void *p) {
  head *h = (head *)p - 1;
  if (h->klass != LARGE) {
    *(void **)p = a->free_blocks[h->klass];
    a->free_blocks[h->klass] = p;
    return;
  }
  struct code_arena_large *l = (struct code_arena_large *)p - 1;
  unlink_large(a, l);
  free(l);
}

static void *arena_realloc(code_arena *a, void *p, size_t size) {
  head *h = (head *)p - 1;
  if (h->klass != LARGE) {
    size_t capacity = (size_t)(h->klass + 1) * GRAIN;
    if (size <= capacity) return p;
    /* The newest block of the slab grows where it is, when the slab has room:
       tree-sitter makes a node by growing the array of its children, which it
       has most often just allocated. */
    unsigned char *block_end = (unsigned char *)p + capacity;
    if (size <= SMALL_MAX && block_end == a->next) {
      uint32_t klass = (uint32_t)((size - 1) / GRAIN);
      size_t grown = (size_t)(klass + 1) * GRAIN - capacity;
      if ((size_t)(a->end - a->next) >= grown) {
        a->next += grown;
        h->klass = klass;
        return p;
      }
    }
    void *q = arena_alloc(a, size);
    if (!q) return NULL;
    memcpy(q, p, capacity);
    arena_free(a, p);
    return q;
  }
  if (size <= SMALL_MAX) return p; /* a large block that shrinks stays where it is */
  if (size > SIZE_MAX - sizeof(struct code_arena_large)) return NULL;
  struct code_arena_large *l = (struct code_arena_large *)p - 1;
  unlink_large(a, l);
  struct code_arena_large *moved = realloc(l, sizeof *moved + size);
  link_large(a, moved ? moved : l);
  return moved ? moved + 1 : NULL;
}

/* MARK: - tree-sitter's allocator */

void *code_ts_malloc(size_t size) {
  void *p = current ? arena_alloc(current, size) : malloc(size);
  if (!p && size) out_of_memory();
  return p;
}

void *code_ts_calloc(size_t count, size_t size) {
  if (!current) {
    void *p = calloc(count, size);
    if (!p && count && size) out_of_memory();
    return p;
  }
  if (size && count > SIZE_MAX / size) out_of_memory();
  void *p = code_ts_malloc(count * size);
  memset(p, 0, count * size);
  return p;
}

void *code_ts_realloc(void *ptr, size_t size) {
  void *p = !current ? realloc(ptr, size) : ptr ? arena_realloc(current, ptr, size) : arena_alloc(current, size);
  if (!p && size) out_of_memory();
  return p;
}

void code_ts_free(void *ptr) {
  if (!ptr) return;
  if (current)
    arena_free(current, ptr);
  else
    free(ptr);
}

/* MARK: - The arena of a call */

void code_arena_begin(code_arena *arena) {
  memset(arena, 0, sizeof *arena);
  arena->spare = spare_take();
  arena->spare_count = arena->spare ? arena->spare->count : 0;
  arena->outer = current;
  current = arena;
}

void code_arena_end(code_arena *arena) {
  /* The slabs this call used go first, oldest first: the oldest are kept, and
     the rest freed in the order that lets malloc trim its heap once, not at every slab. */
  while (arena->slabs) {
    struct code_arena_slab *next = arena->slabs->next;
    arena->slabs->next = arena->spare;
    arena->spare = arena->slabs;
    arena->spare_count++;
    arena->slabs = next;
  }
  spare_keep(arena->spare, arena->spare_count);
  while (arena->large) {
    struct code_arena_large *next = arena->large->next;
    free(arena->large);
    arena->large = next;
  }
  current = arena->outer;
}
