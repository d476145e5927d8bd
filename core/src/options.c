/*
 * A small strict JSON reader for the options object. Options are tiny and read
 * once per call, so this favours clarity over speed; nesting depth is bounded.
 */
#include "wasmod/options.h"

#include <stdlib.h>

#include "wasmod/utf8.h"

#define MAX_NESTING 64

typedef struct reader {
  const char *p;
  size_t n, i;
  wm_buf *error;
} reader;

static bool fail(reader *r, const char *what) {
  wm_buf_append_str(r->error, what);
  wm_buf_append_str(r->error, " at byte ");
  wm_buf_append_uint(r->error, r->i);
  wm_buf_append_str(r->error, " of the options");
  return false;
}

/* An allocation failed: the error buffer is left failed, which the caller
   reads as out of memory, not as malformed options. */
static bool out_of_memory(reader *r) {
  r->error->failed = true;
  return false;
}

static void skip_ws(reader *r) {
  while (r->i < r->n && (r->p[r->i] == ' ' || r->p[r->i] == '\t' || r->p[r->i] == '\n' ||
                         r->p[r->i] == '\r'))
    r->i++;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool read_hex4(reader *r, uint32_t *out) {
  if (r->n - r->i < 4) return false;
  uint32_t v = 0;
  for (int k = 0; k < 4; k++) {
    int h = hex_value(r->p[r->i + k]);
    if (h < 0) return false;
    v = v << 4 | (uint32_t)h;
  }
  r->i += 4;
  *out = v;
  return true;
}

/* Reads a string literal at r->i (the opening quote) into a new NUL-terminated copy. */
static bool read_string(reader *r, char **out, size_t *out_len) {
  wm_buf s;
  wm_buf_init(&s);
  r->i++;
  for (;;) {
    if (r->i >= r->n) return wm_buf_free(&s), fail(r, "unterminated string");
    unsigned char c = (unsigned char)r->p[r->i];
    if (c == '"') break;
    if (c < 0x20) return wm_buf_free(&s), fail(r, "control character in string");
    if (c != '\\') {
      uint32_t cp;
      size_t len = wm_utf8_decode((const uint8_t *)r->p, r->i, r->n, &cp);
      if (!len) return wm_buf_free(&s), fail(r, "invalid UTF-8");
      wm_buf_append(&s, r->p + r->i, len);
      r->i += len;
      continue;
    }
    if (++r->i >= r->n) return wm_buf_free(&s), fail(r, "unterminated string");
    char e = r->p[r->i++];
    const char *simple = strchr("\"\\/bfnrt", e);
    if (e && simple) {
      static const char decoded[] = "\"\\/\b\f\n\r\t";
      wm_buf_append_byte(&s, (uint8_t)decoded[simple - "\"\\/bfnrt"]);
      continue;
    }
    uint32_t cp;
    if (e != 'u' || !read_hex4(r, &cp)) return wm_buf_free(&s), fail(r, "invalid escape");
    if (cp >= 0xd800 && cp <= 0xdbff) {
      uint32_t low;
      if (r->n - r->i < 2 || r->p[r->i] != '\\' || r->p[r->i + 1] != 'u')
        return wm_buf_free(&s), fail(r, "lone surrogate");
      r->i += 2;
      if (!read_hex4(r, &low) || low < 0xdc00 || low > 0xdfff)
        return wm_buf_free(&s), fail(r, "lone surrogate");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      return wm_buf_free(&s), fail(r, "lone surrogate");
    }
    uint8_t bytes[4];
    wm_buf_append(&s, bytes, wm_utf8_encode(cp, bytes));
  }
  r->i++;
  wm_buf_append_byte(&s, 0);
  if (wm_buf_failed(&s)) return wm_buf_free(&s), out_of_memory(r);
  size_t len;
  *out = (char *)wm_buf_take(&s, &len);
  *out_len = len - 1;
  return true;
}

/*
 * The value of the number in p[start..end), already checked against JSON's
 * grammar. Exact (correctly rounded) when its significant digits fit 15 and its
 * decimal exponent 22, which covers every integer an option takes; beyond that
 * within a few units in the last place. strtod would do, but it brings the C
 * library's long double arithmetic into every module for numbers options never use.
 */
static double number_value(const char *p, size_t start, size_t end) {
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = start;
  bool negative = p[i] == '-';
  if (negative) i++;
  uint64_t digits = 0;
  int kept = 0, exponent = 0;
  bool fraction = false;
  for (; i < end && p[i] != 'e' && p[i] != 'E'; i++) {
    if (p[i] == '.') {
      fraction = true;
      continue;
    }
    if (kept < 19 && (kept > 0 || p[i] != '0')) {
      digits = digits * 10 + (uint64_t)(p[i] - '0');
      kept++;
      exponent -= fraction;
    } else if (kept >= 19) {
      exponent += !fraction; /* a dropped digit before the point still scales */
    } else {
      exponent -= fraction; /* a leading zero after the point */
    }
  }
  if (i < end) {
    bool down = p[++i] == '-';
    if (p[i] == '-' || p[i] == '+') i++;
    int e = 0;
    for (; i < end; i++) e = e < 10000 ? e * 10 + (p[i] - '0') : e;
    exponent += down ? -e : e;
  }
  double value = (double)digits;
  if (digits && exponent) {
    for (; exponent > 22 && value < 1e308; exponent -= 22) value *= 1e22;
    for (; exponent < -22 && value > 0; exponent += 22) value /= 1e22;
    if (exponent > 22 || exponent < -22) exponent = 0;
    value = exponent < 0 ? value / pow10[-exponent] : value * pow10[exponent];
  }
  return negative ? -value : value;
}

static bool read_number(reader *r, double *out) {
  size_t start = r->i;
  if (r->i < r->n && r->p[r->i] == '-') r->i++;
  size_t digits = r->i;
  while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') r->i++;
  if (r->i == digits || (r->p[digits] == '0' && r->i - digits > 1)) return fail(r, "invalid number");
  if (r->i < r->n && r->p[r->i] == '.') {
    size_t frac = ++r->i;
    while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') r->i++;
    if (r->i == frac) return fail(r, "invalid number");
  }
  if (r->i < r->n && (r->p[r->i] == 'e' || r->p[r->i] == 'E')) {
    r->i++;
    if (r->i < r->n && (r->p[r->i] == '+' || r->p[r->i] == '-')) r->i++;
    size_t exp = r->i;
    while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') r->i++;
    if (r->i == exp) return fail(r, "invalid number");
  }
  *out = number_value(r->p, start, r->i);
  return true;
}

static bool skip_literal(reader *r, const char *word) {
  size_t len = strlen(word);
  if (r->n - r->i < len || memcmp(r->p + r->i, word, len) != 0) return fail(r, "unexpected character");
  r->i += len;
  return true;
}

/* Skips a whole value (used for nested arrays and objects, kept raw). */
static bool skip_value(reader *r, int depth) {
  if (depth > MAX_NESTING) return fail(r, "options nested too deeply");
  skip_ws(r);
  if (r->i >= r->n) return fail(r, "unexpected end");
  char c = r->p[r->i];
  if (c == '"') {
    char *s;
    size_t len;
    if (!read_string(r, &s, &len)) return false;
    free(s);
    return true;
  }
  if (c == '[' || c == '{') {
    char close = c == '[' ? ']' : '}';
    r->i++;
    skip_ws(r);
    if (r->i < r->n && r->p[r->i] == close) return r->i++, true;
    for (;;) {
      if (close == '}') {
        skip_ws(r);
        if (r->i >= r->n || r->p[r->i] != '"' || !skip_value(r, depth + 1)) return fail(r, "expected a key");
        skip_ws(r);
        if (r->i >= r->n || r->p[r->i++] != ':') return fail(r, "expected ':'");
      }
      if (!skip_value(r, depth + 1)) return false;
      skip_ws(r);
      if (r->i >= r->n) return fail(r, "unexpected end");
      if (r->p[r->i] == ',') {
        r->i++;
        continue;
      }
      if (r->p[r->i] == close) return r->i++, true;
      return fail(r, "expected ',' or a closing bracket");
    }
  }
  if (c == 't') return skip_literal(r, "true");
  if (c == 'f') return skip_literal(r, "false");
  if (c == 'n') return skip_literal(r, "null");
  double ignored;
  return read_number(r, &ignored);
}

static bool read_value(reader *r, wm_opt *opt) {
  skip_ws(r);
  if (r->i >= r->n) return fail(r, "unexpected end");
  char c = r->p[r->i];
  if (c == '"') {
    opt->type = WM_OPT_STRING;
    return read_string(r, &opt->string, &opt->string_len);
  }
  if (c == '[' || c == '{') {
    size_t start = r->i;
    if (!skip_value(r, 1)) return false;
    opt->type = WM_OPT_RAW;
    opt->string_len = r->i - start;
    opt->string = malloc(opt->string_len + 1);
    if (!opt->string) return out_of_memory(r);
    memcpy(opt->string, r->p + start, opt->string_len);
    opt->string[opt->string_len] = 0;
    return true;
  }
  if (c == 't' || c == 'f') {
    opt->type = WM_OPT_BOOL;
    opt->boolean = c == 't';
    return skip_literal(r, c == 't' ? "true" : "false");
  }
  if (c == 'n') {
    opt->type = WM_OPT_NULL;
    return skip_literal(r, "null");
  }
  opt->type = WM_OPT_NUMBER;
  return read_number(r, &opt->number);
}

void wm_options_free(wm_options *self) {
  for (size_t i = 0; i < self->count; i++) {
    free(self->items[i].key);
    free(self->items[i].string);
  }
  free(self->items);
  self->items = NULL;
  self->count = 0;
}

bool wm_options_parse(wm_options *self, const char *text, size_t n, wm_buf *error) {
  reader r = {text, n, 0, error};
  self->items = NULL;
  self->count = 0;
  skip_ws(&r);
  if (r.i == n) return true;
  if (text[r.i] != '{') return fail(&r, "options must be a JSON object");
  r.i++;
  skip_ws(&r);
  if (r.i < n && text[r.i] == '}') {
    r.i++;
  } else {
    size_t cap = 0;
    for (;;) {
      skip_ws(&r);
      if (r.i >= n || text[r.i] != '"') return wm_options_free(self), fail(&r, "expected an option name");
      if (self->count == cap) {
        cap = cap ? cap * 2 : 8;
        wm_opt *items = realloc(self->items, cap * sizeof *items);
        if (!items) return wm_options_free(self), out_of_memory(&r);
        self->items = items;
      }
      wm_opt *opt = &self->items[self->count];
      memset(opt, 0, sizeof *opt);
      size_t key_len;
      if (!read_string(&r, &opt->key, &key_len)) return wm_options_free(self), false;
      self->count++;
      skip_ws(&r);
      if (r.i >= n || text[r.i++] != ':') return wm_options_free(self), fail(&r, "expected ':'");
      if (!read_value(&r, opt)) return wm_options_free(self), false;
      skip_ws(&r);
      if (r.i < n && text[r.i] == ',') {
        r.i++;
        continue;
      }
      if (r.i < n && text[r.i] == '}') {
        r.i++;
        break;
      }
      return wm_options_free(self), fail(&r, "expected ',' or '}'");
    }
  }
  skip_ws(&r);
  if (r.i != n) return wm_options_free(self), fail(&r, "unexpected text after the options object");
  return true;
}

const wm_opt *wm_options_get(const wm_options *self, const char *key) {
  for (size_t i = self->count; i-- > 0;)
    if (strcmp(self->items[i].key, key) == 0) return &self->items[i];
  return NULL;
}
