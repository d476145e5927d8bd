/*
 * The regular expressions of `#match?`: a subset of JavaScript's (no flags),
 * matched in time linear in the text (an NFA simulation, no backtracking).
 * Text and pattern are read as UTF-16 code units, as JavaScript reads them,
 * so `.` and classes see what a RegExp without the u flag sees.
 */
#ifndef CODE_REGEX_H
#define CODE_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Instructions a compiled expression may have, after repetitions are written out. */
#define CODE_REGEX_MAX_PROGRAM 2000

typedef struct code_regex code_regex;

/*
 * Compiles pattern[0..len) (UTF-8). Returns NULL on success with *out set,
 * else a message naming what is wrong or not supported, with *error_at the
 * byte offset in the pattern. Out of memory is "out of memory".
 */
const char *code_regex_compile(const char *pattern, size_t len, code_regex **out, size_t *error_at);

/*
 * 1 when the expression matches somewhere in text[0..len) (UTF-8), like
 * RegExp.prototype.test, else 0; -1 when that would take more than *budget
 * thread steps (a thread step: one live state of the NFA at one text unit).
 * The steps taken are taken off *budget.
 */
int code_regex_search(code_regex *re, const uint8_t *text, size_t len, uint64_t *budget);

void code_regex_free(code_regex *re);

#endif
