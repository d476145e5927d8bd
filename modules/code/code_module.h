/*
 * The code module's internals: what every language shares. A language is a
 * tree-sitter grammar plus a small table that gives node types their roles
 * (a function, a decision that adds to the complexity, a comment, ...); the ops
 * (validate, analyze, outline, query) are written once against those roles.
 */
#ifndef CODE_MODULE_H
#define CODE_MODULE_H

#include <tree_sitter/api.h>

#include "code_alloc.h"
#include "wasmod/module.h"

/* What a node type means to the analysis. */
typedef enum code_role {
  ROLE_NONE = 0,
  /* units: each gets its own record and its own complexity */
  ROLE_FUNCTION,     /* a function declaration or expression, a Python/C function definition */
  ROLE_ARROW,        /* an arrow function */
  ROLE_METHOD,       /* a method, getter, setter or constructor */
  ROLE_FIELD,        /* a class field: its initializer (`value`) is a unit of its own */
  ROLE_STATIC_BLOCK, /* a class static block */
  ROLE_CLASS,        /* a class: listed with its methods, not a unit */
  /* complexity and nesting */
  ROLE_DECISION,      /* +1 */
  ROLE_DECISION_NEST, /* +1 and one level deeper (loops) */
  ROLE_NEST,          /* one level deeper (switch, try, with) */
  ROLE_IF,            /* +1, one level deeper unless it is an `else if` */
  ROLE_CASE,          /* +1 when it has a value (`default` has none) */
  ROLE_BINARY,        /* +1 when its operator is a logical one */
  ROLE_PARAMETER,     /* +1 when it has a default value (TypeScript parameters) */
  ROLE_LOOP_ELSE,     /* Python `else`: +1 after a loop or a try, nothing after an if */
  ROLE_LOGICAL_OP,    /* the tokens && || ?? &&= ||= ??=: +1 as the operator of a binary node */
  ROLE_OPTIONAL_TOKEN, /* a bare `?.` token: +1 unless it is inside an optional_chain node */
  /* the rest */
  ROLE_ELSE,    /* the `else` clause of an if: an `if` directly inside does not deepen */
  ROLE_COMMENT,
  ROLE_IMPORT,
  ROLE_EXPORT,
  ROLE_PREPROC, /* a C preprocessor conditional: errors inside may be the grammar's limit */
  ROLE_PREPROC_ALT, /* its #else/#elif branch: inside a function, not counted (pmccabe reads the first) */
  ROLE_PARENS,  /* parentheses: a function inside takes the name bound outside them */
} code_role;

typedef struct code_role_name {
  const char *type; /* a node type as the grammar names it */
  code_role role;
} code_role_name;

/* How the languages differ beyond their role tables. */
typedef enum code_family { FAMILY_JS, FAMILY_PYTHON, FAMILY_C } code_family;

typedef struct code_language {
  const char *name; /* "javascript" */
  code_family family;
  const TSLanguage *(*grammar)(void);
  const code_role_name *roles; /* ends with {NULL, 0} */
  /* The source with the preprocessor's constructs the grammar cannot read
     blanked out (code_mask_c_preprocessor): parsed instead of the source
     when the grammar cannot read the source as written (*unreadable), else
     when the source's tree has errors, and that tree kept when it has fewer;
     NULL for none. */
  bool (*mask_preprocessor)(const uint8_t *src, uint32_t len, uint8_t **masked, bool *unreadable);
} code_language;

extern const code_role_name code_js_roles[];
extern const code_role_name code_python_roles[];
extern const code_role_name code_c_roles[];

/* One parsed source: the tree and the per-call lookup tables (all in the call's arena). */
typedef struct code_doc {
  const code_language *lang;
  const uint8_t *src;
  uint32_t len;
  TSTree *tree;
  TSNode root;
  uint8_t *roles; /* role of each symbol of the grammar */
  uint32_t symbol_count;
  TSFieldId f_name, f_value, f_parameters, f_parameter, f_declarator, f_key,
      f_property, f_left, f_source, f_declaration, f_condition;
} code_doc;

/* Common options of every op (maxBytes). */
#define CODE_COMMON_OPTIONS "maxBytes"

/*
 * Reads the common options, checks the input (size, UTF-8) and parses it.
 * On failure returns the status (diagnostics added) and leaves nothing to free.
 * Invalid UTF-8 adds an "invalid-utf8" diagnostic of severity `utf8_severity`.
 */
wm_status code_parse(wm_ctx *ctx, const code_language *lang, wm_severity utf8_severity,
                     code_doc *doc);
void code_doc_free(code_doc *doc);
/*
 * The source as the parser is given it (code_mask.c): in *masked a copy
 * (code_malloc'd) where constructs newer than the grammar are blanked out byte
 * for byte, or NULL when there are none: then the source itself is parsed.
 * False when out of memory.
 */
bool code_mask_source(const code_language *lang, const uint8_t *src, uint32_t len, uint8_t **masked);
/*
 * C's preprocessor where the grammar cannot read it (code_mask.c): in *masked
 * a copy (code_malloc'd) where the conditionals that split a construct are
 * read as their first branch, the other branches and the directive lines
 * blanked out but for their line breaks, and the all-capitals identifiers a
 * declaration uses as attributes or qualifiers are blanked out byte for byte;
 * NULL when there are none. *unreadable when one of those conditionals leaves
 * a bracket open or starts a branch with `else`: the grammar, which reads a
 * conditional's branches one after the other, cannot read the source as
 * written. False when out of memory.
 */
bool code_mask_c_preprocessor(const uint8_t *src, uint32_t len, uint8_t **masked, bool *unreadable);
/* Whether the `in` or `out` at src[at] is one TypeScript accepts: in the type
   parameters of an interface, a type alias or a class, in order, once each. */
bool code_in_declaration_parameters(const uint8_t *src, uint32_t len, uint32_t at);

static inline code_role code_role_of_symbol(const code_doc *doc, TSSymbol s) {
  return s < doc->symbol_count ? (code_role)doc->roles[s] : ROLE_NONE;
}

static inline code_role code_role_of(const code_doc *doc, TSNode node) {
  return code_role_of_symbol(doc, ts_node_symbol(node));
}

/* --- Walking the tree (code_walk.c) -------------------------------------- */

/*
 * A preorder walk over the visible nodes, as a TSTreeCursor would go, but
 * cheaper: each step is an event, ENTER a node (then its children, unless
 * skipped) or LEAVE it. The node of the last event is read with the
 * accessors below, before the next step.
 */
typedef enum code_walk_event {
  CODE_WALK_DONE,
  CODE_WALK_ENTER,
  CODE_WALK_LEAVE,
  CODE_WALK_FAILED, /* out of memory */
} code_walk_event;

/* Marks marks[start.row..end.row] below count; not end.row when the span ends at its column 0. */
static inline void code_mark_rows(uint8_t *marks, uint32_t count, TSPoint start, TSPoint end,
                                  uint8_t mark) {
  uint32_t to = end.row;
  if (end.column == 0 && to > start.row) to--;
  for (uint32_t row = start.row; row <= to && row < count; row++) marks[row] |= mark;
}

/*
 * Tokens a walk takes as lines of code instead of stopping at them: most
 * tokens matter to the analysis only as such, and taking them inside the
 * walk saves an ENTER and a LEAVE for each.
 */
typedef struct code_walk_lines {
  const uint8_t *roles;  /* per public symbol: tokens of role 0 are taken */
  uint32_t symbol_count; /* symbols from here on have role 0 */
  uint8_t *marks;        /* per row: the rows a taken token spans get `mark` */
  uint32_t row_count;
  uint8_t mark;
} code_walk_lines;

typedef struct code_walk {
  const TSTree *tree;
  const TSLanguage *language;
  struct code_walk_frame *frames; /* the open nodes, hidden ones included */
  size_t len, cap;
  const struct code_walk_frame *current;
  /* The node just entered is a leaf: its frame sits just above the stack,
     not pushed, and the next event leaves it. Most visible nodes are tokens. */
  bool leaf;
  code_walk_lines lines;
  size_t taken; /* how many tokens the walk has taken so far */
} code_walk;

/* Starts at the root: the first event enters its first child. `lines` may be
   NULL: the walk then stops at every token. False when out of memory. */
bool code_walk_init(code_walk *w, const TSTree *tree, const code_walk_lines *lines);
void code_walk_free(code_walk *w);
code_walk_event code_walk_next(code_walk *w);
/* After ENTER: the next event leaves the node without entering its children. */
void code_walk_skip_children(code_walk *w);
TSNode code_walk_node(const code_walk *w);
TSSymbol code_walk_symbol(const code_walk *w);
/* After ENTER: the node's field in its parent, as ts_tree_cursor_current_field_id. */
TSFieldId code_walk_field(const code_walk *w);
/* After ENTER: the walk stops at every token among the node's children (the
   caller needs their fields), instead of taking them as lines. */
void code_walk_stop_at_tokens(code_walk *w);

/*
 * What running a query over a tree costs in tree-sitter's query cursor, where
 * it is not linear: the sibling steps of ts_tree_cursor_current_status
 * (quadratic in a run of unnamed siblings) and the depth in visible nodes
 * (the cursor keeps depths in 16 bits: past 65,535 its states are never
 * dropped and each node goes through all of them). Counting stops once
 * past `step_limit` or CODE_QUERY_MAX_DEPTH. False when out of memory.
 */
#define CODE_QUERY_MAX_DEPTH 65000
typedef struct code_query_cost_t {
  uint64_t sibling_steps;
  uint32_t depth;
} code_query_cost_t;
bool code_query_cost(const TSTree *tree, uint64_t step_limit, code_query_cost_t *out);

/* --- Positions and text (code_text.c) ------------------------------------ */

/*
 * Turns byte offsets into 1-based line and code-point column, cheaply when the
 * offsets asked for mostly grow (as in a tree walk): it continues from the
 * last answer on the same line instead of counting from the line start.
 */
typedef struct code_locator {
  const uint8_t *src;
  uint32_t byte, row, column;
  const uint32_t *blocks; /* optional, from code_column_index: any offset in O(1) */
} code_locator;

void code_locator_init(code_locator *self, const uint8_t *src);
/*
 * The code points before each 64-byte block of src[0..len) (code_malloc'd; NULL
 * when out of memory), for locators asked for offsets in any order: without
 * it a jump back on a long line counts from the line's start, and a query's
 * captures on a one-line source of nested nodes took time quadratic in it.
 */
uint32_t *code_column_index(const uint8_t *src, uint32_t len);
/* The column (1-based, code points) of `byte`, whose tree-sitter point is `point`. */
uint32_t code_column(code_locator *self, uint32_t byte, TSPoint point);

/* Appends "start" and "end" positions of a node: "startLine":..,"startColumn":..,... */
void code_append_span(wm_buf *out, code_locator *start_loc, code_locator *end_loc, TSNode node);

/* Appends src[from..to) as a JSON string; invalid UTF-8 becomes U+FFFD; at most `max` bytes. */
void code_append_text(wm_buf *out, const uint8_t *src, uint32_t from, uint32_t to, uint32_t max);

/* Appends ,"key":value */
void code_append_uint_member(wm_buf *out, const char *key, uint64_t value);

/* The bytes of a node's name as ESLint and editors show it ("f", "#p", "m"); empty if none. */
typedef struct code_slice {
  uint32_t from, to;
} code_slice;
code_slice code_name_of(const code_doc *doc, TSNode node, TSNode parent);

/* How many parameters the function `node` declares (-1 when it has no list). */
int code_params_of(const code_doc *doc, TSNode node);

/*
 * Adds a diagnostic of `severity` for every syntax error of the tree (see
 * code_validate.c) and sets *errors to how many there are, not counting the
 * ones that may be the grammar's limit. False when out of memory.
 */
bool code_report_syntax_errors(wm_ctx *ctx, const code_doc *doc, wm_severity severity, size_t *errors);

/* --- Ops ------------------------------------------------------------------ */

typedef wm_status (*code_op)(wm_ctx *ctx, const code_language *lang);
/* Runs an op with its memory and tree-sitter's in an arena of its own
   (code_alloc.h): out of memory, with an "out-of-memory" diagnostic. */
wm_status code_call(wm_ctx *ctx, const code_language *lang, code_op op);

wm_status code_validate(wm_ctx *ctx, const code_language *lang);
wm_status code_analyze(wm_ctx *ctx, const code_language *lang);
wm_status code_outline(wm_ctx *ctx, const code_language *lang);
wm_status code_query(wm_ctx *ctx, const code_language *lang);

/* The options each op accepts (NULL-terminated). */
extern const char *const code_validate_options[];
extern const char *const code_analyze_options[];
extern const char *const code_outline_options[];
extern const char *const code_query_options[];

#define CODE_MODULE_VERSION "0.1.0"

/*
 * Defines the wm_module `sym` for one language: its ops bound to `lang`.
 * `extensions` is a JSON array text ("[\".js\",\".mjs\"]").
 */
#define CODE_DEFINE_MODULE(sym, lang, package, extensions)                                       \
  static wm_status sym##_validate(wm_ctx *ctx) { return code_call(ctx, &lang, code_validate); }  \
  static wm_status sym##_analyze(wm_ctx *ctx) { return code_call(ctx, &lang, code_analyze); }    \
  static wm_status sym##_outline(wm_ctx *ctx) { return code_call(ctx, &lang, code_outline); }    \
  static wm_status sym##_query(wm_ctx *ctx) { return code_call(ctx, &lang, code_query); }        \
  static const wm_op sym##_ops[] = {                                                             \
      {"validate", code_validate_options, sym##_validate},                                       \
      {"analyze", code_analyze_options, sym##_analyze},                                          \
      {"outline", code_outline_options, sym##_outline},                                          \
      {"query", code_query_options, sym##_query},                                                \
  };                                                                                             \
  const wm_module sym = {                                                                        \
      "code-" #lang, CODE_MODULE_VERSION,                                                        \
      "Validate and analyse code with tree-sitter: syntax errors, complexity, outline, queries", \
      "\"language\":\"" #lang "\",\"extensions\":" extensions ",\"grammar\":{\"package\":\""     \
      package "\",\"version\":\"" CODE_GRAMMAR_VERSION "\",\"abi\":" CODE_STR(CODE_GRAMMAR_ABI)  \
      "},\"treeSitter\":\"" CODE_RUNTIME_VERSION "\"",                                          \
      sym##_ops, sizeof sym##_ops / sizeof *sym##_ops}

#define CODE_STR_(x) #x
#define CODE_STR(x) CODE_STR_(x)

#endif /* CODE_MODULE_H */
