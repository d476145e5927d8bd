/*
 * analyze: functions with their complexity, nesting and size, classes with
 * their methods, imports and exports, line totals, and the syntax errors.
 *
 * One cursor walk over the tree, no recursion: a stack of the ancestors of the
 * current node (path) and a stack of the functions and classes that enclose it
 * (scopes). A decision adds one to the innermost function; nested functions
 * count on their own, as ESLint's complexity rule does (modules/code/README.md).
 */
#include "code_module.h"

typedef struct unit {
  TSNode node;
  const char *kind;
  code_slice name;
  uint32_t start_column, end_column;
  int32_t class_index; /* the class it is a member of, or -1 */
  int params;          /* -1: none (class field initializers, static blocks) */
  uint32_t complexity, depth, max_depth;
} unit;

typedef struct class_rec {
  TSNode node;
  code_slice name;
  uint32_t start_column, end_column;
  size_t first_unit; /* its members are among the units from here on */
} class_rec;

typedef struct scope {
  const void *id; /* the node that opened it */
  uint32_t start;
  int32_t unit;  /* index into units, or -1 for a class */
  int32_t klass; /* index into classes when unit == -1 */
} scope;

typedef struct ancestor {
  TSNode node;
  uint8_t role;
  uint8_t deepened; /* it added a nesting level to the innermost function */
  uint8_t muted;    /* its decisions are not counted (see ROLE_PREPROC_ALT) */
} ancestor;

/* A growable array of T, with sticky failure. */
#define ARRAY(T) \
  struct {       \
    T *items;    \
    size_t len, cap; \
  }
#define ARRAY_PUSH(a, failed, value)                                               \
  do {                                                                            \
    if ((a).len == (a).cap) {                                                     \
      size_t cap_ = (a).cap ? (a).cap * 2 : 64;                                   \
      void *items_ = code_realloc((a).items, cap_ * sizeof *(a).items);           \
      if (!items_) { (failed) = true; break; }                                    \
      (a).items = items_, (a).cap = cap_;                                         \
    }                                                                             \
    (a).items[(a).len++] = (value);                                               \
  } while (0)

typedef struct analysis {
  const code_doc *doc;
  ARRAY(unit) units;
  ARRAY(class_rec) classes;
  ARRAY(scope) scopes;
  ARRAY(ancestor) path;
  wm_buf *imports, *exports; /* buffers of the call: kept across tree-sitter calls (code_alloc.h) */
  uint8_t *line_marks; /* per line: 1 code, 2 comment */
  uint32_t line_count;
  code_locator start_loc, end_loc;
  uint32_t muted; /* how many enclosing nodes mute decisions */
  bool failed;
} analysis;

enum { MARK_CODE = 1, MARK_COMMENT = 2 };

/* MARK: - Units and classes */

static unit *innermost_unit(analysis *a) {
  if (!a->scopes.len) return NULL;
  scope *s = &a->scopes.items[a->scopes.len - 1];
  return s->unit >= 0 ? &a->units.items[s->unit] : NULL;
}

static int32_t enclosing_class(analysis *a) {
  if (!a->scopes.len) return -1;
  scope *s = &a->scopes.items[a->scopes.len - 1];
  return s->unit < 0 ? s->klass : -1;
}

static bool has_token(TSNode node, const char *token) {
  uint32_t n = ts_node_child_count(node);
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_child(node, i);
    if (ts_node_is_named(c)) {
      /* the modifiers come before the name */
      if (strcmp(ts_node_type(c), "decorator") != 0 &&
          strcmp(ts_node_type(c), "accessibility_modifier") != 0 &&
          strcmp(ts_node_type(c), "override_modifier") != 0)
        break;
      continue;
    }
    if (strcmp(ts_node_type(c), token) == 0) return true;
  }
  return false;
}

static const char *unit_kind(analysis *a, TSNode node, code_role role, code_slice name) {
  const code_doc *doc = a->doc;
  switch (role) {
  case ROLE_ARROW: return "arrow";
  case ROLE_STATIC_BLOCK: return "static-block";
  case ROLE_METHOD:
    if (has_token(node, "get")) return "getter";
    if (has_token(node, "set")) return "setter";
    if (name.to - name.from == 11 && memcmp(doc->src + name.from, "constructor", 11) == 0)
      return "constructor";
    return "method";
  default:
    if (doc->lang->family == FAMILY_PYTHON && enclosing_class(a) >= 0) return "method";
    if (doc->lang->family == FAMILY_JS && strstr(ts_node_type(node), "generator")) return "generator";
    return "function";
  }
}

static void open_unit(analysis *a, TSNode node, TSNode parent, code_role role, bool initializer) {
  unit u = {0};
  u.node = node;
  u.class_index = enclosing_class(a);
  if (initializer) {
    u.kind = "initializer";
    u.name = code_name_of(a->doc, parent, (TSNode){0});
    u.params = -1;
  } else {
    u.name = role == ROLE_STATIC_BLOCK ? (code_slice){0, 0} : code_name_of(a->doc, node, parent);
    u.kind = unit_kind(a, node, role, u.name);
    u.params = role == ROLE_STATIC_BLOCK ? -1 : code_params_of(a->doc, node);
    if (u.params < 0 && role != ROLE_STATIC_BLOCK) u.params = 0;
  }
  u.complexity = 1;
  u.start_column = code_column(&a->start_loc, ts_node_start_byte(node), ts_node_start_point(node));
  scope s = {node.id, ts_node_start_byte(node), (int32_t)a->units.len, -1};
  ARRAY_PUSH(a->units, a->failed, u);
  ARRAY_PUSH(a->scopes, a->failed, s);
}

static void open_class(analysis *a, TSNode node, TSNode parent) {
  class_rec c = {node, code_name_of(a->doc, node, parent), 0, 0, a->units.len};
  c.start_column = code_column(&a->start_loc, ts_node_start_byte(node), ts_node_start_point(node));
  scope s = {node.id, ts_node_start_byte(node), -1, (int32_t)a->classes.len};
  ARRAY_PUSH(a->classes, a->failed, c);
  ARRAY_PUSH(a->scopes, a->failed, s);
}

/* Closes the scopes the node opened (two for a class field's arrow function). */
static void close_scopes(analysis *a, TSNode node) {
  while (a->scopes.len) {
    scope *s = &a->scopes.items[a->scopes.len - 1];
    if (s->id != node.id || s->start != ts_node_start_byte(node)) break;
    uint32_t end_column = code_column(&a->end_loc, ts_node_end_byte(node), ts_node_end_point(node));
    if (s->unit >= 0)
      a->units.items[s->unit].end_column = end_column;
    else
      a->classes.items[s->klass].end_column = end_column;
    a->scopes.len--;
  }
}

/* MARK: - Imports and exports */

static void append_item(analysis *a, wm_buf *out, const char *key, uint32_t from, uint32_t to,
                        TSNode at) {
  if (to - from >= 2 && (a->doc->src[from] == '"' || a->doc->src[from] == '\'' || a->doc->src[from] == '<'))
    from++, to--; /* a quoted module name or a C <header> */
  wm_buf_append_str(out, out->len ? ",{\"" : "{\"");
  wm_buf_append_str(out, key);
  wm_buf_append_str(out, "\":");
  code_append_text(out, a->doc->src, from, to, 1024);
  code_append_uint_member(out, "line", ts_node_start_point(at).row + 1);
  wm_buf_append_byte(out, '}');
}

static void append_node_item(analysis *a, wm_buf *out, const char *key, TSNode name, TSNode at) {
  append_item(a, out, key, ts_node_start_byte(name), ts_node_end_byte(name), at);
}

static TSNode child_named(TSNode node, const char *field) {
  return ts_node_child_by_field_name(node, field, (uint32_t)strlen(field));
}

static void record_import(analysis *a, TSNode node) {
  const code_doc *doc = a->doc;
  TSNode source = ts_node_child_by_field_id(node, doc->f_source);
  if (ts_node_is_null(source)) source = child_named(node, "module_name");
  if (ts_node_is_null(source)) source = child_named(node, "path");
  if (!ts_node_is_null(source)) {
    append_node_item(a, a->imports, "source", source, node);
    return;
  }
  /* Python `import a.b, c as d` */
  uint32_t n = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_named_child(node, i);
    if (strcmp(ts_node_type(c), "aliased_import") == 0) c = ts_node_child_by_field_id(c, doc->f_name);
    if (!ts_node_is_null(c) && strcmp(ts_node_type(c), "dotted_name") == 0)
      append_node_item(a, a->imports, "source", c, node);
  }
}

static void record_export(analysis *a, TSNode node) {
  const code_doc *doc = a->doc;
  TSNode decl = ts_node_child_by_field_id(node, doc->f_declaration);
  if (!ts_node_is_null(decl)) {
    TSNode name = ts_node_child_by_field_id(decl, doc->f_name);
    if (!ts_node_is_null(name)) {
      append_node_item(a, a->exports, "name", name, node);
      return;
    }
    /* export const a = 1, b = 2 */
    uint32_t n = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < n; i++) {
      TSNode d = ts_node_named_child(decl, i);
      TSNode dn = ts_node_child_by_field_id(d, doc->f_name);
      if (!ts_node_is_null(dn)) append_node_item(a, a->exports, "name", dn, node);
    }
    return;
  }
  uint32_t n = ts_node_child_count(node);
  for (uint32_t i = 0; i < n; i++) {
    TSNode c = ts_node_child(node, i);
    const char *type = ts_node_type(c);
    if (strcmp(type, "default") == 0) {
      append_node_item(a, a->exports, "name", c, node);
      return;
    }
    if (strcmp(type, "*") == 0 || strcmp(type, "namespace_export") == 0) {
      append_node_item(a, a->exports, "name", c, node);
      return;
    }
    if (strcmp(type, "export_clause") == 0) {
      uint32_t m = ts_node_named_child_count(c);
      for (uint32_t j = 0; j < m; j++) {
        TSNode spec = ts_node_named_child(c, j);
        TSNode alias = child_named(spec, "alias");
        TSNode name = ts_node_is_null(alias) ? ts_node_child_by_field_id(spec, doc->f_name) : alias;
        if (!ts_node_is_null(name)) append_node_item(a, a->exports, "name", name, node);
      }
      return;
    }
  }
}

/* MARK: - The walk */

/* Marks the lines a non-empty node spans, from start to end. */
static void mark_lines(analysis *a, TSNode node, uint8_t mark) {
  if (ts_node_end_byte(node) == ts_node_start_byte(node)) return;
  code_mark_rows(a->line_marks, a->line_count, ts_node_start_point(node), ts_node_end_point(node), mark);
}

static void add(analysis *a, uint32_t n) {
  if (a->muted) return;
  unit *u = innermost_unit(a);
  if (u) u->complexity += n;
}

/* What entering `node` means; returns false when its children are not to be walked. */
static bool enter(analysis *a, TSNode node, ancestor *parent, TSFieldId field_id, ancestor *self) {
  const code_doc *doc = a->doc;
  code_role role = (code_role)self->role;
  TSNode parent_node = parent ? parent->node : (TSNode){0};

  if (parent && parent->role == ROLE_FIELD && field_id == doc->f_value)
    open_unit(a, node, parent_node, ROLE_FIELD, true);
  /* C: pmccabe ignores preprocessor lines (the && of an #if) and reads only the
     first branch of an #if inside a function */
  bool in_condition = parent && (parent->role == ROLE_PREPROC || parent->role == ROLE_PREPROC_ALT) &&
                      field_id == doc->f_condition;
  if (in_condition || (role == ROLE_PREPROC_ALT && innermost_unit(a))) {
    self->muted = 1;
    a->muted++;
  }

  switch (role) {
  case ROLE_FUNCTION:
  case ROLE_ARROW:
  case ROLE_METHOD:
  case ROLE_STATIC_BLOCK: {
    /* `key: (function () {})` is bound to key: look through the parentheses */
    size_t up = a->path.len - 1;
    while (up > 0 && a->path.items[up - 1].role == ROLE_PARENS) up--;
    if (up > 0 && up < a->path.len - 1) parent_node = a->path.items[up - 1].node;
    open_unit(a, node, parent_node, role, false);
    break;
  }
  case ROLE_CLASS: open_class(a, node, parent_node); break;
  case ROLE_IF:
    add(a, 1);
    self->deepened = !(parent && parent->role == ROLE_ELSE);
    break;
  case ROLE_DECISION: add(a, 1); break;
  case ROLE_DECISION_NEST:
    add(a, 1);
    self->deepened = 1;
    break;
  case ROLE_NEST: self->deepened = 1; break;
  case ROLE_CASE:
    if (!ts_node_is_null(ts_node_child_by_field_id(node, doc->f_value))) add(a, 1);
    break;
  case ROLE_LOGICAL_OP: /* a binary node's operator: the only place for such a token in it */
    if (parent && parent->role == ROLE_BINARY) add(a, 1);
    break;
  case ROLE_OPTIONAL_TOKEN:
    if (!parent || strcmp(ts_node_type(parent_node), "optional_chain") != 0) add(a, 1);
    break;
  case ROLE_PARAMETER:
    if (!ts_node_is_null(ts_node_child_by_field_id(node, doc->f_value))) add(a, 1);
    break;
  case ROLE_LOOP_ELSE:
    if (parent && (parent->role == ROLE_DECISION_NEST || parent->role == ROLE_NEST)) add(a, 1);
    break;
  case ROLE_COMMENT: mark_lines(a, node, MARK_COMMENT); return false;
  case ROLE_IMPORT: record_import(a, node); break;
  case ROLE_EXPORT: record_export(a, node); break;
  default: break;
  }
  if (self->deepened) {
    unit *u = innermost_unit(a);
    if (u) {
      if (++u->depth > u->max_depth) u->max_depth = u->depth;
    } else {
      self->deepened = 0;
    }
  }
  return true;
}

static void leave(analysis *a, TSNode node, ancestor *self) {
  a->muted -= self->muted;
  if (self->deepened) {
    unit *u = innermost_unit(a);
    if (u) u->depth--;
  }
  close_scopes(a, node);
}

/* The children of a node with this role need their field (finding it scans the parent's field map). */
static bool fields_matter(uint8_t role) {
  return role == ROLE_FIELD || role == ROLE_PREPROC || role == ROLE_PREPROC_ALT;
}

/* After entering a node: whether and how its children are walked. */
static void descend_or_skip(code_walk *w, bool descend, code_role role) {
  if (!descend)
    code_walk_skip_children(w);
  else if (fields_matter(role))
    code_walk_stop_at_tokens(w);
}

static void walk(analysis *a) {
  const code_doc *doc = a->doc;
  /* A plain token (role 0), most of the nodes, would only mark its lines as
     code: the walk does that itself, without stopping. */
  code_walk_lines lines = {doc->roles, doc->symbol_count, a->line_marks, a->line_count, MARK_CODE};
  code_walk w;
  if (!code_walk_init(&w, doc->tree, &lines)) {
    a->failed = true;
    return;
  }
  ancestor root = {doc->root, (uint8_t)code_role_of(doc, doc->root), 0, 0};
  ARRAY_PUSH(a->path, a->failed, root);
  bool descend = !a->failed && enter(a, doc->root, NULL, 0, &a->path.items[0]);
  descend_or_skip(&w, descend, root.role);
  /* entered and walked into, but no child entered or taken yet */
  bool leaf = descend;
  size_t taken = w.taken;
  while (!a->failed) {
    code_walk_event event = code_walk_next(&w);
    if (event == CODE_WALK_ENTER) {
      code_role role = code_role_of_symbol(doc, code_walk_symbol(&w));
      TSNode node = code_walk_node(&w);
      ancestor self = {node, (uint8_t)role, 0, 0};
      ARRAY_PUSH(a->path, a->failed, self);
      if (a->failed) break;
      ancestor *parent = &a->path.items[a->path.len - 2];
      TSFieldId field_id = fields_matter(parent->role) ? code_walk_field(&w) : 0;
      descend = enter(a, node, parent, field_id, &a->path.items[a->path.len - 1]);
      descend_or_skip(&w, descend, role);
      leaf = descend;
      taken = w.taken;
    } else if (event == CODE_WALK_LEAVE) {
      ancestor *self = &a->path.items[a->path.len - 1];
      if (leaf && w.taken == taken && !ts_node_is_missing(self->node))
        mark_lines(a, self->node, MARK_CODE);
      leaf = false;
      leave(a, self->node, self);
      a->path.len--;
    } else {
      a->failed = event == CODE_WALK_FAILED;
      break;
    }
  }
  code_walk_free(&w);
}

/* MARK: - Output */

static void append_name(wm_buf *out, const code_doc *doc, code_slice name) {
  if (name.to > name.from)
    code_append_text(out, doc->src, name.from, name.to, 256);
  else
    wm_buf_append_str(out, "\"<anonymous>\"");
}

static void append_position(wm_buf *out, TSNode node, uint32_t start_column, uint32_t end_column) {
  code_append_uint_member(out, "startLine", ts_node_start_point(node).row + 1);
  code_append_uint_member(out, "startColumn", start_column);
  code_append_uint_member(out, "endLine", ts_node_end_point(node).row + 1);
  code_append_uint_member(out, "endColumn", end_column);
  code_append_uint_member(out, "startOffset", ts_node_start_byte(node));
  code_append_uint_member(out, "endOffset", ts_node_end_byte(node));
}

static void write_output(analysis *a, wm_buf *out, size_t syntax_errors) {
  const code_doc *doc = a->doc;
  uint64_t sum = 0;
  uint32_t max = 0;
  wm_buf_append_str(out, "{\"language\":\"");
  wm_buf_append_str(out, doc->lang->name);
  wm_buf_append_str(out, "\",\"functions\":[");
  for (size_t i = 0; i < a->units.len; i++) {
    unit *u = &a->units.items[i];
    sum += u->complexity;
    if (u->complexity > max) max = u->complexity;
    wm_buf_append_str(out, i ? ",{\"name\":" : "{\"name\":");
    append_name(out, doc, u->name);
    wm_buf_append_str(out, ",\"kind\":\"");
    wm_buf_append_str(out, u->kind);
    wm_buf_append_byte(out, '"');
    append_position(out, u->node, u->start_column, u->end_column);
    if (u->params >= 0)
      code_append_uint_member(out, "params", (uint64_t)u->params);
    else
      wm_buf_append_str(out, ",\"params\":null");
    code_append_uint_member(out, "complexity", u->complexity);
    code_append_uint_member(out, "maxNesting", u->max_depth);
    code_append_uint_member(out, "lines",
                            ts_node_end_point(u->node).row - ts_node_start_point(u->node).row + 1);
    if (u->class_index >= 0) {
      wm_buf_append_str(out, ",\"class\":");
      append_name(out, doc, a->classes.items[u->class_index].name);
    }
    wm_buf_append_byte(out, '}');
  }
  wm_buf_append_str(out, "],\"classes\":[");
  for (size_t c = 0; c < a->classes.len; c++) {
    class_rec *k = &a->classes.items[c];
    wm_buf_append_str(out, c ? ",{\"name\":" : "{\"name\":");
    append_name(out, doc, k->name);
    append_position(out, k->node, k->start_column, k->end_column);
    wm_buf_append_str(out, ",\"methods\":[");
    /* a class's members come after it, before the next top-level scope */
    bool first = true;
    for (size_t i = k->first_unit; i < a->units.len; i++) {
      unit *u = &a->units.items[i];
      if (ts_node_start_byte(u->node) >= ts_node_end_byte(k->node)) break;
      if (u->class_index != (int32_t)c) continue;
      if (!first) wm_buf_append_byte(out, ',');
      first = false;
      append_name(out, doc, u->name);
    }
    wm_buf_append_str(out, "]}");
  }
  wm_buf_append_str(out, "],\"imports\":[");
  wm_buf_append(out, a->imports->data, a->imports->len);
  wm_buf_append_str(out, "],\"exports\":[");
  wm_buf_append(out, a->exports->data, a->exports->len);

  uint32_t code = 0, comment = 0;
  for (uint32_t i = 0; i < a->line_count; i++) {
    code += a->line_marks[i] & MARK_CODE ? 1 : 0;
    comment += a->line_marks[i] == MARK_COMMENT;
  }
  wm_buf_append_str(out, "],\"totals\":{\"lines\":");
  wm_buf_append_uint(out, a->line_count);
  code_append_uint_member(out, "codeLines", code);
  code_append_uint_member(out, "commentLines", comment);
  code_append_uint_member(out, "blankLines", a->line_count - code - comment);
  code_append_uint_member(out, "functions", a->units.len);
  /* the average with two decimals, rounded half up, in integers: the same bytes everywhere */
  uint64_t hundredths = a->units.len ? (sum * 200 + a->units.len) / (2 * a->units.len) : 0;
  wm_buf_append_str(out, ",\"complexityAvg\":");
  wm_buf_append_uint(out, hundredths / 100);
  wm_buf_append_byte(out, '.');
  wm_buf_append_byte(out, (uint8_t)('0' + hundredths / 10 % 10));
  wm_buf_append_byte(out, (uint8_t)('0' + hundredths % 10));
  code_append_uint_member(out, "complexityMax", max);
  wm_buf_append_byte(out, '}');
  code_append_uint_member(out, "syntaxErrors", syntax_errors);
  wm_buf_append_byte(out, '}');
}

/* MARK: - Outline */

/* Whether a unit shows in the outline: named functions and methods, not initializers. */
static bool in_outline(const unit *u) {
  return u->name.to > u->name.from && strcmp(u->kind, "initializer") != 0;
}

static void open_symbol(wm_buf *out, const code_doc *doc, bool first, code_slice name,
                        const char *kind, TSNode node, uint32_t start_column) {
  wm_buf_append_str(out, first ? "{\"name\":" : ",{\"name\":");
  append_name(out, doc, name);
  wm_buf_append_str(out, ",\"kind\":\"");
  wm_buf_append_str(out, kind);
  wm_buf_append_byte(out, '"');
  code_append_uint_member(out, "startLine", ts_node_start_point(node).row + 1);
  code_append_uint_member(out, "startColumn", start_column);
  wm_buf_append_str(out, ",\"children\":[");
}

static void close_symbol(wm_buf *out, TSNode node, uint32_t end_column) {
  wm_buf_append_byte(out, ']');
  code_append_uint_member(out, "endLine", ts_node_end_point(node).row + 1);
  code_append_uint_member(out, "endColumn", end_column);
  wm_buf_append_byte(out, '}');
}

/*
 * The symbol tree: classes and named functions in source order, each inside
 * the innermost one that contains it. Built from the walk's records with a
 * stack of the open symbols (no recursion).
 */
static void write_outline(analysis *a, wm_buf *out, size_t syntax_errors) {
  typedef struct open_symbol_t {
    TSNode node;
    uint32_t end_column;
    bool has_children;
  } open_symbol_t;
  ARRAY(open_symbol_t) stack = {0};
  bool top_has = false;
  size_t u = 0, c = 0;
  wm_buf_append_str(out, "{\"language\":\"");
  wm_buf_append_str(out, a->doc->lang->name);
  wm_buf_append_str(out, "\",\"symbols\":[");
  while (!a->failed) {
    while (u < a->units.len && !in_outline(&a->units.items[u])) u++;
    bool take_class = c < a->classes.len &&
                      (u == a->units.len || ts_node_start_byte(a->classes.items[c].node) <=
                                                ts_node_start_byte(a->units.items[u].node));
    if (!take_class && u == a->units.len) break;
    TSNode node = take_class ? a->classes.items[c].node : a->units.items[u].node;
    while (stack.len && ts_node_end_byte(stack.items[stack.len - 1].node) <= ts_node_start_byte(node)) {
      stack.len--;
      close_symbol(out, stack.items[stack.len].node, stack.items[stack.len].end_column);
    }
    bool *has = stack.len ? &stack.items[stack.len - 1].has_children : &top_has;
    bool is_first = !*has;
    open_symbol_t entry = {node, 0, false};
    if (take_class) {
      class_rec *k = &a->classes.items[c++];
      open_symbol(out, a->doc, is_first, k->name, "class", node, k->start_column);
      entry.end_column = k->end_column;
    } else {
      unit *f = &a->units.items[u++];
      open_symbol(out, a->doc, is_first, f->name, f->kind, node, f->start_column);
      entry.end_column = f->end_column;
    }
    *has = true;
    ARRAY_PUSH(stack, a->failed, entry);
  }
  while (stack.len) {
    stack.len--;
    close_symbol(out, stack.items[stack.len].node, stack.items[stack.len].end_column);
  }
  code_free(stack.items);
  wm_buf_append_byte(out, ']');
  code_append_uint_member(out, "syntaxErrors", syntax_errors);
  wm_buf_append_byte(out, '}');
}

/* MARK: - The ops */

typedef void (*writer)(analysis *a, wm_buf *out, size_t syntax_errors);

static wm_status run(wm_ctx *ctx, const code_language *lang, writer write) {
  code_doc doc;
  wm_status status = code_parse(ctx, lang, WM_SEV_WARNING, &doc);
  if (status != WM_OK) return status;
  analysis a = {0};
  a.doc = &doc;
  a.imports = code_buf_open();
  a.exports = code_buf_open();
  code_locator_init(&a.start_loc, doc.src);
  code_locator_init(&a.end_loc, doc.src);
  for (size_t at = 0; at < doc.len; at++, a.line_count++) {
    at = ctx->scan->find_byte(doc.src, at, doc.len, '\n');
  }
  a.line_marks = code_calloc(a.line_count + 1, 1);
  if (!a.line_marks || !a.imports || !a.exports) a.failed = true;
  if (!a.failed) walk(&a);
  size_t errors = 0;
  if (!code_report_syntax_errors(ctx, &doc, WM_SEV_WARNING, &errors)) a.failed = true;
  if (!a.failed && (wm_buf_failed(a.imports) || wm_buf_failed(a.exports))) a.failed = true;
  if (!a.failed) write(&a, ctx->out, errors);
  if (a.failed) status = WM_OUT_OF_MEMORY; /* before writing, or while (the outline's stack) */
  code_free(a.units.items);
  code_free(a.classes.items);
  code_free(a.scopes.items);
  code_free(a.path.items);
  code_free(a.line_marks);
  code_buf_close(a.imports);
  code_buf_close(a.exports);
  code_doc_free(&doc);
  return status;
}

wm_status code_analyze(wm_ctx *ctx, const code_language *lang) {
  return run(ctx, lang, write_output);
}

wm_status code_outline(wm_ctx *ctx, const code_language *lang) {
  return run(ctx, lang, write_outline);
}
