/*
 * validate: the syntax errors of a source, from the ERROR and MISSING nodes of
 * its tree. An ERROR is reported once (not the errors nested inside it); the
 * message names its first token. Where an error may be the grammar's limit
 * rather than the author's mistake (C macros the grammar cannot expand), it is a
 * warning with the code "grammar-limit".
 */

#include "code_module.h"

/* The longest token quoted in a message. */
#define QUOTE_MAX 24

/* The first leaf of a node (its first token), found without recursion. */
static TSNode first_leaf(TSNode node) {
  while (ts_node_child_count(node) > 0) node = ts_node_child(node, 0);
  return node;
}

/* Appends the token at src[from..to) for a message: one line, at most QUOTE_MAX bytes. */
static void quote_token(wm_buf *msg, const uint8_t *src, uint32_t from, uint32_t to) {
  uint32_t end = from;
  while (end < to && end - from < QUOTE_MAX && src[end] != '\n' && src[end] != '\r') end++;
  while (end > from && end < to && (src[end] & 0xc0) == 0x80) end--; /* whole code points */
  wm_buf_append_byte(msg, '\'');
  for (uint32_t i = from; i < end; i++) {
    uint8_t c = src[i];
    wm_buf_append_byte(msg, c < 0x20 || c == 0x7f ? '?' : c);
  }
  if (end < to && src[end] != '\n' && src[end] != '\r') wm_buf_append_str(msg, "...");
  wm_buf_append_byte(msg, '\'');
}

/* True when the text of src[from..to) holds a macro-like name: two or more of A-Z 0-9 _. */
static bool has_macro_name(const uint8_t *src, uint32_t from, uint32_t to) {
  uint32_t run = 0;
  bool upper = false;
  for (uint32_t i = from; i < to && i - from < 4096; i++) {
    uint8_t c = src[i];
    if ((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9' && run)) {
      upper |= c >= 'A' && c <= 'Z';
      if (++run >= 2 && upper) return true;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      /* part of a lowercase identifier: skip to its end */
      while (i + 1 < to && ((src[i + 1] | 0x20) >= 'a' && (src[i + 1] | 0x20) <= 'z')) i++;
      run = 0, upper = false;
    } else {
      run = 0, upper = false;
    }
  }
  return false;
}

static bool is_word_byte(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

static bool is_variance(const uint8_t *w, uint32_t n) {
  return (n == 2 && memcmp(w, "in", 2) == 0) || (n == 3 && memcmp(w, "out", 3) == 0);
}

/*
 * TypeScript 4.7's variance annotations (`<in T>`, `<out T>`) are newer than
 * the pinned grammar, which reads them where TypeScript accepts them only
 * because code_mask.c blanks them out. Returns where the annotation is when
 * the error starts with one or follows one that opens a type parameter, else
 * UINT32_MAX.
 */
static uint32_t near_variance_annotation(const uint8_t *src, uint32_t len, uint32_t start) {
  uint32_t i = start, w = start;
  while (i < len && (src[i] == ' ' || src[i] == '\n' || src[i] == '\t' || src[i] == '\r')) i++;
  w = i;
  while (i < len && is_word_byte(src[i])) i++;
  if (is_variance(src + w, i - w) && i < len && (src[i] == ' ' || src[i] == '\n')) return w;
  i = start;
  while (i > 0 && (src[i - 1] == ' ' || src[i - 1] == '\n' || src[i - 1] == '\t' || src[i - 1] == '\r')) i--;
  w = i;
  while (w > 0 && is_word_byte(src[w - 1])) w--;
  if (!is_variance(src + w, i - w)) return UINT32_MAX;
  uint32_t word = w;
  while (w > 0 && (src[w - 1] == ' ' || src[w - 1] == '\n' || src[w - 1] == '\t' || src[w - 1] == '\r')) w--;
  return w > 0 && (src[w - 1] == '<' || src[w - 1] == ',') ? word : UINT32_MAX;
}

typedef struct error_walk {
  wm_ctx *ctx;
  const code_doc *doc;
  uint32_t preproc_depth; /* how many C preprocessor conditionals enclose the node */
  wm_severity severity; /* of syntax errors: an error for validate, a warning elsewhere */
  size_t errors;
  bool failed; /* out of memory */
} error_walk;

static void report(error_walk *w, TSNode node, bool missing) {
  const code_doc *doc = w->doc;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  wm_buf msg;
  wm_buf_init(&msg);
  const char *code;
  wm_severity severity = w->severity;
  if (missing) {
    code = "missing-token";
    const char *type = ts_node_type(node);
    wm_buf_append_str(&msg, "missing ");
    if (ts_node_is_named(node)) {
      wm_buf_append_str(&msg, type);
    } else {
      wm_buf_append_byte(&msg, '\'');
      wm_buf_append_str(&msg, type);
      wm_buf_append_byte(&msg, '\'');
    }
  } else {
    code = "syntax-error";
    TSNode leaf = first_leaf(node);
    uint32_t from = ts_node_start_byte(leaf), to = ts_node_end_byte(leaf);
    if (from == to) from = start, to = end;
    if (from == to) {
      wm_buf_append_str(&msg, "unexpected end of input");
    } else {
      wm_buf_append_str(&msg, "unexpected ");
      quote_token(&msg, doc->src, from, to);
    }
  }
  /* the macro is often just before the error (FOREACH(x) { ... } lacks a ';'): look from the line start */
  uint32_t line_start = start;
  while (line_start > 0 && start - line_start < 160 && doc->src[line_start - 1] != '\n') line_start--;
  if (doc->lang->family == FAMILY_C &&
      (w->preproc_depth > 0 || has_macro_name(doc->src, line_start, end > start ? end : start))) {
    code = "grammar-limit";
    severity = WM_SEV_WARNING;
    wm_buf_append_str(&msg, " (maybe a macro or preprocessor construct the C grammar cannot "
                            "expand, rather than an error)");
  } else if (doc->lang->family == FAMILY_JS && strcmp(doc->lang->name, "javascript") != 0) {
    uint32_t variance = near_variance_annotation(doc->src, doc->len, start);
    if (variance != UINT32_MAX && code_in_declaration_parameters(doc->src, doc->len, variance)) {
      /* where TypeScript accepts them, in a shape code_mask.c does not read */
      code = "grammar-limit";
      severity = WM_SEV_WARNING;
      wm_buf_append_str(&msg, " (maybe a variance annotation `in`/`out` on a type parameter, "
                              "newer than the TypeScript grammar, rather than an error)");
    } else if (variance != UINT32_MAX) {
      wm_buf_append_str(&msg, " (`in` and `out` annotate only the type parameters of a class, "
                              "an interface or a type alias, in that order, once each)");
    }
  }
  if (strcmp(code, "grammar-limit") != 0) w->errors++;
  wm_diags_add_message(w->ctx->diags, severity, code, start, end, &msg);
}

/*
 * Walks only the subtrees that hold an error (ts_node_has_error), so a valid
 * source costs one look at the root.
 */
static void find_errors(error_walk *w) {
  const code_doc *doc = w->doc;
  if (!ts_node_has_error(doc->root)) return;
  /* preproc_at[d]: whether the node at depth d is a preprocessor conditional
     (a buffer of the call: the cursor's moves may unwind it, code_alloc.h) */
  wm_buf *preproc_at = code_buf_open();
  if (!preproc_at) {
    w->failed = true;
    return;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(doc->root);
  uint32_t depth = 0;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    code_role role = code_role_of(doc, node);
    bool preproc = role == ROLE_PREPROC || role == ROLE_PREPROC_ALT;
    bool descend = false;
    if (ts_node_is_missing(node)) {
      report(w, node, true);
    } else if (ts_node_is_error(node)) {
      report(w, node, false);
    } else {
      descend = ts_node_has_error(node);
    }
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) {
      wm_buf_append_byte(preproc_at, preproc);
      if (wm_buf_failed(preproc_at)) {
        w->failed = true;
        break;
      }
      w->preproc_depth += preproc;
      depth++;
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) break;
      if (depth == 0 || !ts_tree_cursor_goto_parent(&cursor)) goto done;
      depth--;
      w->preproc_depth -= preproc_at->data[--preproc_at->len];
    }
  }
done:
  ts_tree_cursor_delete(&cursor);
  code_buf_close(preproc_at);
}

bool code_report_syntax_errors(wm_ctx *ctx, const code_doc *doc, wm_severity severity, size_t *errors) {
  error_walk w = {ctx, doc, 0, severity, 0, false};
  find_errors(&w);
  *errors = w.errors;
  return !w.failed;
}

wm_status code_validate(wm_ctx *ctx, const code_language *lang) {
  code_doc doc;
  wm_status status = code_parse(ctx, lang, WM_SEV_ERROR, &doc);
  if (status != WM_OK) return status;
  size_t errors;
  bool reported = code_report_syntax_errors(ctx, &doc, WM_SEV_ERROR, &errors);
  code_doc_free(&doc);
  if (!reported || ctx->diags->failed) return WM_OUT_OF_MEMORY;
  return errors || wm_diags_count(ctx->diags, WM_SEV_ERROR) ? WM_INVALID_INPUT : WM_OK;
}
