/*
 * A preorder walk over the visible nodes of a tree, reading tree-sitter's
 * subtrees directly. It visits exactly the nodes a TSTreeCursor visits, with
 * the same symbols, positions and fields, at a fraction of the cost: the
 * cursor rebuilds its child iterator on every step and, at the end of a child
 * list, climbs through the hidden ancestors twice (once to fail, once to go
 * up); here each frame keeps its iterator. The analysis of a large file spends
 * more time walking than in anything but the parse, so this is worth the
 * coupling to the runtime's internal headers (pinned with the runtime).
 * Given code_walk_lines, it also takes the plain tokens as lines of code
 * without stopping at them.
 */
#include "code_module.h"
#include "language.h"
#include "subtree.h"

#define PREFETCH_CHILDREN 16

struct code_walk_frame {
  const Subtree *subtree; /* the node whose children are being walked */
  const Subtree *children;    /* and those children, */
  uint32_t count;             /* how many */
  const TSSymbol *aliases; /* its production's alias sequence, or NULL */
  Length position;        /* where its next child starts */
  uint32_t index, structural; /* its next child: index, and index among the non-extra ones */
  uint32_t own_structural;    /* its own structural index in its parent */
  TSSymbol alias;             /* its own alias, 0 if none */
  bool visible, extra;
  bool take_tokens; /* its visible leaf children of role 0 are taken as lines (code_walk_lines) */
  Length start;     /* its own start (for visible nodes) */
};

/* A frame for a node starting at `position`, about to walk its children. */
static struct code_walk_frame open_frame(const code_walk *w, const Subtree *subtree,
                                         Length position) {
  uint32_t count = ts_subtree_child_count(*subtree);
  const Subtree *children = count ? ts_subtree_children(*subtree) : NULL;
#ifndef __wasm__
  /* On a large tree the walk waits mostly on memory, node after node: asking for
     the first children at once overlaps those waits (~2-3% of a native analyze;
     wasm has no prefetch). */
  for (uint32_t i = 0; i < count && i < PREFETCH_CHILDREN; i++)
    if (!children[i].data.is_inline) __builtin_prefetch(children[i].ptr);
#endif
  return (struct code_walk_frame){
      .subtree = subtree,
      .children = children,
      .count = count,
      .aliases = count ? ts_language_alias_sequence(w->language, subtree->ptr->production_id) : NULL,
      .position = position,
      .start = position,
  };
}

bool code_walk_init(code_walk *w, const TSTree *tree, const code_walk_lines *lines) {
  memset(w, 0, sizeof *w);
  if (lines) w->lines = *lines;
  w->tree = tree;
  w->language = ts_tree_language(tree);
  w->cap = 64;
  w->frames = code_malloc(w->cap * sizeof *w->frames);
  if (!w->frames) return false;
  TSNode root = ts_tree_root_node(tree);
  const Subtree *subtree = (const Subtree *)root.id;
  w->frames[0] = open_frame(w, subtree, (Length){root.context[0], {root.context[1], root.context[2]}});
  w->frames[0].visible = true;
  w->frames[0].take_tokens = w->lines.roles != NULL;
  w->len = 1;
  return true;
}

void code_walk_free(code_walk *w) {
  code_free(w->frames);
  w->frames = NULL;
}

/* Writes the child's frame on top of the stack; a leaf's is not pushed (see code_walk.leaf). */
static bool push(code_walk *w, const Subtree *child, Length position, TSSymbol alias,
                 uint32_t structural, bool visible, bool take_tokens) {
  if (w->len == w->cap) {
    size_t cap = w->cap * 2;
    struct code_walk_frame *frames = code_realloc(w->frames, cap * sizeof *frames);
    if (!frames) return false;
    w->frames = frames, w->cap = cap;
  }
  struct code_walk_frame *f = &w->frames[w->len];
  *f = open_frame(w, child, position);
  f->own_structural = structural;
  f->alias = alias;
  f->visible = visible;
  f->take_tokens = take_tokens;
  f->extra = ts_subtree_extra(*child);
  w->leaf = f->count == 0;
  w->len += !w->leaf;
  return true;
}

/* A visible token: when the caller takes it as lines (code_walk_lines), marks
   its rows and returns true; false when the walk must stop at it. */
static bool take_token(code_walk *w, Subtree token, TSSymbol alias, Length start, Length size) {
  const code_walk_lines *lines = &w->lines;
  TSSymbol symbol = ts_language_public_symbol(w->language, alias ? alias : ts_subtree_symbol(token));
  if (symbol < lines->symbol_count && lines->roles[symbol]) return false;
  if (size.bytes > 0 && !ts_subtree_missing(token))
    code_mark_rows(lines->marks, lines->row_count, start.extent, length_add(start, size).extent, lines->mark);
  w->taken++;
  return true;
}

code_walk_event code_walk_next(code_walk *w) {
  if (w->leaf) {
    w->leaf = false; /* current is still the leaf's frame, just above the stack */
    return CODE_WALK_LEAVE;
  }
  while (w->len) {
    struct code_walk_frame *f = &w->frames[w->len - 1];
    uint32_t count = f->count;
    if (f->index == count) {
      w->len--;
      if (f->visible) {
        w->current = f;
        return CODE_WALK_LEAVE;
      }
      continue;
    }
    const Subtree *children = f->children;
    const Subtree *child = &children[f->index];
    Length position = f->position;
    uint32_t structural = f->structural;
    bool visible = ts_subtree_visible(*child);
    TSSymbol alias = 0;
    if (!ts_subtree_extra(*child)) {
      if (f->aliases) alias = f->aliases[structural];
      visible |= alias != 0;
      f->structural++;
    }
    Length size = ts_subtree_size(*child);
    f->position = length_add(f->position, size);
    if (++f->index < count) f->position = length_add(f->position, ts_subtree_padding(children[f->index]));
    if (!visible && ts_subtree_visible_child_count(*child) == 0) continue;
    if (visible && f->take_tokens && ts_subtree_child_count(*child) == 0 &&
        take_token(w, *child, alias, position, size))
      continue;
    /* visible frames take tokens unless told not to; hidden ones as their parent does */
    bool take_tokens = visible ? w->lines.roles != NULL : f->take_tokens;
    if (!push(w, child, position, alias, structural, visible, take_tokens)) return CODE_WALK_FAILED;
    if (visible) {
      w->current = &w->frames[w->len - !w->leaf];
      return CODE_WALK_ENTER;
    }
  }
  return CODE_WALK_DONE;
}

void code_walk_skip_children(code_walk *w) {
  if (w->leaf) return;
  struct code_walk_frame *f = &w->frames[w->len - 1];
  f->index = f->count;
}

void code_walk_stop_at_tokens(code_walk *w) {
  if (!w->leaf) w->frames[w->len - 1].take_tokens = false;
}

TSNode code_walk_node(const code_walk *w) {
  const struct code_walk_frame *f = w->current;
  return (TSNode){{f->start.bytes, f->start.extent.row, f->start.extent.column, f->alias},
                  f->subtree, w->tree};
}

TSSymbol code_walk_symbol(const code_walk *w) {
  const struct code_walk_frame *f = w->current;
  TSSymbol symbol = f->alias ? f->alias : ts_subtree_symbol(*f->subtree);
  return ts_language_public_symbol(w->language, symbol);
}

/* As ts_tree_cursor_current_field_id: the field of the node just entered, or of
   the hidden ancestor between it and its visible parent that has one. */
TSFieldId code_walk_field(const code_walk *w) {
  size_t top = (size_t)(w->current - w->frames);
  for (size_t i = top; i > 0; i--) {
    const struct code_walk_frame *f = &w->frames[i], *parent = &w->frames[i - 1];
    if (i != top && f->visible) break;
    if (f->extra) break;
    const TSFieldMapEntry *map, *end;
    ts_language_field_map(w->language, parent->subtree->ptr->production_id, &map, &end);
    for (; map < end; map++)
      if (!map->inherited && map->child_index == f->own_structural) return map->field_id;
  }
  return 0;
}

/*
 * What tree-sitter's query cursor spends in ts_tree_cursor_current_status, in
 * sibling steps: at each node it enters (and at each hidden ancestor up to the
 * visible parent) it looks through the later siblings for a named one. A run
 * of r anonymous siblings with no named one after them costs r²/2 steps:
 * 100 KB of '(' is one ERROR node with 100,000 '(' children, 5·10⁹ steps.
 * Counted per children array from the end: each child's steps (up to the next
 * named sibling) times the visible nodes that start the walk up through it.
 * Also the depth in visible nodes, which the cursor keeps in 16 bits.
 */
bool code_query_cost(const TSTree *tree, uint64_t step_limit, code_query_cost_t *out) {
  typedef struct {
    const Subtree *subtree;
    uint32_t depth;
  } entry;
  TSNode root = ts_tree_root_node(tree);
  size_t len = 0, cap = 64;
  entry *stack = code_malloc(cap * sizeof *stack);
  if (!stack) return false;
  stack[len++] = (entry){(const Subtree *)root.id, 1};
  *out = (code_query_cost_t){0, 1};
  while (len && out->sibling_steps <= step_limit && out->depth <= CODE_QUERY_MAX_DEPTH) {
    entry e = stack[--len];
    uint32_t count = ts_subtree_child_count(*e.subtree);
    if (!count) continue;
    const Subtree *children = ts_subtree_children(*e.subtree);
    uint32_t next_named = count; /* none yet */
    for (uint32_t i = count; i-- > 0;) {
      Subtree child = children[i];
      uint32_t grandchildren = ts_subtree_child_count(child);
      bool visible = ts_subtree_visible(child);
      uint32_t steps = next_named == count ? count - 1 - i : next_named - i;
      out->sibling_steps += (uint64_t)steps * (visible ? 1 : grandchildren ? child.ptr->visible_child_count : 0);
      if (visible ? ts_subtree_named(child) : grandchildren && child.ptr->named_child_count > 0) next_named = i;
      uint32_t depth = e.depth + visible;
      if (depth > out->depth) out->depth = depth;
      if (!grandchildren) continue;
      if (len == cap) {
        entry *grown = code_realloc(stack, 2 * cap * sizeof *stack);
        if (!grown) {
          code_free(stack);
          return false;
        }
        stack = grown, cap *= 2;
      }
      stack[len++] = (entry){&children[i], depth};
    }
  }
  code_free(stack);
  return true;
}
