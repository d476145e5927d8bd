/* The code module's shared setup: role tables, options, parsing. */
#include "code_module.h"
#include "wasmod/utf8.h"

/* Inputs above this are refused unless maxBytes says otherwise: the syntax tree
   takes about ten times the source in memory. */
#define DEFAULT_MAX_BYTES (16u << 20)
#define MAX_MAX_BYTES (1u << 30)

/*
 * tree-sitter's error recovery can loop without end on some broken inputs
 * (a 106-byte TSX file found by fuzz_code_tsx spins for minutes in a bare
 * ts_parser_parse of tree-sitter 0.25.1). Its progress callback runs every 100
 * parse steps; a parse is given PARSE_STEPS_FIXED + PARSE_STEPS_PER_BYTE per
 * byte of source, counted in those hundreds. Real sources take 1-2 steps a byte (the code corpus at most
 * 2.2), badly broken ones up to 4 (random bytes, reversed or shuffled sources,
 * 10,000 unclosed brackets): the budget is 50 times that, and a runaway
 * recovery, whose steps grow costly as its stack versions multiply, stops
 * early (fuzz inputs of a few hundred bytes took up to 18 s under ASan with
 * ten times this budget).
 */
#define PARSE_STEPS_FIXED 200
#define PARSE_STEPS_PER_BYTE 2

typedef struct parse_budget {
  uint64_t left;
} parse_budget;

static bool parse_over_budget(TSParseState *state) {
  parse_budget *budget = state->payload;
  if (!budget->left) return true;
  budget->left--;
  return false;
}

const char *const code_validate_options[] = {CODE_COMMON_OPTIONS, NULL};
const char *const code_analyze_options[] = {CODE_COMMON_OPTIONS, NULL};
const char *const code_outline_options[] = {CODE_COMMON_OPTIONS, NULL};
const char *const code_query_options[] = {CODE_COMMON_OPTIONS, "query", "maxCaptures", NULL};

/* MARK: - Roles per language family */

/* JavaScript, TypeScript and TSX: what ESLint's complexity and max-depth rules count. */
const code_role_name code_js_roles[] = {
    {"function_declaration", ROLE_FUNCTION},
    {"function_expression", ROLE_FUNCTION},
    {"function", ROLE_FUNCTION},
    {"generator_function_declaration", ROLE_FUNCTION},
    {"generator_function", ROLE_FUNCTION},
    {"arrow_function", ROLE_ARROW},
    {"method_definition", ROLE_METHOD},
    {"field_definition", ROLE_FIELD},
    {"public_field_definition", ROLE_FIELD},
    {"class_static_block", ROLE_STATIC_BLOCK},
    {"class_declaration", ROLE_CLASS},
    {"abstract_class_declaration", ROLE_CLASS},
    {"class", ROLE_CLASS},
    {"if_statement", ROLE_IF},
    {"else_clause", ROLE_ELSE},
    {"ternary_expression", ROLE_DECISION},
    {"binary_expression", ROLE_BINARY},
    {"augmented_assignment_expression", ROLE_BINARY},
    {"for_statement", ROLE_DECISION_NEST},
    {"for_in_statement", ROLE_DECISION_NEST},
    {"while_statement", ROLE_DECISION_NEST},
    {"do_statement", ROLE_DECISION_NEST},
    {"catch_clause", ROLE_DECISION},
    {"switch_case", ROLE_DECISION},
    {"switch_statement", ROLE_NEST},
    {"try_statement", ROLE_NEST},
    {"with_statement", ROLE_NEST},
    {"assignment_pattern", ROLE_DECISION},
    {"object_assignment_pattern", ROLE_DECISION},
    {"optional_chain", ROLE_DECISION},
    {"?.", ROLE_OPTIONAL_TOKEN}, /* TypeScript's optional call a?.() has the bare token */
    {"parenthesized_expression", ROLE_PARENS},
    {"required_parameter", ROLE_PARAMETER},
    {"optional_parameter", ROLE_PARAMETER},
    {"&&", ROLE_LOGICAL_OP},
    {"||", ROLE_LOGICAL_OP},
    {"??", ROLE_LOGICAL_OP},
    {"&&=", ROLE_LOGICAL_OP},
    {"||=", ROLE_LOGICAL_OP},
    {"?\?=", ROLE_LOGICAL_OP},
    {"comment", ROLE_COMMENT},
    {"html_comment", ROLE_COMMENT},
    {"import_statement", ROLE_IMPORT},
    {"export_statement", ROLE_EXPORT},
    {NULL, ROLE_NONE},
};

/* Python: radon's cyclomatic complexity (see README.md). */
const code_role_name code_python_roles[] = {
    {"function_definition", ROLE_FUNCTION},
    {"class_definition", ROLE_CLASS},
    {"if_statement", ROLE_IF},
    {"elif_clause", ROLE_DECISION},
    {"conditional_expression", ROLE_DECISION},
    {"for_statement", ROLE_DECISION_NEST},
    {"while_statement", ROLE_DECISION_NEST},
    {"else_clause", ROLE_LOOP_ELSE},
    {"except_clause", ROLE_DECISION},
    {"except_group_clause", ROLE_DECISION},
    {"boolean_operator", ROLE_DECISION},
    {"for_in_clause", ROLE_DECISION},
    {"if_clause", ROLE_DECISION},
    {"assert_statement", ROLE_DECISION},
    {"try_statement", ROLE_NEST},
    {"with_statement", ROLE_NEST},
    {"match_statement", ROLE_NEST},
    {"comment", ROLE_COMMENT},
    {"import_statement", ROLE_IMPORT},
    {"import_from_statement", ROLE_IMPORT},
    {"future_import_statement", ROLE_IMPORT},
    {NULL, ROLE_NONE},
};

/* C: pmccabe's traditional McCabe number (see README.md). */
const code_role_name code_c_roles[] = {
    {"function_definition", ROLE_FUNCTION},
    {"if_statement", ROLE_IF},
    {"else_clause", ROLE_ELSE},
    {"conditional_expression", ROLE_DECISION},
    {"binary_expression", ROLE_BINARY},
    {"for_statement", ROLE_DECISION_NEST},
    {"while_statement", ROLE_DECISION_NEST},
    {"do_statement", ROLE_DECISION_NEST},
    {"case_statement", ROLE_CASE},
    {"switch_statement", ROLE_NEST},
    {"&&", ROLE_LOGICAL_OP},
    {"||", ROLE_LOGICAL_OP},
    {"comment", ROLE_COMMENT},
    {"preproc_include", ROLE_IMPORT},
    {"preproc_if", ROLE_PREPROC},
    {"preproc_ifdef", ROLE_PREPROC},
    {"preproc_else", ROLE_PREPROC_ALT},
    {"preproc_elif", ROLE_PREPROC_ALT},
    {"preproc_elifdef", ROLE_PREPROC_ALT},
    {"preproc_function_def", ROLE_PREPROC},
    {"preproc_call", ROLE_PREPROC},
    {NULL, ROLE_NONE},
};

/* MARK: - Parsing */

static TSFieldId field(const TSLanguage *lang, const char *name) {
  return ts_language_field_id_for_name(lang, name, (uint32_t)strlen(name));
}

/* Every symbol (aliases included) whose name is in the table gets its role. */
static bool build_roles(code_doc *doc, const TSLanguage *lang) {
  doc->symbol_count = ts_language_symbol_count(lang);
  doc->roles = code_calloc(doc->symbol_count ? doc->symbol_count : 1, 1);
  if (!doc->roles) return false;
  /* The table's entries chained by first byte, in table order: a name is
     compared only with the few that share it (this runs on every call; a
     table has fewer than 255 entries). */
  const code_role_name *table = doc->lang->roles;
  uint8_t first[256], next[UINT8_MAX];
  memset(first, UINT8_MAX, sizeof first);
  size_t n = 0;
  while (table[n].type) n++;
  for (size_t i = n; i-- > 0;) {
    next[i] = first[(uint8_t)table[i].type[0]];
    first[(uint8_t)table[i].type[0]] = (uint8_t)i;
  }
  for (TSSymbol s = 0; s < doc->symbol_count; s++) {
    TSSymbolType type = ts_language_symbol_type(lang, s);
    if (type == TSSymbolTypeAuxiliary || type == TSSymbolTypeSupertype) continue;
    const char *name = ts_language_symbol_name(lang, s);
    bool named = type == TSSymbolTypeRegular;
    for (uint8_t i = first[(uint8_t)name[0]]; i != UINT8_MAX; i = next[i]) {
      const code_role_name *r = &table[i];
      /* tokens (punctuation) are anonymous; everything else is a named node */
      bool token = !(r->type[0] >= 'a' && r->type[0] <= 'z');
      if (token == named || strcmp(r->type, name) != 0) continue;
      doc->roles[s] = (uint8_t)r->role;
      break;
    }
  }
  doc->f_name = field(lang, "name");
  doc->f_value = field(lang, "value");
  doc->f_parameters = field(lang, "parameters");
  doc->f_parameter = field(lang, "parameter");
  doc->f_declarator = field(lang, "declarator");
  doc->f_key = field(lang, "key");
  doc->f_property = field(lang, "property");
  doc->f_left = field(lang, "left");
  doc->f_source = field(lang, "source");
  doc->f_declaration = field(lang, "declaration");
  doc->f_condition = field(lang, "condition");
  return true;
}

/* The tree is not deleted node by node: it lives in the call's arena, which
   frees it at once (code_call). */
void code_doc_free(code_doc *doc) {
  code_free(doc->roles);
  memset(doc, 0, sizeof *doc);
}

typedef struct op_call {
  wm_ctx *ctx;
  const code_language *lang;
  code_op op;
  wm_status status;
} op_call;

static void run_op(void *data) {
  op_call *call = data;
  call->status = call->op(call->ctx, call->lang);
}

wm_status code_call(wm_ctx *ctx, const code_language *lang, code_op op) {
  op_call call = {ctx, lang, op, WM_OUT_OF_MEMORY};
  if (!code_arena_call(run_op, &call)) call.status = WM_OUT_OF_MEMORY; /* unwound */
  if (call.status == WM_OUT_OF_MEMORY) wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", 0, "out of memory");
  return call.status;
}

/* The source in one buffer, read by tree-sitter through TSInput. */
typedef struct code_source {
  const uint8_t *bytes;
  uint32_t len;
} code_source;

static const char *code_source_read(void *payload, uint32_t offset, TSPoint point, uint32_t *read) {
  const code_source *source = payload;
  (void)point;
  *read = offset < source->len ? source->len - offset : 0;
  return (const char *)source->bytes + (offset < source->len ? offset : source->len);
}

/* The ERROR and MISSING nodes of a tree, counted up to one more than `limit`. */
static uint64_t tree_errors(TSTree *tree, uint64_t limit) {
  uint64_t errors = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if ((ts_node_is_error(node) || ts_node_is_missing(node)) && errors++ == limit) break;
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool end = false;
    while (!end && !ts_tree_cursor_goto_next_sibling(&cursor)) end = !ts_tree_cursor_goto_parent(&cursor);
    if (end) break;
  }
  ts_tree_cursor_delete(&cursor);
  return errors;
}

/* Where a and b first differ at or after i (len when nowhere), eight bytes a step. */
static uint32_t next_difference(const uint8_t *a, const uint8_t *b, uint32_t i, uint32_t len) {
  for (uint64_t x, y; i + 8 <= len; i += 8) {
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    if (x != y) break;
  }
  while (i < len && a[i] == b[i]) i++;
  return i;
}

/* Rows and columns of offsets taken in increasing order, line breaks counted once. */
typedef struct source_points {
  const uint8_t *src;
  uint32_t counted, row, line; /* line breaks counted before `counted`; the last line's start */
} source_points;

static TSPoint source_point(source_points *p, uint32_t offset) {
  for (const uint8_t *nl; p->counted < offset &&
                          (nl = memchr(p->src + p->counted, '\n', offset - p->counted)) != NULL;) {
    p->row++;
    p->counted = p->line = (uint32_t)(nl - p->src) + 1;
  }
  p->counted = offset;
  return (TSPoint){p->row, offset - p->line};
}

/*
 * A tree with errors: the source parsed again as `masked` (the language's
 * mask_preprocessor), and that tree kept instead when it has fewer errors.
 * The reparse is incremental (the blanked bytes are edits of the tree), so it
 * costs little more than the constructs' own declarations, and the regions
 * the first tree has errors in (tree-sitter reuses no ERROR node).
 */
static void parse_masked(TSParser *parser, code_doc *doc, const uint8_t *masked) {
  /* the blanked bytes as edits of the tree, which the parser then reads again
     where they are, reusing the rest: one edit for the blanked runs that only
     unchanged blanks and line breaks separate (a directive line, a branch) */
  TSTree *edited = ts_tree_copy(doc->tree);
  source_points points = {doc->src, 0, 0, 0};
  for (uint32_t i = next_difference(masked, doc->src, 0, doc->len); i < doc->len;
       i = next_difference(masked, doc->src, i, doc->len)) {
    uint32_t start = i;
    for (;;) {
      while (i < doc->len && masked[i] != doc->src[i]) i++;
      uint32_t gap = i;
      while (gap < doc->len && masked[gap] == doc->src[gap] &&
             (doc->src[gap] == ' ' || doc->src[gap] == '\t' || doc->src[gap] == '\n' || doc->src[gap] == '\r'))
        gap++;
      if (gap == doc->len || masked[gap] == doc->src[gap]) break;
      i = gap;
    }
    TSPoint from = source_point(&points, start), to = source_point(&points, i);
    ts_tree_edit(edited, &(TSInputEdit){start, i, i, from, to, to});
  }
  parse_budget budget = {PARSE_STEPS_FIXED + (uint64_t)PARSE_STEPS_PER_BYTE * doc->len};
  code_source source = {masked, doc->len};
  TSInput input = {&source, code_source_read, TSInputEncodingUTF8, NULL};
  ts_parser_reset(parser);
  TSTree *tree = ts_parser_parse_with_options(parser, edited, input, (TSParseOptions){&budget, parse_over_budget});
  ts_tree_delete(edited);
  /* the first tree's errors counted only as far as the comparison needs */
  uint64_t fewer = tree ? tree_errors(tree, UINT64_MAX) : 0;
  if (tree && tree_errors(doc->tree, fewer) > fewer) {
    ts_tree_delete(doc->tree);
    doc->tree = tree;
  } else if (tree) {
    ts_tree_delete(tree);
  }
}

wm_status code_parse(wm_ctx *ctx, const code_language *lang, wm_severity utf8_severity,
                     code_doc *doc) {
  memset(doc, 0, sizeof *doc);
  int64_t max_bytes;
  wm_status status = wm_opt_int(ctx, "maxBytes", 0, MAX_MAX_BYTES, DEFAULT_MAX_BYTES, &max_bytes);
  if (status != WM_OK) return status;
  if (ctx->input_len > (uint64_t)max_bytes) {
    wm_buf msg;
    wm_buf_init(&msg);
    wm_buf_append_str(&msg, "the source is ");
    wm_buf_append_uint(&msg, ctx->input_len);
    wm_buf_append_str(&msg, " bytes, more than the limit of ");
    wm_buf_append_uint(&msg, (uint64_t)max_bytes);
    wm_buf_append_str(&msg, " (option maxBytes)");
    wm_diags_add_message(ctx->diags, WM_SEV_ERROR, "input-too-large", 0, WM_NO_END, &msg);
    return WM_LIMIT_EXCEEDED;
  }
  size_t bad = wm_utf8_validate(ctx->scan, ctx->input, ctx->input_len);
  if (bad < ctx->input_len) {
    static const char msg[] =
        "the source is not valid UTF-8 here; it is parsed with each bad byte as one character";
    wm_diags_add(ctx->diags, utf8_severity, "invalid-utf8", bad, bad + 1, msg, sizeof msg - 1);
  }

  const TSLanguage *grammar = lang->grammar();
  doc->lang = lang;
  doc->src = ctx->input;
  doc->len = (uint32_t)ctx->input_len;
  if (!build_roles(doc, grammar)) {
    code_doc_free(doc);
    return WM_OUT_OF_MEMORY;
  }
  TSParser *parser = ts_parser_new();
  if (!ts_parser_set_language(parser, grammar)) {
    wm_buf msg;
    wm_buf_init(&msg);
    wm_buf_append_str(&msg, "the ");
    wm_buf_append_str(&msg, lang->name);
    wm_buf_append_str(&msg, " grammar has ABI version ");
    wm_buf_append_uint(&msg, ts_language_abi_version(grammar));
    wm_buf_append_str(&msg, ", which this tree-sitter runtime cannot load (it loads ");
    wm_buf_append_uint(&msg, TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION);
    wm_buf_append_str(&msg, "..");
    wm_buf_append_uint(&msg, TREE_SITTER_LANGUAGE_VERSION);
    wm_buf_append_byte(&msg, ')');
    wm_diags_add_message(ctx->diags, WM_SEV_ERROR, "grammar-abi", 0, WM_NO_END, &msg);
    ts_parser_delete(parser);
    code_doc_free(doc);
    return WM_INTERNAL;
  }
  parse_budget budget = {PARSE_STEPS_FIXED + (uint64_t)PARSE_STEPS_PER_BYTE * doc->len};
  /* the view the parser is given (code_mask_source), and C's preprocessed
     one, parsed at once when the source as written cannot be read, else
     only when the source's tree has errors */
  uint8_t *masked, *preprocessed = NULL;
  bool unreadable = false;
  if (!code_mask_source(lang, doc->src, doc->len, &masked) ||
      (lang->mask_preprocessor && !lang->mask_preprocessor(doc->src, doc->len, &preprocessed, &unreadable))) {
    code_free(masked);
    ts_parser_delete(parser);
    code_doc_free(doc);
    return WM_OUT_OF_MEMORY;
  }
  code_source source = {preprocessed && unreadable ? preprocessed : masked ? masked : doc->src, doc->len};
  TSInput input = {&source, code_source_read, TSInputEncodingUTF8, NULL};
  doc->tree = ts_parser_parse_with_options(parser, NULL, input, (TSParseOptions){&budget, parse_over_budget});
  if (preprocessed && !unreadable && doc->tree && ts_node_has_error(ts_tree_root_node(doc->tree)))
    parse_masked(parser, doc, preprocessed);
  /* The tree keeps no reference to its input, nor to its parser, whose memory
     (its stack, a scanner's state) the rest of the call may take again. */
  code_free(masked);
  code_free(preprocessed);
  ts_parser_delete(parser);
  if (!doc->tree && !budget.left) {
    static const char msg[] =
        "the parser's error recovery ran away on this source and was stopped (a limit of the "
        "tree-sitter runtime, reached only by badly broken input)";
    wm_diags_add(ctx->diags, WM_SEV_ERROR, "parse-limit", 0, WM_NO_END, msg, sizeof msg - 1);
    code_doc_free(doc);
    return WM_LIMIT_EXCEEDED;
  }
  if (!doc->tree) {
    static const char msg[] = "the parser gave up on this source";
    wm_diags_add(ctx->diags, WM_SEV_ERROR, "parse-failed", 0, WM_NO_END, msg, sizeof msg - 1);
    code_doc_free(doc);
    return WM_INTERNAL;
  }
  doc->root = ts_tree_root_node(doc->tree);
  return WM_OK;
}
