/*
 * Force-included before tree-sitter's lib.c in the WebAssembly builds only:
 * two of its parser's functions stay out of line.
 *
 * V8 compiles a wasm function when it is first called, and its baseline
 * compiler keeps a copy of the locals' state at every block, so its time grows
 * faster than a function's size. Guided by the profile, clang inlines the
 * lexing and the reduction step into ts_parser__advance, which every token
 * goes through: 28 KB of wasm that took 8-11 ms and 2.4 MB of compiler memory
 * on a fresh module's first analyze. Kept apart (13 KB, 9 KB and less), they
 * compile in about a third of that: the first analyze of an empty JavaScript
 * source went from 16.4 to 13.0 ms (medians of 11 fresh processes), and the
 * modules are ~11 KB smaller. Alternating passes over the code corpus: the
 * same for JavaScript and Python, ~1% slower for TypeScript and C (one call
 * more per token and per reduction).
 * A changed signature in a newer runtime fails the build (conflicting types).
 */
#ifndef WASM_TREE_SITTER_OUTLINE_H
#define WASM_TREE_SITTER_OUTLINE_H

#include "stack.h"

__attribute__((noinline)) static Subtree ts_parser__lex(TSParser *self, StackVersion version,
                                                        TSStateId parse_state);
__attribute__((noinline)) static StackVersion ts_parser__reduce(
    TSParser *self, StackVersion version, TSSymbol symbol, uint32_t count, int dynamic_precedence,
    uint16_t production_id, bool is_fragile, bool end_of_non_terminal_extra);

#endif
