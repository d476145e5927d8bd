/*
 * A strict, non-recursive JSON pull parser. Each call to json_reader_next()
 * returns the next token of the document with its byte span, validating as it
 * goes (RFC 8259 grammar, strict UTF-8, escapes, surrogates); the first
 * problem stops the reader with a located, readable error. Nesting is kept as
 * one bit per level, so depth is a policy (max_depth), never a crash.
 */
#ifndef WASMOD_JSON_READER_H
#define WASMOD_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/scan.h"

typedef enum json_token {
  JSON_END,   /* the document is complete */
  JSON_ERROR, /* see json_reader.error */
  JSON_OBJECT_BEGIN,
  JSON_OBJECT_END,
  JSON_ARRAY_BEGIN,
  JSON_ARRAY_END,
  JSON_KEY,    /* an object key; the span includes its quotes */
  JSON_STRING, /* the span includes the quotes */
  JSON_NUMBER,
  JSON_TRUE,
  JSON_FALSE,
  JSON_NULL
} json_token;

typedef struct json_reader_options {
  bool jsonc;                 /* allow comments and trailing commas */
  bool allow_bom;             /* skip a UTF-8 byte order mark at the start */
  bool allow_lone_surrogates; /* accept \uD800-style escapes without their pair */
  size_t max_depth;           /* deepest nesting of arrays and objects; 0 = no limit */
} json_reader_options;

typedef struct json_error {
  const char *code; /* stable: "unexpected-character", "unterminated-string", ... */
  size_t offset;    /* byte offset of the problem */
  char message[192];
} json_error;

typedef struct json_reader {
  const uint8_t *p;
  size_t n;
  size_t pos; /* where scanning resumes */
  const wm_scan *scan;
  bool simd; /* scan is the SIMD table: the hot scans inline its kernels (scan_inline.h) */
  json_reader_options options;
  int state;
  size_t depth;
  uint64_t *stack; /* bit d set: level d+1 is an object */
  size_t stack_words;
  size_t start, end; /* byte span of the last token */
  size_t comments;   /* comments skipped (jsonc) */
  size_t trailing_commas;
  bool out_of_memory;
  json_error error;
} json_reader;

void json_reader_init(json_reader *self, const uint8_t *p, size_t n, const wm_scan *scan,
                      const json_reader_options *options);
void json_reader_free(json_reader *self);

/* The next token; JSON_END and JSON_ERROR repeat once reached. */
json_token json_reader_next(json_reader *self);

/* True when the innermost open container is an object (depth > 0). */
bool json_reader_in_object(const json_reader *self);

#endif /* WASMOD_JSON_READER_H */
