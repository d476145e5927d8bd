#include "json_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmod/scan_inline.h"
#include "wasmod/utf8.h"

/* What the reader expects next. */
enum {
  S_TOP_VALUE,        /* the document's value */
  S_TOP_DONE,         /* after it: only whitespace may follow */
  S_ARRAY_FIRST,      /* after '[': a value or ']' */
  S_ARRAY_NEXT,       /* after an element: ',' or ']' */
  S_ARRAY_VALUE,      /* after ',': a value */
  S_OBJECT_FIRST,     /* after '{': a key or '}' */
  S_OBJECT_COLON,     /* after a key: ':' */
  S_OBJECT_VALUE,     /* after ':': a value */
  S_OBJECT_NEXT,      /* after a member: ',' or '}' */
  S_OBJECT_KEY,       /* after ',': a key */
  S_FINISHED,
  S_FAILED
};

void json_reader_init(json_reader *self, const uint8_t *p, size_t n, const wm_scan *scan,
                      const json_reader_options *options) {
  memset(self, 0, sizeof *self);
  self->p = p;
  self->n = n;
  self->scan = scan;
  self->simd = WM_SIMD && scan != wm_scan_scalar();
  self->options = *options;
  self->state = S_TOP_VALUE;
}

void json_reader_free(json_reader *self) {
  free(self->stack);
  self->stack = NULL;
  self->stack_words = 0;
}

bool json_reader_in_object(const json_reader *self) {
  size_t level = self->depth - 1;
  return self->depth && (self->stack[level / 64] >> (level % 64) & 1);
}

/* ---- Errors ---------------------------------------------------------- */

/* Appends a short description of what stands at p[i] ("'x'", "end of input", ...). */
static size_t describe(const json_reader *r, size_t i, char *out, size_t cap) {
  static const char hex[] = "0123456789ABCDEF";
  if (i >= r->n) return (size_t)snprintf(out, cap, "end of input");
  uint8_t c = r->p[i];
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    /* A word such as NaN, Infinity, undefined or True: show it whole. */
    size_t len = 0;
    while (i + len < r->n && len < 24 &&
           ((r->p[i + len] | 0x20) >= 'a' && (r->p[i + len] | 0x20) <= 'z'))
      len++;
    return (size_t)snprintf(out, cap, "'%.*s'", (int)len, (const char *)r->p + i);
  }
  if (c >= 0x20 && c < 0x7f) return (size_t)snprintf(out, cap, c == '\'' ? "\"'\"" : "'%c'", c);
  if (c < 0x80) return (size_t)snprintf(out, cap, "control character U+00%c%c", hex[c >> 4], hex[c & 15]);
  uint32_t cp;
  size_t len = wm_utf8_decode(r->p, i, r->n, &cp);
  if (!len) return (size_t)snprintf(out, cap, "invalid UTF-8 byte 0x%c%c", hex[c >> 4], hex[c & 15]);
  return (size_t)snprintf(out, cap, "'%.*s' (U+%04X)", (int)len, (const char *)r->p + i, (unsigned)cp);
}

static json_token fail(json_reader *r, const char *code, size_t offset, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(r->error.message, sizeof r->error.message, format, args);
  va_end(args);
  r->error.code = code;
  r->error.offset = offset;
  r->state = S_FAILED;
  return JSON_ERROR;
}

/* "expected <what>, found <what is there>", or "unexpected end of input: expected <what>". */
static json_token fail_expected(json_reader *r, size_t i, const char *expected) {
  if (i >= r->n)
    return fail(r, "unexpected-end", i, "unexpected end of input: expected %s", expected);
  uint32_t cp;
  if (r->p[i] >= 0x80 && !wm_utf8_decode(r->p, i, r->n, &cp))
    return fail(r, "invalid-utf8", i, "invalid UTF-8 byte 0x%02X", r->p[i]);
  char found[64];
  describe(r, i, found, sizeof found);
  return fail(r, "unexpected-character", i, "expected %s, found %s", expected, found);
}

/* ---- Whitespace and comments ---------------------------------------- */

/* Skips whitespace (and comments in jsonc). Returns false after reporting an error. */
static bool skip_space(json_reader *r) {
  for (;;) {
    size_t i = wm_skip_ws_k(r->p, r->pos, r->n, r->simd);
    r->pos = i;
    if (i >= r->n || r->p[i] != '/') return true;
    if (!r->options.jsonc) {
      fail(r, "comment", i, "comments are not allowed in strict JSON (mode 'jsonc' allows them)");
      return false;
    }
    size_t body, end;
    if (i + 1 < r->n && r->p[i + 1] == '/') {
      body = i + 2;
      end = r->scan->find_byte(r->p, body, r->n, '\n');
      r->pos = end;
    } else if (i + 1 < r->n && r->p[i + 1] == '*') {
      body = i + 2;
      end = body;
      for (;;) {
        end = r->scan->find_byte(r->p, end, r->n, '*');
        if (end + 1 >= r->n) {
          fail(r, "unterminated-comment", i, "unterminated comment: no closing '*/'");
          return false;
        }
        if (r->p[end + 1] == '/') break;
        end++;
      }
      r->pos = end + 2;
    } else {
      fail_expected(r, i, "'//' or '/*' to start a comment");
      return false;
    }
    size_t bad = body + wm_utf8_validate(r->scan, r->p + body, end - body);
    if (bad != end) {
      fail(r, "invalid-utf8", bad, "invalid UTF-8 byte 0x%02X in comment", r->p[bad]);
      return false;
    }
    r->comments++;
  }
}

/* ---- Scalars --------------------------------------------------------- */

static int hex_digit(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Reads the 4 hex digits after "\u" at p[i]; returns -1 when they are not there. */
static int32_t read_u_escape(const json_reader *r, size_t i) {
  if (r->n - i < 6 || r->p[i] != '\\' || r->p[i + 1] != 'u') return -1;
  int32_t v = 0;
  for (size_t k = 2; k < 6; k++) {
    int h = hex_digit(r->p[i + k]);
    if (h < 0) return -1;
    v = v << 4 | h;
  }
  return v;
}

/* Scans the string literal whose opening quote is at r->pos. */
static json_token read_string(json_reader *r, json_token token) {
  const uint8_t *p = r->p;
  size_t n = r->n, open = r->pos, i = open + 1;
  for (;;) {
    i = wm_string_run_k(p, i, n, r->simd);
    if (i >= n) return fail(r, "unterminated-string", open, "unterminated string: no closing '\"'");
    uint8_t c = p[i];
    if (c == '"') break;
    if (c == '\\') {
      if (i + 1 >= n) return fail(r, "unterminated-string", open, "unterminated string: no closing '\"'");
      uint8_t e = p[i + 1];
      if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        i += 2;
        continue;
      }
      if (e != 'u') {
        char found[64];
        describe(r, i + 1, found, sizeof found);
        return fail(r, "invalid-escape", i, "invalid escape in string: '\\' followed by %s", found);
      }
      int32_t cp = read_u_escape(r, i);
      if (cp < 0) return fail(r, "invalid-escape", i, "invalid escape in string: expected 4 hex digits after '\\u'");
      if (cp >= 0xd800 && cp <= 0xdbff) {
        int32_t low = read_u_escape(r, i + 6);
        if (low >= 0xdc00 && low <= 0xdfff) {
          i += 12;
          continue;
        }
        if (!r->options.allow_lone_surrogates)
          return fail(r, "lone-surrogate", i,
                      "lone surrogate '\\u%04X': a high surrogate must be followed by a low one "
                      "(option allowLoneSurrogates accepts it)",
                      (unsigned)cp);
      } else if (cp >= 0xdc00 && cp <= 0xdfff && !r->options.allow_lone_surrogates) {
        return fail(r, "lone-surrogate", i,
                    "lone surrogate '\\u%04X': a low surrogate must follow a high one "
                    "(option allowLoneSurrogates accepts it)",
                    (unsigned)cp);
      }
      i += 6;
      continue;
    }
    if (c < 0x20)
      return fail(r, "control-character", i,
                  "control character U+%04X in string: it must be escaped", (unsigned)c);
    size_t end = wm_utf8_run_k(p, i, n); /* every well-formed sequence up to the next ASCII byte */
    if (end == i) return fail(r, "invalid-utf8", i, "invalid UTF-8 byte 0x%02X in string", c);
    i = end;
  }
  r->start = open;
  r->end = r->pos = i + 1;
  return token;
}

static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

static json_token read_number(json_reader *r) {
  const uint8_t *p = r->p;
  size_t n = r->n, start = r->pos, i = start;
  if (p[i] == '-') i++;
  if (i >= n || !is_digit(p[i])) return fail_expected(r, i, "a digit after '-'");
  if (p[i] == '0') {
    i++;
    if (i < n && is_digit(p[i]))
      return fail(r, "invalid-number", start, "leading zeros are not allowed in numbers");
  } else {
    i = wm_digit_run_k(p, i, n, r->simd);
  }
  if (i < n && p[i] == '.') {
    i++;
    if (i >= n || !is_digit(p[i])) return fail_expected(r, i, "a digit after '.' in a number");
    i = wm_digit_run_k(p, i, n, r->simd);
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    if (i >= n || !is_digit(p[i])) return fail_expected(r, i, "a digit in the exponent of a number");
    while (i < n && is_digit(p[i])) i++;
  }
  r->start = start;
  r->end = r->pos = i;
  return JSON_NUMBER;
}

static json_token read_literal(json_reader *r, const char *word, size_t len, json_token token) {
  if (r->n - r->pos < len || memcmp(r->p + r->pos, word, len) != 0) {
    char found[64];
    describe(r, r->pos, found, sizeof found);
    return fail(r, "unexpected-character", r->pos, "expected a JSON value, found %s", found);
  }
  r->start = r->pos;
  r->end = r->pos += len;
  return token;
}

/* ---- Structure ------------------------------------------------------- */

static json_token push(json_reader *r, bool object) {
  size_t level = r->depth;
  if (r->options.max_depth && level >= r->options.max_depth)
    return fail(r, "depth-limit", r->pos, "nesting deeper than %zu levels (option maxDepth)",
                r->options.max_depth);
  if (level / 64 >= r->stack_words) {
    size_t words = r->stack_words ? r->stack_words * 2 : 4;
    uint64_t *stack = realloc(r->stack, words * sizeof *stack);
    if (!stack) {
      r->out_of_memory = true;
      return fail(r, "out-of-memory", r->pos, "out of memory");
    }
    r->stack = stack;
    r->stack_words = words;
  }
  uint64_t bit = (uint64_t)1 << (level % 64);
  r->stack[level / 64] = object ? r->stack[level / 64] | bit : r->stack[level / 64] & ~bit;
  r->depth++;
  r->start = r->pos;
  r->end = ++r->pos;
  r->state = object ? S_OBJECT_FIRST : S_ARRAY_FIRST;
  return object ? JSON_OBJECT_BEGIN : JSON_ARRAY_BEGIN;
}

/* The state after a complete value at the current depth. */
static void after_value(json_reader *r) {
  if (!r->depth)
    r->state = S_TOP_DONE;
  else
    r->state = json_reader_in_object(r) ? S_OBJECT_NEXT : S_ARRAY_NEXT;
}

static json_token pop(json_reader *r, json_token token) {
  r->depth--;
  r->start = r->pos;
  r->end = ++r->pos;
  after_value(r);
  return token;
}

static json_token read_value(json_reader *r, const char *expected) {
  json_token token;
  switch (r->p[r->pos]) {
  case '{': return push(r, true);
  case '[': return push(r, false);
  case '"': token = read_string(r, JSON_STRING); break;
  case 't': token = read_literal(r, "true", 4, JSON_TRUE); break;
  case 'f': token = read_literal(r, "false", 5, JSON_FALSE); break;
  case 'n': token = read_literal(r, "null", 4, JSON_NULL); break;
  case '-': case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9':
    token = read_number(r);
    break;
  default: return fail_expected(r, r->pos, expected);
  }
  if (token != JSON_ERROR) after_value(r);
  return token;
}

json_token json_reader_next(json_reader *r) {
  if (r->state == S_FINISHED) return JSON_END;
  if (r->state == S_FAILED) return JSON_ERROR;
  if (r->state == S_TOP_VALUE && r->pos == 0 && r->n >= 3 && r->p[0] == 0xef && r->p[1] == 0xbb &&
      r->p[2] == 0xbf) {
    if (!r->options.allow_bom)
      return fail(r, "bom", 0, "byte order mark (U+FEFF) at the start of the input (option allowBom accepts it)");
    r->pos = 3;
  }
  if (!skip_space(r)) return JSON_ERROR;
  size_t i = r->pos;
  bool at_end = i >= r->n;
  uint8_t c = at_end ? 0 : r->p[i];

  switch (r->state) {
  case S_TOP_VALUE:
    if (at_end) {
      bool blank = r->n == 0 || r->scan->skip_ws(r->p, 0, r->n) == r->n;
      return blank ? fail(r, "empty-input", i, "empty input: expected a JSON value")
                   : fail_expected(r, i, "a JSON value");
    }
    return read_value(r, "a JSON value");

  case S_TOP_DONE:
    if (at_end) {
      r->state = S_FINISHED;
      return JSON_END;
    }
    {
      char found[64];
      describe(r, i, found, sizeof found);
      return fail(r, "trailing-content", i, "unexpected %s after the JSON value: only one top-level value is allowed", found);
    }

  case S_ARRAY_FIRST:
    if (c == ']') return pop(r, JSON_ARRAY_END);
    if (at_end) return fail_expected(r, i, "a value or ']'");
    return read_value(r, "a value or ']'");

  case S_ARRAY_NEXT:
    if (c == ',') {
      r->pos++;
      r->state = S_ARRAY_VALUE;
      return json_reader_next(r);
    }
    if (c == ']') return pop(r, JSON_ARRAY_END);
    return fail_expected(r, i, "',' or ']' after array element");

  case S_ARRAY_VALUE:
    if (c == ']') {
      if (!r->options.jsonc)
        return fail(r, "trailing-comma", i, "trailing comma before ']' is not allowed in strict JSON (mode 'jsonc' allows it)");
      r->trailing_commas++;
      return pop(r, JSON_ARRAY_END);
    }
    if (at_end) return fail_expected(r, i, "a value after ','");
    return read_value(r, "a value after ','");

  case S_OBJECT_FIRST:
  case S_OBJECT_KEY:
    if (c == '}') {
      if (r->state == S_OBJECT_KEY) {
        if (!r->options.jsonc)
          return fail(r, "trailing-comma", i, "trailing comma before '}' is not allowed in strict JSON (mode 'jsonc' allows it)");
        r->trailing_commas++;
      }
      return pop(r, JSON_OBJECT_END);
    }
    if (c != '"')
      return fail_expected(r, i, r->state == S_OBJECT_FIRST ? "a string key or '}'" : "a string key after ','");
    if (read_string(r, JSON_KEY) == JSON_ERROR) return JSON_ERROR;
    r->state = S_OBJECT_COLON;
    return JSON_KEY;

  case S_OBJECT_COLON:
    if (c != ':') return fail_expected(r, i, "':' after object key");
    r->pos++;
    r->state = S_OBJECT_VALUE;
    return json_reader_next(r);

  case S_OBJECT_VALUE:
    if (at_end) return fail_expected(r, i, "a value after ':'");
    return read_value(r, "a value after ':'");

  case S_OBJECT_NEXT:
    if (c == ',') {
      r->pos++;
      r->state = S_OBJECT_KEY;
      return json_reader_next(r);
    }
    if (c == '}') return pop(r, JSON_OBJECT_END);
    return fail_expected(r, i, "',' or '}' after object member");
  }
  return fail(r, "internal", i, "internal error: bad reader state");
}
