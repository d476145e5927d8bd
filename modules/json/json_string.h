/* Decoding string literals that the reader has already validated. */
#ifndef WASMOD_JSON_STRING_H
#define WASMOD_JSON_STRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/buf.h"

/* True when the literal p[0..n) (quotes included) holds no escape: its bytes are its text. */
static inline bool json_string_is_plain(const uint8_t *p, size_t n) {
  return n < 2 || !memchr(p + 1, '\\', n - 2);
}

/*
 * Appends the text of the validated literal p[0..n) (quotes included) to
 * `out`, escapes decoded. Lone surrogates (allowLoneSurrogates) become their
 * 3-byte generalized UTF-8 form, so byte order stays code point order.
 */
void json_string_decode(const uint8_t *p, size_t n, wm_buf *out);

/* Compares two decoded texts by code point: <0, 0, >0. */
int json_text_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

#endif /* WASMOD_JSON_STRING_H */
