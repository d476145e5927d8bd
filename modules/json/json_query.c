/*
 * query: the value an RFC 6901 JSON Pointer names, formatted like format
 * does. One pass finds the value's span while validating the whole document
 * (the pointer's path is followed as the tokens stream by, no tree); a second
 * formats that span. Where an object repeats a key, the last one is followed,
 * as JSON.parse, jq and Python do: a later repeat restarts the path from there.
 */
#include <stdio.h>
#include <stdlib.h>

#include "json_ops.h"
#include "json_string.h"

typedef struct pointer {
  const char *raw;    /* the option's text */
  wm_buf text;        /* the reference tokens, unescaped, one after another */
  wm_buf tokens;      /* per token: {text offset, text length, raw end} */
  size_t count;
} pointer;

typedef struct pointer_token { size_t text, len, raw_end; } pointer_token;

/* Splits and unescapes the pointer; false (with a diagnostic) when it is malformed. */
static bool parse_pointer(wm_ctx *ctx, pointer *ptr, const char *raw, size_t n) {
  ptr->raw = raw;
  if (n && raw[0] != '/') {
    wm_fail(ctx, WM_BAD_OPTIONS, "bad-option", 0, "option 'pointer' must be empty or start with '/' (RFC 6901)");
    return false;
  }
  size_t i = 0;
  while (i < n) {
    pointer_token t = {ptr->text.len, 0, 0};
    for (i++; i < n && raw[i] != '/'; i++) {
      char c = raw[i];
      if (c == '~') {
        if (i + 1 >= n || (raw[i + 1] != '0' && raw[i + 1] != '1')) {
          wm_fail(ctx, WM_BAD_OPTIONS, "bad-option", 0, "option 'pointer': '~' must be followed by '0' or '1' (RFC 6901)");
          return false;
        }
        c = raw[++i] == '0' ? '~' : '/';
      }
      wm_buf_append_byte(&ptr->text, (uint8_t)c);
    }
    t.len = ptr->text.len - t.text;
    t.raw_end = i;
    wm_buf_append(&ptr->tokens, &t, sizeof t);
    ptr->count++;
  }
  return !wm_buf_failed(&ptr->text) && !wm_buf_failed(&ptr->tokens);
}

static const pointer_token *token_at(const pointer *ptr, size_t i) {
  return &((const pointer_token *)(const void *)ptr->tokens.data)[i];
}

/* A reference token's unescaped text (the buffer is still unallocated when every token is empty). */
static const uint8_t *token_text(const pointer *ptr, const pointer_token *t) {
  return ptr->text.data ? ptr->text.data + t->text : (const uint8_t *)"";
}

/* The array index a reference token names, or SIZE_MAX when it is not one. */
static size_t parse_index(const uint8_t *t, size_t n) {
  if (!n || n > 15 || (t[0] == '0' && n > 1)) return SIZE_MAX;
  size_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i] < '0' || t[i] > '9') return SIZE_MAX;
    v = v * 10 + (t[i] - '0');
  }
  return v;
}

enum { SEEK, SCAN, INSIDE_TARGET, FOUND, MISSING };

/* A container the path goes through: the one searched for reference token i is level i. */
typedef struct level {
  size_t depth; /* the reader's depth inside it */
  size_t start;
  bool in_object;
} level;

typedef struct search {
  int phase;
  size_t matched;        /* tokens of the pointer followed so far */
  level *levels;         /* one per reference token */
  size_t open;           /* levels whose container the reader is still in */
  size_t target_depth;   /* INSIDE_TARGET: the reader's depth inside the target */
  size_t index, counter; /* arrays: the wanted index, elements seen */
  size_t start, end;     /* the target's span */
  size_t fail_offset;
  char message[320];
} search;

static const char *const kind_names[] = {
    [JSON_OBJECT_BEGIN] = "an object", [JSON_ARRAY_BEGIN] = "an array", [JSON_STRING] = "a string",
    [JSON_NUMBER] = "a number", [JSON_TRUE] = "true", [JSON_FALSE] = "false", [JSON_NULL] = "null"};

/* At most `max` of the n bytes of s, cut where a character starts (messages stay UTF-8). */
static int shown(const void *s, size_t n, size_t max) {
  const uint8_t *p = s;
  if (n <= max) return (int)n;
  while (max && (p[max] & 0xc0) == 0x80) max--;
  return (int)max;
}

/* Ends the search: the pointer up to the current token names nothing, because of `why`. */
static void not_found(search *s, const pointer *ptr, size_t offset, const char *why) {
  const pointer_token *t = token_at(ptr, s->matched);
  snprintf(s->message, sizeof s->message, "pointer \"%.*s\" names nothing: %s", shown(ptr->raw, t->raw_end, 120),
           ptr->raw, why);
  s->phase = MISSING;
  s->fail_offset = offset;
}

/* The path has reached the value whose first token the reader just returned. */
static void arrive(search *s, const pointer *ptr, const json_reader *r, json_token token) {
  bool container = token == JSON_OBJECT_BEGIN || token == JSON_ARRAY_BEGIN;
  s->start = r->start;
  if (s->matched == ptr->count) {
    s->end = r->end;
    s->target_depth = r->depth;
    s->phase = container ? INSIDE_TARGET : FOUND;
    return;
  }
  const pointer_token *t = token_at(ptr, s->matched);
  const uint8_t *text = token_text(ptr, t);
  char why[200];
  if (!container) {
    snprintf(why, sizeof why, "the value there is %s, which has no member \"%.*s\"", kind_names[token],
             shown(text, t->len, 60), (const char *)text);
    return not_found(s, ptr, r->start, why);
  }
  s->phase = SCAN;
  s->levels[s->matched] = (level){r->depth, r->start, token == JSON_OBJECT_BEGIN};
  s->open = s->matched + 1;
  s->counter = 0;
  if (token == JSON_OBJECT_BEGIN) return;
  s->index = parse_index(text, t->len);
  if (t->len == 1 && text[0] == '-')
    return not_found(s, ptr, r->start, "'-' names the element after the last one of an array, which is never there");
  if (s->index == SIZE_MAX) {
    snprintf(why, sizeof why, "the value there is an array, and \"%.*s\" is not an index (digits, no leading zeros)",
             shown(text, t->len, 60), (const char *)text);
    return not_found(s, ptr, r->start, why);
  }
}

/* Does the key literal the reader just returned spell reference token t? */
static bool key_is(const json_reader *r, const uint8_t *p, const pointer *ptr, const pointer_token *t,
                   wm_buf *scratch) {
  const uint8_t *lit = p + r->start, *key = lit + 1;
  size_t len = r->end - r->start, key_len = len - 2;
  if (!json_string_is_plain(lit, len)) {
    scratch->len = 0;
    json_string_decode(lit, len, scratch);
    key = scratch->data, key_len = scratch->len;
  }
  return key_len == t->len && (!key_len || memcmp(key, token_text(ptr, t), key_len) == 0);
}

/*
 * Feeds one token. The answer is only final at the end of the document: until
 * then, a repeat of a key the path took, in an object the path is still in,
 * restarts the path from that key, whatever was found or missed after it.
 */
static void feed(search *s, const pointer *ptr, const json_reader *r, json_token token, const uint8_t *p,
                 wm_buf *scratch) {
  bool begin = token == JSON_OBJECT_BEGIN || token == JSON_ARRAY_BEGIN;
  bool end = token == JSON_OBJECT_END || token == JSON_ARRAY_END;
  const level *in = s->open ? &s->levels[s->open - 1] : NULL; /* the innermost container of the path */
  if (token == JSON_KEY) {
    if (in && in->in_object && r->depth == in->depth && key_is(r, p, ptr, token_at(ptr, s->open - 1), scratch)) {
      s->matched = s->open;
      s->phase = SEEK;
    }
    return;
  }
  if (end && in && r->depth + 1 == in->depth) {
    if (s->phase == SCAN) {
      const pointer_token *t = token_at(ptr, s->matched);
      char why[200];
      if (in->in_object)
        snprintf(why, sizeof why, "the object there has no member \"%.*s\"", shown(token_text(ptr, t), t->len, 60),
                 (const char *)token_text(ptr, t));
      else
        snprintf(why, sizeof why, "the array there has %zu elements, so no index %zu", s->counter, s->index);
      not_found(s, ptr, in->start, why);
    }
    s->open--;
    return;
  }
  switch (s->phase) {
  case SEEK:
    if (!end) arrive(s, ptr, r, token);
    return;
  case INSIDE_TARGET:
    if (end && r->depth + 1 == s->target_depth) s->end = r->end, s->phase = FOUND;
    return;
  case SCAN:
    if (in->in_object) return;
    break;
  default: return;
  }
  bool element = begin ? r->depth == in->depth + 1 : !end && r->depth == in->depth;
  if (element && s->counter++ == s->index) {
    s->matched++;
    arrive(s, ptr, r, token);
  }
}

wm_status json_query(wm_ctx *ctx) {
  json_format_options options;
  wm_status status = json_read_format_options(ctx, &options, 2);
  if (status != WM_OK) return status;
  const wm_opt *opt = wm_options_get(ctx->options, "pointer");
  if (opt && opt->type != WM_OPT_STRING && opt->type != WM_OPT_NULL)
    return wm_fail(ctx, WM_BAD_OPTIONS, "bad-option", 0, "option 'pointer' must be a string (RFC 6901 JSON Pointer)");
  pointer ptr = {0};
  wm_buf scratch;
  wm_buf_init(&ptr.text);
  wm_buf_init(&ptr.tokens);
  wm_buf_init(&scratch);
  bool has = opt && opt->type == WM_OPT_STRING;
  if (!parse_pointer(ctx, &ptr, has ? opt->string : "", has ? opt->string_len : 0)) {
    status = wm_buf_failed(&ptr.text) || wm_buf_failed(&ptr.tokens) ? WM_OUT_OF_MEMORY : WM_BAD_OPTIONS;
  } else {
    json_reader reader;
    json_reader_init(&reader, ctx->input, ctx->input_len, ctx->scan, &options.reader);
    search s;
    memset(&s, 0, sizeof s);
    s.phase = SEEK;
    s.levels = malloc((ptr.count + 1) * sizeof *s.levels);
    json_token token;
    while ((token = json_reader_next(&reader)) > JSON_ERROR)
      if (s.levels) feed(&s, &ptr, &reader, token, ctx->input, &scratch);
    if (token == JSON_ERROR) {
      status = json_report_error(ctx, &reader, 0);
    } else if (!s.levels || wm_buf_failed(&scratch)) {
      status = wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", 0, "out of memory");
    } else if (s.phase != FOUND) {
      status = wm_fail(ctx, WM_INVALID_INPUT, "pointer-not-found", s.fail_offset, s.message);
    } else {
      ctx->out->limit = json_output_limit(ctx->input_len);
      status = json_format_document(ctx, &options, s.start, s.end - s.start);
    }
    free(s.levels);
    json_reader_free(&reader);
  }
  wm_buf_free(&ptr.text);
  wm_buf_free(&ptr.tokens);
  wm_buf_free(&scratch);
  return status;
}
