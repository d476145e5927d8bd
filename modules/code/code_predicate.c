/*
 * Query predicates, with web-tree-sitter's meaning (its Query class):
 *
 * - #eq? #not-eq? #any-eq? #any-not-eq? @a "text"|@b: the text of every
 *   node captured as @a (any one of them, for the any- forms) equals (does
 *   not equal) the string, or the text of some node captured as @b;
 * - #match? #not-match? #any-match? #any-not-match? @a "regex": the same
 *   with a regular expression that matches somewhere in the text (no node
 *   captured: true for the not- forms only);
 * - #any-of? #not-any-of? @a "s"...: every node's text is one of the strings
 *   (#not-any-of?: not every one is; no node captured: true for #not-any-of? only);
 * - #is? #is-not? #set! with a key and an optional value (strings): properties
 *   of the pattern, written into each of its captures as web-tree-sitter's
 *   assertedProperties, refutedProperties and setProperties;
 * - #strip! #select-adjacent! #offset! (the tags and injection queries of the
 *   grammar packages use them): not applied, listed as "directives", as
 *   web-tree-sitter lists them in Query.predicates.
 *
 * Anything else, or the wrong arguments, is a bad query: a filter that is
 * silently ignored would give wrong answers.
 */
#include "code_predicate.h"

#include <string.h>

#include "code_regex.h"

typedef enum pred_kind { PRED_EQ, PRED_MATCH, PRED_ANY_OF } pred_kind;

typedef struct code_pred {
  uint8_t kind;         /* pred_kind */
  bool positive;        /* eq?, match?, any-of? (not the not- forms) */
  bool every;           /* every node captured must pass, else any one */
  uint32_t capture;     /* the first argument */
  bool other_capture;   /* eq with a capture: other */
  uint32_t other;       /* the second capture */
  const char *text;     /* eq with a string */
  uint32_t text_len;
  code_regex *re;                      /* match */
  const TSQueryPredicateStep *values;  /* any-of: its strings */
  uint32_t n_values;
} code_pred;

typedef struct pattern_info {
  uint32_t first, count;           /* its text predicates */
  uint32_t props_at, props_len;    /* its properties, members of a capture, in `props` */
} pattern_info;

struct code_predicates {
  const TSQuery *query;
  code_pred *preds;
  uint32_t n_preds, preds_cap;
  pattern_info *patterns;
  /* In buffers of the call (code_buf_open): they are kept while tree-sitter
     parses and runs the query, which may unwind the call. */
  wm_buf *props;
  wm_buf *directives; /* the items of the "directives" array */
  uint32_t n_directives;
  uint64_t regex_budget; /* thread steps #match? may still take */
};

void code_predicates_free(code_predicates *self) {
  if (!self) return;
  for (uint32_t i = 0; i < self->n_preds; i++) code_regex_free(self->preds[i].re);
  code_free(self->preds);
  code_free(self->patterns);
  code_buf_close(self->props);
  code_buf_close(self->directives);
  code_free(self);
}

/* MARK: - Reading them */

/*
 * The offset of the k-th predicate (its '#' or '.') of the pattern that spans
 * text[from..to), for diagnostics: tree-sitter keeps no offsets of predicates.
 */
static uint32_t predicate_offset(const char *text, uint32_t from, uint32_t to, uint32_t k) {
  for (uint32_t i = from; i < to; i++) {
    char c = text[i];
    if (c == '"') {
      for (i++; i < to && text[i] != '"'; i++)
        if (text[i] == '\\') i++;
    } else if (c == ';') {
      while (i < to && text[i] != '\n') i++;
    } else if (c == '(') {
      uint32_t j = i + 1;
      while (j < to && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) j++;
      if (j < to && (text[j] == '#' || text[j] == '.') && k-- == 0) return j;
    }
  }
  return from;
}

typedef struct reader {
  wm_ctx *ctx;
  const code_language *lang;
  code_predicates *self;
  const char *text;
  uint32_t len;
  uint32_t at; /* the predicate's offset in the query */
} reader;

static wm_status bad(reader *r, const char *what, const char *op, const char *detail) {
  wm_buf msg;
  wm_buf_init(&msg);
  wm_buf_append_str(&msg, what);
  if (op) {
    wm_buf_append_str(&msg, " '#");
    wm_buf_append_str(&msg, op);
    wm_buf_append_byte(&msg, '\'');
  }
  if (detail) wm_buf_append_str(&msg, detail);
  wm_buf_append_byte(&msg, 0);
  wm_status status = wm_buf_failed(&msg)
                         ? WM_OUT_OF_MEMORY
                         : code_bad_query(r->ctx, r->lang, r->text, r->len, r->at, (const char *)msg.data);
  wm_buf_free(&msg);
  return status;
}

static const char *string_of(const TSQuery *query, const TSQueryPredicateStep *step, uint32_t *len) {
  return ts_query_string_value_for_id(query, step->value_id, len);
}

static bool is_capture(const TSQueryPredicateStep *step) { return step->type == TSQueryPredicateStepTypeCapture; }

static bool all_strings(const TSQueryPredicateStep *steps, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; i++)
    if (is_capture(&steps[i])) return false;
  return true;
}

static wm_status add_pred(reader *r, code_pred pred) {
  code_predicates *self = r->self;
  if (self->n_preds == self->preds_cap) {
    uint32_t cap = self->preds_cap ? self->preds_cap * 2 : 8;
    code_pred *p = code_realloc(self->preds, cap * sizeof *p);
    if (!p) {
      code_regex_free(pred.re);
      return WM_OUT_OF_MEMORY;
    }
    self->preds = p;
    self->preds_cap = cap;
  }
  self->preds[self->n_preds++] = pred;
  return WM_OK;
}

/* A directive web-tree-sitter leaves to its caller: {"pattern":i,"operator":...,"operands":[...]}. */
static void add_directive(reader *r, uint32_t pattern, const char *op, const TSQueryPredicateStep *steps,
                          uint32_t n) {
  wm_buf *out = r->self->directives;
  wm_buf_append_str(out, r->self->n_directives++ ? ",{\"pattern\":" : "{\"pattern\":");
  wm_buf_append_uint(out, pattern);
  wm_buf_append_str(out, ",\"operator\":");
  wm_buf_append_json_string(out, op, strlen(op));
  wm_buf_append_str(out, ",\"operands\":[");
  for (uint32_t i = 1; i < n; i++) {
    uint32_t len;
    if (i > 1) wm_buf_append_byte(out, ',');
    if (is_capture(&steps[i])) {
      const char *name = ts_query_capture_name_for_id(r->self->query, steps[i].value_id, &len);
      wm_buf_append_str(out, "{\"type\":\"capture\",\"name\":");
      wm_buf_append_json_string(out, name, len);
    } else {
      const char *value = string_of(r->self->query, &steps[i], &len);
      wm_buf_append_str(out, "{\"type\":\"string\",\"value\":");
      wm_buf_append_json_string(out, value, len);
    }
    wm_buf_append_byte(out, '}');
  }
  wm_buf_append_str(out, "]}");
}

/* One predicate: steps[0] is its name, steps[1..n) its arguments. props: where #is?/#is-not?/#set! go. */
static wm_status read_predicate(reader *r, uint32_t pattern, const TSQueryPredicateStep *steps, uint32_t n,
                                const TSQueryPredicateStep **props, uint32_t *n_props) {
  uint32_t op_len;
  const char *op = string_of(r->self->query, &steps[0], &op_len);
  if (is_capture(&steps[0]) || strlen(op) != op_len)
    return bad(r, "a predicate must start with its name", NULL, NULL);
  uint32_t args = n - 1;
  bool any = strncmp(op, "any-", 4) == 0;
  const char *base = any ? op + 4 : op;
  bool negated = strncmp(base, "not-", 4) == 0;
  if (negated) base += 4;

  if (strcmp(base, "eq?") == 0) {
    if (args != 2) return bad(r, "wrong number of arguments to", op, ": it takes 2, a capture then a capture or a string");
    if (!is_capture(&steps[1])) return bad(r, "the first argument of", op, " must be a capture");
    code_pred pred = {.kind = PRED_EQ, .positive = !negated, .every = !any, .capture = steps[1].value_id};
    if (is_capture(&steps[2])) {
      pred.other_capture = true;
      pred.other = steps[2].value_id;
    } else {
      pred.text = string_of(r->self->query, &steps[2], &pred.text_len);
    }
    return add_pred(r, pred);
  }
  if (strcmp(base, "match?") == 0) {
    if (args != 2) return bad(r, "wrong number of arguments to", op, ": it takes 2, a capture then a regular expression");
    if (!is_capture(&steps[1])) return bad(r, "the first argument of", op, " must be a capture");
    if (is_capture(&steps[2])) return bad(r, "the second argument of", op, " must be a string (a regular expression)");
    uint32_t len;
    const char *pattern_text = string_of(r->self->query, &steps[2], &len);
    code_regex *re;
    size_t error_at;
    const char *error = code_regex_compile(pattern_text, len, &re, &error_at);
    if (error && strcmp(error, "out of memory") == 0) return WM_OUT_OF_MEMORY;
    if (error) {
      wm_buf detail;
      wm_buf_init(&detail);
      wm_buf_append_str(&detail, ": ");
      wm_buf_append_str(&detail, error);
      wm_buf_append_str(&detail, " (byte ");
      wm_buf_append_uint(&detail, error_at);
      wm_buf_append_str(&detail, " of the expression)");
      wm_buf_append_byte(&detail, 0);
      wm_status status = wm_buf_failed(&detail)
                             ? WM_OUT_OF_MEMORY
                             : bad(r, "unsupported or invalid regular expression in", op, (const char *)detail.data);
      wm_buf_free(&detail);
      return status;
    }
    return add_pred(r, (code_pred){.kind = PRED_MATCH, .positive = !negated, .every = !any,
                                   .capture = steps[1].value_id, .re = re});
  }
  if (strcmp(op, "any-of?") == 0 || strcmp(op, "not-any-of?") == 0) {
    if (args < 1) return bad(r, "wrong number of arguments to", op, ": it takes a capture then strings");
    if (!is_capture(&steps[1])) return bad(r, "the first argument of", op, " must be a capture");
    if (!all_strings(steps, 2, n)) return bad(r, "the arguments of", op, " after the capture must be strings");
    return add_pred(r, (code_pred){.kind = PRED_ANY_OF, .positive = op[0] == 'a', .capture = steps[1].value_id,
                                   .values = steps + 2, .n_values = n - 2});
  }
  if (strcmp(op, "is?") == 0 || strcmp(op, "is-not?") == 0 || strcmp(op, "set!") == 0) {
    if (args < 1 || args > 2) return bad(r, "wrong number of arguments to", op, ": it takes a key and an optional value");
    if (!all_strings(steps, 1, n)) return bad(r, "the arguments of", op, " must be strings");
    props[(*n_props)++] = steps;
    return WM_OK;
  }
  bool strip = strcmp(op, "strip!") == 0, adjacent = strcmp(op, "select-adjacent!") == 0,
       offset = strcmp(op, "offset!") == 0;
  if (strip || adjacent || offset) {
    bool ok = args >= 1 && is_capture(&steps[1]);
    if (strip) ok = ok && args == 2 && !is_capture(&steps[2]);
    if (adjacent) ok = ok && args == 2 && is_capture(&steps[2]);
    if (offset) ok = ok && args == 5 && all_strings(steps, 2, n);
    if (!ok)
      return bad(r, "wrong arguments to", op,
                 strip ? ": it takes a capture then a regular expression"
                       : adjacent ? ": it takes two captures" : ": it takes a capture then four numbers");
    add_directive(r, pattern, op, steps, n);
    return WM_OK;
  }
  return bad(r, "unknown predicate", op,
             " (supported: #eq?, #not-eq?, #any-eq?, #any-not-eq?, #match?, #not-match?, #any-match?, "
             "#any-not-match?, #any-of?, #not-any-of?, #is?, #is-not?, #set!, #strip!, #select-adjacent!, #offset!)");
}

/*
 * The properties of a pattern as capture members, web-tree-sitter's way: one
 * object per kind, a key set again keeping its place and taking the new value.
 */
static void write_properties(code_predicates *self, const char *kind, const char *member,
                             const TSQueryPredicateStep **props, uint32_t n_props) {
  wm_buf *out = self->props;
  bool any = false;
  for (uint32_t i = 0; i < n_props; i++) {
    uint32_t len, key_len;
    if (strcmp(string_of(self->query, &props[i][0], &len), kind) != 0) continue;
    const char *key = string_of(self->query, &props[i][1], &key_len);
    /* tree-sitter keeps each distinct string once: the same key is the same id */
    bool seen = false;
    for (uint32_t j = 0; j < i && !seen; j++)
      seen = props[j][0].value_id == props[i][0].value_id && props[j][1].value_id == props[i][1].value_id;
    if (seen) continue;
    const TSQueryPredicateStep *last = props[i];
    for (uint32_t j = i + 1; j < n_props; j++)
      if (props[j][0].value_id == props[i][0].value_id && props[j][1].value_id == props[i][1].value_id)
        last = props[j];
    wm_buf_append_str(out, any ? "," : member);
    any = true;
    wm_buf_append_json_string(out, key, key_len);
    wm_buf_append_byte(out, ':');
    if (last[2].type == TSQueryPredicateStepTypeDone) {
      wm_buf_append_str(out, "null");
    } else {
      const char *value = string_of(self->query, &last[2], &len);
      wm_buf_append_json_string(out, value, len);
    }
  }
  if (any) wm_buf_append_byte(out, '}');
}

wm_status code_predicates_new(wm_ctx *ctx, const code_language *lang, const TSQuery *query,
                              const char *text, uint32_t len, code_predicates **out) {
  *out = NULL;
  uint32_t n_patterns = ts_query_pattern_count(query);
  bool any = false;
  for (uint32_t i = 0; i < n_patterns && !any; i++) {
    uint32_t n;
    ts_query_predicates_for_pattern(query, i, &n);
    any = n > 0;
  }
  if (!any) return WM_OK;
  code_predicates *self = code_calloc(1, sizeof *self);
  if (!self || !(self->patterns = code_calloc(n_patterns, sizeof *self->patterns))) {
    code_free(self);
    return WM_OUT_OF_MEMORY;
  }
  self->query = query;
  self->props = code_buf_open();
  self->directives = code_buf_open();
  if (!self->props || !self->directives) {
    code_predicates_free(self);
    return WM_OUT_OF_MEMORY;
  }
  reader r = {ctx, lang, self, text, len, 0};
  const TSQueryPredicateStep **props = NULL;
  wm_status status = WM_OK;
  for (uint32_t p = 0; p < n_patterns && status == WM_OK; p++) {
    uint32_t n;
    const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(query, p, &n);
    pattern_info *info = &self->patterns[p];
    info->first = self->n_preds;
    info->props_at = (uint32_t)self->props->len;
    if (!n) continue;
    code_free(props);
    props = code_malloc(n * sizeof *props); /* a predicate has two steps at least */
    if (!props) {
      status = WM_OUT_OF_MEMORY;
      break;
    }
    uint32_t n_props = 0, ordinal = 0;
    uint32_t from = ts_query_start_byte_for_pattern(query, p), to = ts_query_end_byte_for_pattern(query, p);
    for (uint32_t i = 0; i < n && status == WM_OK; ordinal++) {
      uint32_t end = i;
      while (end < n && steps[end].type != TSQueryPredicateStepTypeDone) end++;
      r.at = predicate_offset(text, from, to < len ? to : len, ordinal);
      status = read_predicate(&r, p, steps + i, end - i, props, &n_props);
      i = end + 1;
    }
    info->count = self->n_preds - info->first;
    write_properties(self, "set!", ",\"setProperties\":{", props, n_props);
    write_properties(self, "is?", ",\"assertedProperties\":{", props, n_props);
    write_properties(self, "is-not?", ",\"refutedProperties\":{", props, n_props);
    info->props_len = (uint32_t)(self->props->len - info->props_at);
  }
  code_free(props);
  if (status == WM_OK && (wm_buf_failed(self->props) || wm_buf_failed(self->directives)))
    status = WM_OUT_OF_MEMORY;
  if (status != WM_OK) {
    code_predicates_free(self);
    return status;
  }
  *out = self;
  return WM_OK;
}

/* MARK: - Applying them */

static bool same_text(const uint8_t *src, TSNode node, const char *text, uint32_t len) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  return end - start == len && memcmp(src + start, text, len) == 0;
}

/* 1 when the node passes, 0 when not, -1 when #match? ran out of budget. */
static int pred_on_node(code_predicates *self, const code_pred *pred, const uint8_t *src, TSNode node,
                        const TSQueryMatch *match) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  switch (pred->kind) {
  case PRED_EQ:
    if (!pred->other_capture) return same_text(src, node, pred->text, pred->text_len) == pred->positive;
    for (uint16_t k = 0; k < match->capture_count; k++) { /* some node of the other capture */
      TSNode other = match->captures[k].node;
      if (match->captures[k].index == pred->other &&
          same_text(src, node, (const char *)src + ts_node_start_byte(other),
                    ts_node_end_byte(other) - ts_node_start_byte(other)) == pred->positive)
        return 1;
    }
    return 0;
  case PRED_MATCH: {
    int found = code_regex_search(pred->re, src + start, end - start, &self->regex_budget);
    return found < 0 ? -1 : (found == 1) == pred->positive;
  }
  default:
    for (uint32_t k = 0; k < pred->n_values; k++) {
      uint32_t len;
      const char *value = string_of(self->query, &pred->values[k], &len);
      if (same_text(src, node, value, len)) return 1;
    }
    return 0;
  }
}

static int pred_passes(code_predicates *self, const code_pred *pred, const uint8_t *src,
                       const TSQueryMatch *match) {
  bool seen = false;
  for (uint16_t k = 0; k < match->capture_count; k++) {
    if (match->captures[k].index != pred->capture) continue;
    seen = true;
    int ok = pred_on_node(self, pred, src, match->captures[k].node, match);
    if (ok < 0) return ok;
    if (pred->kind == PRED_ANY_OF) {
      if (!ok) return !pred->positive; /* not every text is one of the values */
    } else if (pred->every ? !ok : ok) {
      return ok;
    }
  }
  if (!seen && pred->kind != PRED_EQ) return !pred->positive;
  if (pred->kind == PRED_ANY_OF) return pred->positive;
  return pred->every;
}

void code_predicates_set_budget(code_predicates *self, uint64_t thread_steps) {
  if (self) self->regex_budget = thread_steps;
}

int code_predicates_pass(code_predicates *self, const uint8_t *src, const TSQueryMatch *match) {
  if (!self) return 1;
  const pattern_info *info = &self->patterns[match->pattern_index];
  for (uint32_t i = 0; i < info->count; i++) {
    int ok = pred_passes(self, &self->preds[info->first + i], src, match);
    if (ok <= 0) return ok;
  }
  return 1;
}

void code_predicates_append_properties(const code_predicates *self, wm_buf *out, uint32_t pattern) {
  if (!self) return;
  const pattern_info *info = &self->patterns[pattern];
  if (info->props_len) wm_buf_append(out, self->props->data + info->props_at, info->props_len);
}

void code_predicates_append_directives(const code_predicates *self, wm_buf *out) {
  if (!self || !self->n_directives) return;
  wm_buf_append_str(out, ",\"directives\":[");
  wm_buf_append(out, self->directives->data, self->directives->len);
  wm_buf_append_byte(out, ']');
}
