/*
 * query: runs a tree-sitter S-expression query (option `query`) over the
 * source and lists the captures in order, each with its capture name, the
 * pattern index, the node type, its span and its text (clamped).
 */
#include <string.h>

#include "code_predicate.h"

#define DEFAULT_MAX_CAPTURES 100000
#define TEXT_MAX 200
/*
 * The sibling steps a query may take in tree-sitter's cursor (see
 * code_query_cost): real code takes under 1 per byte, 3 when parsed
 * with the wrong grammar; a run of 100,000 unmatched brackets 5·10⁹ (minutes).
 * The fixed part lets a small source through whatever its shape (~10 ms).
 */
#define SCAN_STEPS_FIXED (1u << 22)
#define SCAN_STEPS_PER_BYTE 32
/*
 * The thread steps #match? may take (code_regex_search): linear in the text,
 * but times the expression's size, and a match is judged once per capture;
 * a highlights query takes a few per byte, a hostile expression over a whole
 * 1 MB program 10⁹ (10 s).
 */
#define REGEX_STEPS_FIXED (1u << 24)
#define REGEX_STEPS_PER_BYTE 32

static const char *query_error_name(TSQueryError error) {
  switch (error) {
  case TSQueryErrorSyntax: return "syntax error";
  case TSQueryErrorNodeType: return "unknown node type";
  case TSQueryErrorField: return "unknown field";
  case TSQueryErrorCapture: return "unknown capture";
  case TSQueryErrorStructure: return "impossible pattern";
  case TSQueryErrorLanguage: return "grammar not supported";
  default: return "error";
  }
}

/*
 * The offset of a quantifier that directly follows another one ("(x)+*"), or
 * len when there is none. Such a stack never means more than a single
 * quantifier, and tree-sitter 0.25.1 spends time exponential in its length
 * when the pattern around it is left open (found by fuzz_code_query).
 */
static size_t stacked_quantifier(const char *query, size_t len) {
  bool after_quantifier = false;
  for (size_t i = 0; i < len; i++) {
    char c = query[i];
    if (c == '"') { /* a string: skip it, escapes included */
      for (i++; i < len && query[i] != '"'; i++)
        if (query[i] == '\\') i++;
      after_quantifier = false;
    } else if (c == ';') { /* a comment, to the end of the line */
      while (i < len && query[i] != '\n') i++;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      bool quantifier = c == '*' || c == '+' || c == '?';
      if (quantifier && after_quantifier) return i;
      after_quantifier = quantifier;
    }
  }
  return len;
}

/* A bad query is a bad option: the diagnostic says what and where in the query. */
wm_status code_bad_query(wm_ctx *ctx, const code_language *lang, const char *query, size_t len,
                         uint32_t offset, const char *what) {
  uint32_t line = 1, column = 1;
  for (uint32_t i = 0; i < offset && i < len; i++) {
    if (query[i] == '\n') line++, column = 1;
    else column += (query[i] & 0xc0) != 0x80;
  }
  wm_buf msg;
  wm_buf_init(&msg);
  wm_buf_append_str(&msg, "invalid ");
  wm_buf_append_str(&msg, lang->name);
  wm_buf_append_str(&msg, " query: ");
  wm_buf_append_str(&msg, what);
  wm_buf_append_str(&msg, " at offset ");
  wm_buf_append_uint(&msg, offset);
  wm_buf_append_str(&msg, " (line ");
  wm_buf_append_uint(&msg, line);
  wm_buf_append_str(&msg, ", column ");
  wm_buf_append_uint(&msg, column);
  wm_buf_append_byte(&msg, ')');
  if (offset < len) {
    uint32_t end = offset;
    while (end < len && end - offset < 24 && query[end] != '\n') end++;
    while (end > offset && end < len && (query[end] & 0xc0) == 0x80) end--; /* whole code points only */
    wm_buf_append_str(&msg, ": '");
    wm_buf_append(&msg, query + offset, end - offset);
    wm_buf_append_byte(&msg, '\'');
  }
  wm_diags_add_message(ctx->diags, WM_SEV_ERROR, "bad-query", 0, WM_NO_END, &msg);
  return WM_BAD_OPTIONS;
}

wm_status code_query(wm_ctx *ctx, const code_language *lang) {
  const wm_opt *q = wm_options_get(ctx->options, "query");
  if (!q || q->type != WM_OPT_STRING)
    return wm_fail(ctx, WM_BAD_OPTIONS, "bad-option", 0,
                   "option 'query' must be a tree-sitter query (a string of S-expressions)");
  int64_t max_captures;
  wm_status status = wm_opt_int(ctx, "maxCaptures", 1, 100000000, DEFAULT_MAX_CAPTURES, &max_captures);
  if (status != WM_OK) return status;
  uint32_t error_offset = 0;
  TSQueryError error = TSQueryErrorNone;
  if (q->string_len > UINT32_MAX) return wm_fail(ctx, WM_BAD_OPTIONS, "bad-option", 0, "query too long");
  /* tree-sitter 0.25.1 reads past the end of a node name when a NUL inside the
     query cuts the compared name short (ts_language_symbol_for_name): no query
     needs a NUL, so it is refused before tree-sitter sees it. */
  const char *nul = memchr(q->string, 0, q->string_len);
  if (nul) return code_bad_query(ctx, lang, q->string, q->string_len, (uint32_t)(nul - q->string), "NUL character");
  size_t stacked = stacked_quantifier(q->string, q->string_len);
  if (stacked < q->string_len)
    return code_bad_query(ctx, lang, q->string, q->string_len, (uint32_t)stacked,
                          "a quantifier right after another one (write a single one)");
  TSQuery *query = ts_query_new(lang->grammar(), q->string, (uint32_t)q->string_len, &error_offset, &error);
  if (!query) return code_bad_query(ctx, lang, q->string, q->string_len, error_offset, query_error_name(error));
  code_predicates *predicates;
  status = code_predicates_new(ctx, lang, query, q->string, (uint32_t)q->string_len, &predicates);
  if (status != WM_OK) {
    ts_query_delete(query);
    return status;
  }

  code_doc doc;
  status = code_parse(ctx, lang, WM_SEV_WARNING, &doc);
  if (status != WM_OK) {
    code_predicates_free(predicates);
    ts_query_delete(query);
    return status;
  }
  uint64_t step_limit = SCAN_STEPS_FIXED + (uint64_t)SCAN_STEPS_PER_BYTE * doc.len;
  code_query_cost_t cost;
  bool counted = code_query_cost(doc.tree, step_limit, &cost);
  if (!counted || cost.sibling_steps > step_limit || cost.depth > CODE_QUERY_MAX_DEPTH) {
    static const char wide[] =
        "the query is not run: this syntax tree has a long run of unnamed sibling nodes (such as "
        "thousands of unmatched brackets), which tree-sitter's query cursor takes time quadratic "
        "in their number to go through";
    static const char deep[] =
        "the query is not run: this syntax tree is more than 65,000 nodes deep, past which "
        "tree-sitter's query cursor takes time quadratic in the number of nodes";
    ts_query_delete(query);
    code_predicates_free(predicates);
    code_doc_free(&doc);
    if (!counted) return WM_OUT_OF_MEMORY;
    if (cost.depth > CODE_QUERY_MAX_DEPTH)
      wm_diags_add(ctx->diags, WM_SEV_ERROR, "query-limit", 0, WM_NO_END, deep, sizeof deep - 1);
    else
      wm_diags_add(ctx->diags, WM_SEV_ERROR, "query-limit", 0, WM_NO_END, wide, sizeof wide - 1);
    return WM_LIMIT_EXCEEDED;
  }
  size_t syntax_errors;
  if (!code_report_syntax_errors(ctx, &doc, WM_SEV_WARNING, &syntax_errors)) {
    code_predicates_free(predicates);
    ts_query_delete(query);
    code_doc_free(&doc);
    return WM_OUT_OF_MEMORY;
  }
  TSQueryCursor *cursor = ts_query_cursor_new();
  ts_query_cursor_exec(cursor, query, doc.root);
  code_locator start_loc, end_loc;
  code_locator_init(&start_loc, doc.src);
  code_locator_init(&end_loc, doc.src);
  /* captures come in start order; their ends jump back and forth (nested nodes) */
  uint32_t *columns = code_column_index(doc.src, doc.len);
  if (!columns) {
    ts_query_cursor_delete(cursor);
    code_predicates_free(predicates);
    ts_query_delete(query);
    code_doc_free(&doc);
    return WM_OUT_OF_MEMORY;
  }
  start_loc.blocks = end_loc.blocks = columns;
  code_predicates_set_budget(predicates, REGEX_STEPS_FIXED + (uint64_t)REGEX_STEPS_PER_BYTE * doc.len);
  wm_buf *out = ctx->out;
  size_t out_start = out->len;
  wm_buf_append_str(out, "{\"captures\":[");
  TSQueryMatch match;
  uint32_t index;
  int64_t count = 0;
  bool truncated = false, over_budget = false;
  while (ts_query_cursor_next_capture(cursor, &match, &index)) {
    /* A match comes back once per capture, and is judged each time, as web-tree-sitter does. */
    int pass = code_predicates_pass(predicates, doc.src, &match);
    if (pass < 0) {
      over_budget = true;
      break;
    }
    if (!pass) continue;
    if (count == max_captures) {
      truncated = true;
      break;
    }
    const TSQueryCapture *cap = &match.captures[index];
    uint32_t name_len;
    const char *name = ts_query_capture_name_for_id(query, cap->index, &name_len);
    wm_buf_append_str(out, count++ ? ",{\"name\":" : "{\"name\":");
    wm_buf_append_json_string(out, name, name_len);
    code_append_uint_member(out, "pattern", match.pattern_index);
    wm_buf_append_str(out, ",\"type\":");
    const char *type = ts_node_type(cap->node);
    wm_buf_append_json_string(out, type, strlen(type));
    code_append_span(out, &start_loc, &end_loc, cap->node);
    wm_buf_append_str(out, ",\"text\":");
    code_append_text(out, doc.src, ts_node_start_byte(cap->node), ts_node_end_byte(cap->node), TEXT_MAX);
    code_predicates_append_properties(predicates, out, match.pattern_index);
    wm_buf_append_byte(out, '}');
    if (wm_buf_failed(out)) break;
  }
  wm_buf_append_str(out, "],\"truncated\":");
  wm_buf_append_str(out, truncated || ts_query_cursor_did_exceed_match_limit(cursor) ? "true" : "false");
  code_append_uint_member(out, "syntaxErrors", syntax_errors);
  code_predicates_append_directives(predicates, out);
  wm_buf_append_byte(out, '}');
  code_free(columns);
  ts_query_cursor_delete(cursor);
  code_predicates_free(predicates);
  ts_query_delete(query);
  code_doc_free(&doc);
  if (over_budget) {
    static const char msg[] =
        "the query is not run to its end: its #match? regular expressions would take too long "
        "on this source (they may take 2^24 + 32 x the source's bytes thread steps: use simpler "
        "expressions, or anchor them)";
    out->len = out_start;
    wm_diags_add(ctx->diags, WM_SEV_ERROR, "query-limit", 0, WM_NO_END, msg, sizeof msg - 1);
    return WM_LIMIT_EXCEEDED;
  }
  return WM_OK;
}
