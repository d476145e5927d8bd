/*
 * The predicates and directives of a tree-sitter query ("(#eq? @x \"foo\")"),
 * which the C runtime parses but leaves to its bindings: applied here as
 * web-tree-sitter applies them.
 */
#ifndef CODE_PREDICATE_H
#define CODE_PREDICATE_H

#include "code_module.h"

typedef struct code_predicates code_predicates;

/*
 * A bad query: a `bad-query` diagnostic saying what and where (offset, line,
 * column in the query) and status bad options. Defined in code_query.c.
 */
wm_status code_bad_query(wm_ctx *ctx, const code_language *lang, const char *query, size_t len,
                         uint32_t offset, const char *what);

/*
 * Reads and checks the predicates of every pattern of `query` (its text:
 * text[0..len)). On success *out is set (NULL when there is nothing to apply
 * or report); else the diagnostic is added and the status returned.
 */
wm_status code_predicates_new(wm_ctx *ctx, const code_language *lang, const TSQuery *query,
                              const char *text, uint32_t len, code_predicates **out);

/* What the #match? expressions of a call may cost, in thread steps (code_regex_search). */
void code_predicates_set_budget(code_predicates *self, uint64_t thread_steps);

/* 1 when the match passes its pattern's text predicates, 0 when not, -1 past the budget. */
int code_predicates_pass(code_predicates *self, const uint8_t *src, const TSQueryMatch *match);

/* The capture members of a pattern's properties (",\"setProperties\":{...}"...), if it has any. */
void code_predicates_append_properties(const code_predicates *self, wm_buf *out, uint32_t pattern);

/* ",\"directives\":[...]" when the query has directives other than #set!. */
void code_predicates_append_directives(const code_predicates *self, wm_buf *out);

void code_predicates_free(code_predicates *self);

#endif
