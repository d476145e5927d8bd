/*
 * The fast path of validate, format and stats: one tight loop per op (no
 * token calls, scans inlined, output written and counts kept in place; in
 * SIMD builds, arrays of numbers taken 64 bytes at a time by
 * json_number_block.h) that handles the common case -- well-formed input --
 * and gives up on anything else: a syntax error, a comment, a trailing comma,
 * a BOM, a lone surrogate, the depth or output limit. Giving up is not an
 * answer: the caller then runs the reader-based path from the start, which
 * says exactly what and where. So the fast path only has to accept what the
 * reader accepts, write what json_writer writes, byte for byte, and count
 * what the reader's tokens count (the fuzz targets hold it to that).
 */
#ifndef WASMOD_JSON_FAST_H
#define WASMOD_JSON_FAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json_writer.h"
#include "wasmod/buf.h"
#include "wasmod/scan.h"

/* True when p[0..n) is one well-formed document within max_depth (0 = no limit). */
bool json_fast_validate(const uint8_t *p, size_t n, size_t max_depth, const wm_scan *scan);

/* What the stats op counts: the deepest nesting, containers, keys and values by kind. */
typedef struct json_counts {
  uint64_t depth, objects, arrays, keys, strings, numbers, booleans, nulls; /* one type: no padding */
} json_counts;

/* json_fast_validate, and when true, *counts for p[0..n) (untouched when false). */
bool json_fast_stats(const uint8_t *p, size_t n, size_t max_depth, const wm_scan *scan, json_counts *counts);

/*
 * Appends p[0..n) formatted with `layout` (asciiOnly not supported) to `out`
 * and returns true; or returns false with `out` as it was (its length, and
 * no failure recorded).
 */
bool json_fast_format(const uint8_t *p, size_t n, size_t max_depth, const json_layout *layout, const wm_scan *scan,
                      wm_buf *out);

#endif /* WASMOD_JSON_FAST_H */
