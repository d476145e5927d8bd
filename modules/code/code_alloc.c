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
 * static: one module instance runs one call at a time.) The arena also holds
 * where to unwind to when tree-sitter cannot have memory, and the buffers of
 * code_buf_open.
 *
 * Natively, the end of a call keeps up to SPARE_SLABS of its slabs for the
 * thread's next call (freed when the thread ends): handed back to malloc,
 * glibc would return them to the kernel (a heap trim) and the next call would
 * fault the pages in again. A fault costs more than the parse's use of the
 * page (~14 us a 4 KiB page on a VM): with 4 MiB kept, the JavaScript corpus
 * faulted 18,000 pages a pass, a third of its time; its largest file needs
 * ~40 MiB. 64 MiB is also as far as glibc's own trim threshold grows (twice
 * its largest mmap threshold). The spare slabs are only free memory: no call
 * sees what an earlier one did. A call that ran out of memory keeps none.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_alloc.h"
#include "wasmod/buf.h"
#include "wasmod/code.h"

#ifndef __EMSCRIPTEN__
#include <setjmp.h>
#endif

/* The checks of code_alloc.h: in debug builds, and under ASan (built Release). */
#if defined(__SANITIZE_ADDRESS__)
#define CODE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CODE_ASAN 1
#endif
#endif
#if !defined(NDEBUG) || defined(CODE_ASAN)
#define CHECKS 1
#else
#define CHECKS 0
#endif
/* Slabs and free lists; with the checks, every block is its own malloc. */
#define POOLED (!CHECKS)

#ifdef __EMSCRIPTEN__
#define THREAD_LOCAL /* a module instance is one thread (no atomics, no thread-locals) */
#else
#define THREAD_LOCAL _Thread_local
#endif

#define GRAIN 16
#define CLASSES 64 /* small blocks: 16, 32, ... 1024 bytes */
#define SMALL_MAX (CLASSES * GRAIN)
#define SLAB_BYTES ((size_t)64 << 10)
#define LARGE CLASSES /* the class of a block from malloc */

typedef struct head {
  uint32_t klass; /* 8 bytes before every block: blocks stay 8-aligned */
  uint32_t call;  /* with the checks: the serial of the call that made it */
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

struct code_buf {
  wm_buf buf; /* first: the struct wm_buf * handed out is the struct code_buf * */
  struct code_buf *prev, *next;
};

typedef struct code_arena {
  void *free_blocks[CLASSES];     /* a list of free blocks per size class */
  struct code_arena_slab *slabs;  /* where small blocks are cut from */
  struct code_arena_slab *spare;  /* free slabs, taken before malloc is asked */
  size_t spare_count;             /* how many */
  unsigned char *next, *end;      /* the unused rest of the newest slab */
  struct code_arena_large *large; /* blocks above 1 KiB (with the checks, all), each from malloc */
  struct code_buf *bufs;          /* the buffers open (code_buf_open) */
  struct code_arena *outer;       /* the arena this thread had before */
  uint32_t serial;                /* with the checks: which call of the thread */
#ifndef __EMSCRIPTEN__
  jmp_buf unwind; /* where an allocation of tree-sitter that fails goes */
#endif
} code_arena;

static THREAD_LOCAL code_arena *current;
#if CHECKS
static THREAD_LOCAL uint32_t calls; /* the serial of the thread's last call */
#endif

/* MARK: - Failures */

/* tree-sitter cannot have the memory it asks for: the call is unwound (code_alloc.h). */
static _Noreturn void unwind(void) {
#ifdef __EMSCRIPTEN__
  __builtin_trap(); /* no unwinding in wasm; the module imports no abort */
#else
  if (current) longjmp(current->unwind, 1);
  abort(); /* outside a call (never, by the rule): tree-sitter's own allocator aborts too */
#endif
}

#if CHECKS
/* The arena rule is broken: a bug of the code module, never of its input. */
static _Noreturn void broken(const char *what) {
#ifdef __EMSCRIPTEN__
  (void)what;
  __builtin_trap();
#else
  fprintf(stderr, "code module: %s, against the arena rule (modules/code/code_alloc.h)\n", what);
  abort();
#endif
}
#endif

/* The running call's arena; NULL outside a call (then blocks come from malloc). */
static code_arena *arena_now(void) {
#if CHECKS
  if (!current) broken("memory asked for or freed outside a call");
#endif
  return current;
}

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
  h->call = a->serial;
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
  if (POOLED && size <= SMALL_MAX) return small_alloc(a, size ? (uint32_t)((size - 1) / GRAIN) : 0);
  if (size > SIZE_MAX - sizeof(struct code_arena_large)) return NULL;
  struct code_arena_large *l = malloc(sizeof *l + size);
  if (!l) return NULL;
  l->head.klass = LARGE;
  l->head.call = a->serial;
  link_large(a, l);
  return l + 1;
}

/* The head of a block, which must be of this call. */
static head *head_of(const code_arena *a, void *p) {
  head *h = (head *)p - 1;
#if CHECKS
  if (h->call != a->serial) broken("a block freed by another call than the one that made it");
#else
  (void)a;
#endif
  return h;
}

static void arena_free(code_arena *a, void *p) {
  head *h = head_of(a, p);
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
  head *h = head_of(a, p);
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
  if (POOLED && size <= SMALL_MAX) return p; /* a large block that shrinks stays where it is */
  if (size > SIZE_MAX - sizeof(struct code_arena_large)) return NULL;
  struct code_arena_large *l = (struct code_arena_large *)p - 1;
  unlink_large(a, l);
  struct code_arena_large *moved = realloc(l, sizeof *moved + size);
  link_large(a, moved ? moved : l);
  return moved ? moved + 1 : NULL;
}

/* The blocks of the running call, or malloc's outside one. */
static void *block_alloc(size_t size) {
  code_arena *a = arena_now();
  return a ? arena_alloc(a, size) : malloc(size);
}

static void *block_calloc(size_t count, size_t size) {
  code_arena *a = arena_now();
  if (!a) return calloc(count, size);
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = arena_alloc(a, count * size);
  return p ? memset(p, 0, count * size) : NULL;
}

static void *block_realloc(void *ptr, size_t size) {
  code_arena *a = arena_now();
  return !a ? realloc(ptr, size) : ptr ? arena_realloc(a, ptr, size) : arena_alloc(a, size);
}

static void block_free(void *ptr) {
  if (!ptr) return;
  code_arena *a = arena_now();
  if (a)
    arena_free(a, ptr);
  else
    free(ptr);
}

/* MARK: - tree-sitter's allocator, and the op's */

void *code_ts_malloc(size_t size) {
  void *p = block_alloc(size);
  if (!p && size) unwind();
  return p;
}

void *code_ts_calloc(size_t count, size_t size) {
  void *p = block_calloc(count, size);
  if (!p && count && size) unwind();
  return p;
}

void *code_ts_realloc(void *ptr, size_t size) {
  void *p = block_realloc(ptr, size);
  if (!p && size) unwind();
  return p;
}

void code_ts_free(void *ptr) { block_free(ptr); }

void *code_malloc(size_t size) { return block_alloc(size); }
void *code_calloc(size_t count, size_t size) { return block_calloc(count, size); }
void *code_realloc(void *ptr, size_t size) { return block_realloc(ptr, size); }
void code_free(void *ptr) { block_free(ptr); }

/* MARK: - Buffers */

struct wm_buf *code_buf_open(void) {
  code_arena *a = arena_now();
  struct code_buf *b = a ? arena_alloc(a, sizeof *b) : NULL; /* none outside a call: no one would free it */
  if (!b) return NULL;
  wm_buf_init(&b->buf);
  b->prev = NULL;
  b->next = a->bufs;
  if (a->bufs) a->bufs->prev = b;
  a->bufs = b;
  return &b->buf;
}

void code_buf_close(struct wm_buf *buf) {
  if (!buf) return;
  code_arena *a = arena_now();
  struct code_buf *b = (struct code_buf *)buf;
  wm_buf_free(&b->buf);
  if (b->prev)
    b->prev->next = b->next;
  else
    a->bufs = b->next;
  if (b->next) b->next->prev = b->prev;
  arena_free(a, b);
}

/* MARK: - The arena of a call */

static void arena_begin(code_arena *arena) {
  memset(arena, 0, sizeof *arena);
  if (POOLED) {
    arena->spare = spare_take();
    arena->spare_count = arena->spare ? arena->spare->count : 0;
  }
#if CHECKS
  arena->serial = ++calls;
#endif
  arena->outer = current;
  current = arena;
}

static void arena_end(code_arena *arena, bool unwound) {
#if CHECKS
  if (current != arena) broken("calls ended out of order");
#endif
  for (struct code_buf *b = arena->bufs; b; b = b->next) wm_buf_free(&b->buf);
  if (unwound) {
    /* Memory is short: none is kept for the next call. */
    free_slabs(arena->slabs);
    free_slabs(arena->spare);
  } else {
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
  }
  while (arena->large) {
    struct code_arena_large *next = arena->large->next;
    free(arena->large);
    arena->large = next;
  }
  current = arena->outer;
}

#ifndef __EMSCRIPTEN__
/* Apart from code_arena_call, whose arena changes between setjmp and longjmp:
   nothing of this frame does, so nothing is lost when the call unwinds to it
   (C11 7.13.2.1). Never inlined, for that. */
__attribute__((noinline)) static bool run_unwinding(code_arena *arena, void (*run)(void *), void *data) {
  if (setjmp(arena->unwind)) return false;
  run(data);
  return true;
}
#endif

bool code_arena_call(void (*run)(void *data), void *data) {
  code_arena arena;
  arena_begin(&arena);
#ifdef __EMSCRIPTEN__
  run(data);
  bool done = true;
#else
  bool done = run_unwinding(&arena, run, data);
#endif
  arena_end(&arena, !done);
  return done;
}
