/*
 * The layout of formatted JSON, shared by format, query and ndjson-format:
 * the writer is told the tokens (open, close, key, scalar) and places commas,
 * newlines and indentation the way JSON.stringify(v, null, n) does: empty {}
 * and [] on one line, ": " after keys, nothing but separators when minified.
 * Scalars and keys are copied byte for byte from the input (numbers keep their
 * lexemes, strings their escapes); only asciiOnly rewrites non-ASCII text.
 */
#ifndef WASMOD_JSON_WRITER_H
#define WASMOD_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/buf.h"
#include "wasmod/scan.h"

typedef struct json_layout {
  size_t indent;      /* spaces per level; 0 with tab false = minified */
  bool tab;           /* one tab per level instead */
  bool ascii_only;    /* escape every non-ASCII character as \uXXXX */
  bool final_newline; /* end the output with '\n' */
} json_layout;

typedef struct json_writer {
  wm_buf *out;
  const wm_scan *scan;
  json_layout layout;
  size_t depth;
  bool empty;     /* the innermost open container has no element yet */
  bool after_key; /* the next value follows "key: " */
  uint8_t *pad;   /* "\n" followed by the indentation of pad_depth levels */
  size_t pad_depth;
  bool failed; /* the pad could not grow */
  /* Optional: the end of the input the lexemes are in. Where set, short lexemes are
     copied in whole 16-byte blocks (reading up to 15 bytes past them, never past this). */
  const uint8_t *input_end;
} json_writer;

void json_writer_init(json_writer *self, wm_buf *out, const wm_scan *scan, const json_layout *layout);
void json_writer_free(json_writer *self);

/* '{' or '['. */
void json_writer_open(json_writer *self, uint8_t bracket);
/* '}' or ']'. */
void json_writer_close(json_writer *self, uint8_t bracket);
/* An object key: its literal p[0..n) with quotes. */
void json_writer_key(json_writer *self, const uint8_t *p, size_t n);
/* A number, literal or string literal p[0..n). */
void json_writer_scalar(json_writer *self, const uint8_t *p, size_t n, bool is_string);
/* After the top-level value: the final newline if asked. */
void json_writer_finish(json_writer *self);

/* True when output could not be written (memory or the output limit). */
static inline bool json_writer_failed(const json_writer *self) {
  return self->failed || wm_buf_failed(self->out);
}

#endif /* WASMOD_JSON_WRITER_H */
