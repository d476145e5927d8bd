/*
 * format with sortKeys. Members can only be reordered once an object is
 * complete, so the document is first read into a flat tree: one node per
 * value or key in document order, each container knowing where its subtree
 * ends. Writing walks that array with an explicit stack of frames (no
 * recursion on the C stack), sorting each object's members as it opens it:
 * a stable merge sort by the keys' decoded text, that is by code point.
 */
#include "json_ops.h"
#include "json_string.h"

typedef struct node {
  json_token kind;
  size_t start, end; /* the lexeme, in the document */
  size_t next;       /* index of the node after this subtree */
  size_t text, text_len; /* keys: the decoded text, in the document or (escaped keys) the arena */
  bool text_in_arena;
} node;

typedef struct frame {
  size_t container; /* node index */
  size_t base;      /* objects: their key nodes, sorted, are order[base .. base + count) */
  size_t count, pos; /* objects: members written; arrays: the node of the next element */
} frame;

typedef struct sorter {
  const uint8_t *p;
  wm_buf nodes, open, arena, order, frames, scratch;
} sorter;

#define AT(buf, type, i) (((type *)(void *)(buf).data)[i])
#define COUNT(buf, type) ((buf).len / sizeof(type))

static void push_index(wm_buf *buf, size_t value) { wm_buf_append(buf, &value, sizeof value); }

/* Reads the whole document into s->nodes; returns the reader's final token. */
static json_token build(sorter *s, json_reader *reader) {
  for (;;) {
    json_token token = json_reader_next(reader);
    if (token == JSON_END || token == JSON_ERROR) return token;
    size_t index = COUNT(s->nodes, node);
    if (token == JSON_OBJECT_END || token == JSON_ARRAY_END) {
      s->open.len -= sizeof(size_t);
      AT(s->nodes, node, AT(s->open, size_t, COUNT(s->open, size_t))).next = index;
      continue;
    }
    node n = {token, reader->start, reader->end, index + 1, 0, 0, false};
    if (token == JSON_OBJECT_BEGIN || token == JSON_ARRAY_BEGIN) push_index(&s->open, index);
    if (token == JSON_KEY) {
      if (json_string_is_plain(s->p + n.start, n.end - n.start)) {
        n.text = n.start + 1;
        n.text_len = n.end - n.start - 2;
      } else {
        n.text = s->arena.len;
        json_string_decode(s->p + n.start, n.end - n.start, &s->arena);
        n.text_len = s->arena.len - n.text;
        n.text_in_arena = true;
      }
    }
    wm_buf_append(&s->nodes, &n, sizeof n);
    if (wm_buf_failed(&s->nodes) || wm_buf_failed(&s->open) || wm_buf_failed(&s->arena)) return JSON_ERROR;
  }
}

static int compare_keys(const sorter *s, size_t a, size_t b) {
  const node *x = &AT(s->nodes, node, a), *y = &AT(s->nodes, node, b);
  const uint8_t *xt = (x->text_in_arena ? s->arena.data : s->p) + x->text;
  const uint8_t *yt = (y->text_in_arena ? s->arena.data : s->p) + y->text;
  return json_text_compare(xt, x->text_len, yt, y->text_len);
}

/* Stable bottom-up merge sort of keys[0..n) (node indexes) through tmp[0..n). */
static void sort_members(const sorter *s, size_t *keys, size_t *tmp, size_t n) {
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = compare_keys(s, keys[j], keys[i]) < 0 ? keys[j++] : keys[i++];
      while (i < mid) tmp[k++] = keys[i++];
      while (j < hi) tmp[k++] = keys[j++];
    }
    memcpy(keys, tmp, n * sizeof *keys);
  }
}

/* Pushes a frame for container `c`. An array walks its elements in place (pos is the next
   one's node); an object lists its members' key nodes in order[base..], sorted. */
static bool open_frame(sorter *s, size_t c) {
  const node *container = &AT(s->nodes, node, c);
  bool object = container->kind == JSON_OBJECT_BEGIN;
  frame f = {c, COUNT(s->order, size_t), 0, object ? 0 : c + 1};
  for (size_t i = c + 1; object && i < container->next; i = AT(s->nodes, node, i + 1).next) {
    push_index(&s->order, i);
    f.count++;
  }
  wm_buf_append(&s->frames, &f, sizeof f);
  if (object && f.count > 1) {
    s->scratch.len = 0;
    if (!wm_buf_reserve(&s->scratch, f.count * sizeof(size_t))) return false;
    if (wm_buf_failed(&s->order)) return false;
    sort_members(s, &AT(s->order, size_t, f.base), (size_t *)(void *)s->scratch.data, f.count);
  }
  return !wm_buf_failed(&s->order) && !wm_buf_failed(&s->frames);
}

static void write_value(sorter *s, json_writer *w, size_t index, bool *ok) {
  const node *v = &AT(s->nodes, node, index);
  if (v->kind == JSON_OBJECT_BEGIN || v->kind == JSON_ARRAY_BEGIN) {
    json_writer_open(w, v->kind == JSON_OBJECT_BEGIN ? '{' : '[');
    *ok = open_frame(s, index);
  } else {
    json_writer_scalar(w, s->p + v->start, v->end - v->start, v->kind == JSON_STRING);
  }
}

static bool write_tree(sorter *s, json_writer *w) {
  bool ok = true;
  write_value(s, w, 0, &ok);
  while (ok && s->frames.len && !json_writer_failed(w)) {
    frame *f = &AT(s->frames, frame, COUNT(s->frames, frame) - 1);
    const node *container = &AT(s->nodes, node, f->container);
    bool object = container->kind == JSON_OBJECT_BEGIN;
    if (object ? f->pos == f->count : f->pos == container->next) {
      json_writer_close(w, object ? '}' : ']');
      s->order.len = f->base * sizeof(size_t);
      s->frames.len -= sizeof(frame);
      continue;
    }
    size_t member;
    if (object) {
      const node *key = &AT(s->nodes, node, AT(s->order, size_t, f->base + f->pos++));
      json_writer_key(w, s->p + key->start, key->end - key->start);
      member = (size_t)(key - &AT(s->nodes, node, 0)) + 1;
    } else {
      member = f->pos;
      f->pos = AT(s->nodes, node, member).next;
    }
    write_value(s, w, member, &ok);
  }
  return ok;
}

wm_status json_format_sorted(wm_ctx *ctx, const json_format_options *options, size_t base, size_t n) {
  sorter s;
  s.p = ctx->input + base;
  wm_buf *bufs[] = {&s.nodes, &s.open, &s.arena, &s.order, &s.frames, &s.scratch};
  for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) wm_buf_init(bufs[i]);
  /* A first guess at the size (compact documents need more): growing from it copies less.
     Only a guess, so failing to get it is no failure. */
  if (!wm_buf_reserve(&s.nodes, (n / 16 + 16) * sizeof(node))) s.nodes.failed = false;
  json_reader reader;
  json_reader_init(&reader, s.p, n, ctx->scan, &options->reader);
  wm_status status = WM_OK;
  json_token last = build(&s, &reader);
  if (last == JSON_ERROR && reader.error.code) {
    status = json_report_error(ctx, &reader, base);
  } else if (last == JSON_ERROR) {
    status = wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", base + reader.pos, "out of memory");
  } else {
    json_writer writer;
    json_writer_init(&writer, ctx->out, ctx->scan, &options->layout);
    writer.input_end = s.p + n;
    bool ok = write_tree(&s, &writer);
    json_writer_finish(&writer);
    if (json_writer_failed(&writer)) status = json_output_failed(ctx, base);
    else if (!ok) status = wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", base, "out of memory");
    json_writer_free(&writer);
  }
  json_reader_free(&reader);
  for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) wm_buf_free(bufs[i]);
  return status;
}
