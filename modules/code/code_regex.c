/*
 * `#match?` expressions: JavaScript's syntax without flags (Annex B's reading
 * of `{`, `}` and `]` as literals included), compiled to a small NFA program
 * and run as a set of threads, each instruction at most once per position:
 * time is the text's length times the program's, whatever the input.
 * Only whether there is a match is asked, so lazy and greedy quantifiers are
 * the same thing and `x{2,4}` can be written out as `xxx?x?`.
 */
#include "code_regex.h"

#include <string.h>

#include "code_alloc.h"
#include "wasmod/utf8.h"

#define END_UNIT 0xFFFFFFFFu /* before the start or past the end of the text */
#define MAX_GROUP_DEPTH 200
#define MAX_COUNT 100000 /* larger {n,m} bounds are clamped, then rejected by the program size */

typedef enum op {
  OP_CHAR,   /* the unit x */
  OP_ANY,    /* `.`: any unit but a line terminator */
  OP_CLASS,  /* classes[x] */
  OP_SPLIT,  /* go on at pc + x and at pc + y */
  OP_JMP,    /* go on at pc + x */
  OP_BOL,    /* `^` */
  OP_EOL,    /* `$` */
  OP_WORDB,  /* `\b` */
  OP_NWORDB, /* `\B` */
  OP_MATCH,
} op;

typedef struct inst {
  uint8_t op;
  int32_t x, y; /* jumps are relative, so a block can be copied as it is */
} inst;

typedef enum item_kind { ITEM_RANGE, ITEM_DIGIT, ITEM_WORD, ITEM_SPACE } item_kind;

typedef struct class_item {
  uint8_t kind;    /* item_kind */
  bool negated;    /* \D \W \S */
  uint32_t lo, hi; /* ITEM_RANGE */
} class_item;

typedef struct char_class {
  uint32_t first, count; /* in items */
  bool negated;
} char_class;

/* A set of program counters with O(1) clear (the sparse-set trick). */
typedef struct pc_set {
  uint32_t *dense, *sparse, size;
} pc_set;

struct code_regex {
  inst *prog;
  uint32_t len;
  class_item *items;
  char_class *classes;
  pc_set a, b;
  uint32_t *stack;
};

/* MARK: - Text as UTF-16 code units */

typedef struct units {
  const uint8_t *p;
  size_t i, n;
  uint32_t low; /* the second half of a surrogate pair, when one is due */
} units;

/* The next UTF-16 unit, END_UNIT at the end. An invalid byte is U+FFFD, as the query's output text shows it. */
static uint32_t next_unit(units *u) {
  if (u->low) {
    uint32_t low = u->low;
    u->low = 0;
    return low;
  }
  if (u->i >= u->n) return END_UNIT;
  uint8_t c = u->p[u->i];
  if (c < 0x80) {
    u->i++;
    return c;
  }
  uint32_t cp;
  size_t k = wm_utf8_decode(u->p, u->i, u->n, &cp);
  if (!k) {
    u->i++;
    return 0xFFFD;
  }
  u->i += k;
  if (cp < 0x10000) return cp;
  cp -= 0x10000;
  u->low = 0xDC00 + (cp & 0x3FF);
  return 0xD800 + (cp >> 10);
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static bool is_word(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

static bool is_line_terminator(uint32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }

/* JavaScript's \s: WhiteSpace and LineTerminator. */
static bool is_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* MARK: - Compiling */

typedef struct parser {
  uint32_t *p;       /* the pattern in UTF-16 units */
  uint32_t *byte_at; /* the byte offset of each unit, and of the end */
  size_t n, i;
  inst *prog;
  size_t len, cap;
  class_item *items;
  size_t n_items, items_cap;
  char_class *classes;
  size_t n_classes, classes_cap;
  const char *error;
  size_t error_unit;
  int depth;
} parser;

static bool fail(parser *ps, const char *message, size_t unit) {
  if (!ps->error) {
    ps->error = message;
    ps->error_unit = unit;
  }
  return false;
}

static bool grow(parser *ps, void **data, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return true;
  size_t cap2 = *cap ? *cap * 2 : 16;
  while (cap2 < need) cap2 *= 2;
  void *p = code_realloc(*data, cap2 * size);
  if (!p) return fail(ps, "out of memory", ps->i);
  *data = p;
  *cap = cap2;
  return true;
}

static bool reserve(parser *ps, size_t more) {
  if (ps->len + more > CODE_REGEX_MAX_PROGRAM)
    return fail(ps, "too large once its repetitions are written out (at most 2000 steps)", ps->i);
  return grow(ps, (void **)&ps->prog, &ps->cap, ps->len + more, sizeof(inst));
}

static bool emit(parser *ps, uint8_t op, int32_t x, int32_t y) {
  if (!reserve(ps, 1)) return false;
  ps->prog[ps->len++] = (inst){op, x, y};
  return true;
}

static bool insert(parser *ps, size_t at, uint8_t op, int32_t x, int32_t y) {
  if (!reserve(ps, 1)) return false;
  memmove(ps->prog + at + 1, ps->prog + at, (ps->len - at) * sizeof(inst));
  ps->prog[at] = (inst){op, x, y};
  ps->len++;
  return true;
}

static bool at_end(const parser *ps) { return ps->i >= ps->n; }
static uint32_t peek(const parser *ps) { return ps->i < ps->n ? ps->p[ps->i] : END_UNIT; }

static bool hex_value(uint32_t c, uint32_t *v) {
  if (is_digit(c)) *v = c - '0';
  else if (c >= 'a' && c <= 'f') *v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F') *v = c - 'A' + 10;
  else return false;
  return true;
}

static bool hex_digits(parser *ps, size_t count, uint32_t *out) {
  uint32_t v = 0, d;
  if (ps->i + count > ps->n) return false;
  for (size_t k = 0; k < count; k++) {
    if (!hex_value(ps->p[ps->i + k], &d)) return false;
    v = v * 16 + d;
  }
  ps->i += count;
  *out = v;
  return true;
}

/*
 * An escape after the backslash at ps->i - 1 that stands for one unit (*unit)
 * or for a class of them (*kind, *negated); in_class: inside [...], where \b
 * is a backspace. \b and \B outside a class are handled by the caller.
 */
static bool parse_escape(parser *ps, bool in_class, uint32_t *unit, int *kind, bool *negated) {
  size_t at = ps->i - 1;
  if (at_end(ps)) return fail(ps, "'\\' at the end of the expression", at);
  uint32_t c = ps->p[ps->i++];
  *kind = -1;
  *negated = false;
  switch (c) {
  case 'd': case 'D': *kind = ITEM_DIGIT; *negated = c == 'D'; return true;
  case 'w': case 'W': *kind = ITEM_WORD; *negated = c == 'W'; return true;
  case 's': case 'S': *kind = ITEM_SPACE; *negated = c == 'S'; return true;
  case 't': *unit = '\t'; return true;
  case 'n': *unit = '\n'; return true;
  case 'v': *unit = '\v'; return true;
  case 'f': *unit = '\f'; return true;
  case 'r': *unit = '\r'; return true;
  case 'b':
    if (in_class) {
      *unit = '\b';
      return true;
    }
    break;
  case '0':
    if (!is_digit(peek(ps))) {
      *unit = 0;
      return true;
    }
    return fail(ps, "octal escapes are not supported", at);
  case 'x':
    if (hex_digits(ps, 2, unit)) return true;
    return fail(ps, "'\\x' takes two hex digits here", at);
  case 'u':
    if (peek(ps) == '{') return fail(ps, "'\\u{...}' is not supported (it needs the u flag)", at);
    if (hex_digits(ps, 4, unit)) return true;
    return fail(ps, "'\\u' takes four hex digits here", at);
  case 'c':
    if (!at_end(ps) && ((peek(ps) | 0x20) >= 'a' && (peek(ps) | 0x20) <= 'z')) {
      *unit = ps->p[ps->i++] % 32;
      return true;
    }
    return fail(ps, "'\\c' takes a letter here", at);
  case 'k': return fail(ps, "backreferences are not supported", at);
  default:
    if (c >= '1' && c <= '9') return fail(ps, "backreferences are not supported", at);
    break;
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    return fail(ps, in_class && c == 'B' ? "'\\B' is not supported in a class"
                                         : "this escape is not supported (JavaScript reads an unknown letter "
                                           "escape as the letter itself; write the letter)",
                at);
  *unit = c; /* an identity escape: \. \/ \\ \( ... */
  return true;
}

static bool add_item(parser *ps, class_item item) {
  if (!grow(ps, (void **)&ps->items, &ps->items_cap, ps->n_items + 1, sizeof(class_item))) return false;
  ps->items[ps->n_items++] = item;
  return true;
}

/* A class made of one escape (\d ...): emits OP_CLASS. */
static bool emit_class(parser *ps, size_t first, bool negated) {
  if (!grow(ps, (void **)&ps->classes, &ps->classes_cap, ps->n_classes + 1, sizeof(char_class))) return false;
  ps->classes[ps->n_classes] = (char_class){(uint32_t)first, (uint32_t)(ps->n_items - first), negated};
  return emit(ps, OP_CLASS, (int32_t)ps->n_classes++, 0);
}

/* One member of [...]: a unit (*kind < 0) or an escape class. */
static bool class_atom(parser *ps, uint32_t *unit, int *kind, bool *negated) {
  uint32_t c = ps->p[ps->i++];
  if (c != '\\') {
    *unit = c;
    *kind = -1;
    *negated = false;
    return true;
  }
  return parse_escape(ps, true, unit, kind, negated);
}

/* [...] after its '[' was read. */
static bool parse_class(parser *ps) {
  size_t open = ps->i - 1, first = ps->n_items;
  bool negated = false;
  if (peek(ps) == '^') {
    negated = true;
    ps->i++;
  }
  for (;;) {
    if (at_end(ps)) return fail(ps, "'[' without its ']'", open);
    if (peek(ps) == ']') {
      ps->i++;
      break;
    }
    size_t start = ps->i;
    uint32_t lo, hi;
    int kind, kind2;
    bool neg, neg2;
    if (!class_atom(ps, &lo, &kind, &neg)) return false;
    if (peek(ps) == '-' && ps->i + 1 < ps->n && ps->p[ps->i + 1] != ']') {
      ps->i++;
      if (!class_atom(ps, &hi, &kind2, &neg2)) return false;
      if (kind >= 0 || kind2 >= 0) return fail(ps, "a range with a class escape ('\\d', '\\w', '\\s') in it", start);
      if (lo > hi) return fail(ps, "a range out of order in a class", start);
      if (!add_item(ps, (class_item){ITEM_RANGE, false, lo, hi})) return false;
    } else if (kind >= 0) {
      if (!add_item(ps, (class_item){(uint8_t)kind, neg, 0, 0})) return false;
    } else if (!add_item(ps, (class_item){ITEM_RANGE, false, lo, lo})) {
      return false;
    }
  }
  return emit_class(ps, first, negated);
}

/* A {n}, {n,} or {n,m} at ps->i: reads it (max < 0: no bound), or leaves ps->i and returns false. */
static bool braced_quantifier(parser *ps, long *min, long *max) {
  size_t i = ps->i;
  if (peek(ps) != '{') return false;
  i++;
  long a = 0, b = -1;
  size_t digits = 0;
  for (; i < ps->n && is_digit(ps->p[i]); i++, digits++)
    if ((a = a * 10 + (long)(ps->p[i] - '0')) > MAX_COUNT) a = MAX_COUNT;
  if (!digits) return false;
  if (i < ps->n && ps->p[i] == ',') {
    i++;
    size_t digits2 = 0;
    for (b = 0; i < ps->n && is_digit(ps->p[i]); i++, digits2++)
      if ((b = b * 10 + (long)(ps->p[i] - '0')) > MAX_COUNT) b = MAX_COUNT;
    if (!digits2) b = -1;
  } else {
    b = a;
  }
  if (i >= ps->n || ps->p[i] != '}') return false;
  ps->i = i + 1;
  *min = a;
  *max = b;
  return true;
}

static bool parse_alternation(parser *ps);

/* One atom; *quantifiable is false for assertions. */
static bool parse_atom(parser *ps, bool *quantifiable) {
  size_t at = ps->i;
  uint32_t c = ps->p[ps->i++];
  *quantifiable = true;
  switch (c) {
  case '^': *quantifiable = false; return emit(ps, OP_BOL, 0, 0);
  case '$': *quantifiable = false; return emit(ps, OP_EOL, 0, 0);
  case '.': return emit(ps, OP_ANY, 0, 0);
  case '[': return parse_class(ps);
  case '*': case '+': case '?': return fail(ps, "nothing to repeat", at);
  case '(': {
    if (peek(ps) == '?') {
      ps->i++;
      uint32_t k = peek(ps);
      if (k == ':') {
        ps->i++;
      } else if (k == '=' || k == '!') {
        return fail(ps, "lookahead is not supported", at);
      } else if (k == '<' && ps->i + 1 < ps->n && (ps->p[ps->i + 1] == '=' || ps->p[ps->i + 1] == '!')) {
        return fail(ps, "lookbehind is not supported", at);
      } else if (k == '<') { /* a named group: only its name is skipped, nothing refers to it */
        ps->i++;
        size_t name = ps->i;
        while (!at_end(ps) && (is_word(peek(ps)) || peek(ps) == '$')) ps->i++;
        if (ps->i == name || peek(ps) != '>') return fail(ps, "a group name must be a word and end with '>'", at);
        ps->i++;
      } else {
        return fail(ps, "invalid group (flags such as '(?i)' are not part of JavaScript's syntax)", at);
      }
    }
    if (++ps->depth > MAX_GROUP_DEPTH) return fail(ps, "groups nested too deeply (at most 200)", at);
    if (!parse_alternation(ps)) return false;
    ps->depth--;
    if (peek(ps) != ')') return fail(ps, "'(' without its ')'", at);
    ps->i++;
    return true;
  }
  case '{': {
    long min, max;
    ps->i--;
    if (braced_quantifier(ps, &min, &max)) return fail(ps, "nothing to repeat", at);
    ps->i++;
    return emit(ps, OP_CHAR, '{', 0); /* not a quantifier: a literal, as JavaScript reads it */
  }
  case '\\': {
    if (peek(ps) == 'b' || peek(ps) == 'B') {
      *quantifiable = false;
      return emit(ps, ps->p[ps->i++] == 'b' ? OP_WORDB : OP_NWORDB, 0, 0);
    }
    uint32_t unit;
    int kind;
    bool negated;
    if (!parse_escape(ps, false, &unit, &kind, &negated)) return false;
    if (kind < 0) return emit(ps, OP_CHAR, (int32_t)unit, 0);
    size_t first = ps->n_items;
    return add_item(ps, (class_item){(uint8_t)kind, negated, 0, 0}) && emit_class(ps, first, false);
  }
  default: return emit(ps, OP_CHAR, (int32_t)c, 0);
  }
}

static bool append_block(parser *ps, const inst *block, size_t n) {
  if (!n) return true;
  if (!reserve(ps, n)) return false;
  memcpy(ps->prog + ps->len, block, n * sizeof(inst));
  ps->len += n;
  return true;
}

/* The block ps->prog[start..len) repeated min..max times (max < 0: no bound). */
static bool repeat(parser *ps, size_t start, long min, long max) {
  size_t n = ps->len - start;
  if (max >= 0 && min > max) return fail(ps, "numbers out of order in a {} quantifier", ps->i);
  if (max == 1 && min == 1) return true;
  /* The size it will have, checked before anything is copied. */
  unsigned long long total = (unsigned long long)min * n;
  total += max < 0 ? (min ? 1 : n + 2) : (unsigned long long)(max - min) * (n + 1);
  if (start + total > CODE_REGEX_MAX_PROGRAM) return reserve(ps, CODE_REGEX_MAX_PROGRAM + 1);
  inst *body = code_malloc((n ? n : 1) * sizeof(inst));
  if (!body) return fail(ps, "out of memory", ps->i);
  if (n) memcpy(body, ps->prog + start, n * sizeof(inst));
  ps->len = start;
  bool ok = true;
  for (long k = 0; ok && k < min; k++) ok = append_block(ps, body, n);
  if (ok && max < 0) {
    if (min) { /* the last copy loops: x{2,} is x x+ */
      ok = emit(ps, OP_SPLIT, -(int32_t)n, 1);
    } else { /* x*: L: split L+1, out; x; jmp L */
      ok = emit(ps, OP_SPLIT, 1, (int32_t)n + 2) && append_block(ps, body, n) && emit(ps, OP_JMP, -(int32_t)n - 1, 0);
    }
  } else {
    for (long k = min; ok && k < max; k++) /* x{1,3} is x x? x? */
      ok = emit(ps, OP_SPLIT, 1, (int32_t)n + 1) && append_block(ps, body, n);
  }
  code_free(body);
  return ok;
}

static bool parse_term(parser *ps) {
  size_t start = ps->len, at = ps->i;
  bool quantifiable;
  if (!parse_atom(ps, &quantifiable)) return false;
  long min, max;
  uint32_t c = peek(ps);
  if (c == '*' || c == '+' || c == '?') {
    ps->i++;
    min = c == '+';
    max = c == '?' ? 1 : -1;
  } else if (!braced_quantifier(ps, &min, &max)) {
    return true;
  }
  if (peek(ps) == '?') ps->i++; /* lazy: the same answer to "is there a match" */
  if (!quantifiable) return fail(ps, "nothing to repeat (an assertion)", at);
  return repeat(ps, start, min, max);
}

static bool parse_sequence(parser *ps) {
  while (!at_end(ps) && peek(ps) != '|' && peek(ps) != ')')
    if (!parse_term(ps)) return false;
  return !ps->error;
}

/*
 * a|b|c as: split L1, L2; L1: a; jmp end; L2: split L3, L4; L3: b; jmp end; L4: c; end:
 * each split inserted before its alternative once the '|' after it is seen.
 */
static bool parse_alternation(parser *ps) {
  size_t alt = ps->len;
  int32_t chain = -1; /* the jumps to patch, linked through their y */
  if (!parse_sequence(ps)) return false;
  while (peek(ps) == '|') {
    ps->i++;
    if (!insert(ps, alt, OP_SPLIT, 1, 0) || !emit(ps, OP_JMP, 0, chain)) return false;
    chain = (int32_t)ps->len - 1;
    ps->prog[alt].y = (int32_t)(ps->len - alt);
    alt = ps->len;
    if (!parse_sequence(ps)) return false;
  }
  while (chain >= 0) {
    int32_t next = ps->prog[chain].y;
    ps->prog[chain] = (inst){OP_JMP, (int32_t)ps->len - chain, 0};
    chain = next;
  }
  return true;
}

static bool set_init(pc_set *s, uint32_t n) {
  s->dense = code_calloc(n, sizeof(uint32_t));
  s->sparse = code_calloc(n, sizeof(uint32_t));
  s->size = 0;
  return s->dense && s->sparse;
}

void code_regex_free(code_regex *re) {
  if (!re) return;
  code_free(re->prog);
  code_free(re->items);
  code_free(re->classes);
  code_free(re->a.dense);
  code_free(re->a.sparse);
  code_free(re->b.dense);
  code_free(re->b.sparse);
  code_free(re->stack);
  code_free(re);
}

const char *code_regex_compile(const char *pattern, size_t len, code_regex **out, size_t *error_at) {
  parser ps = {0};
  *out = NULL;
  *error_at = 0;
  ps.p = code_malloc((len + 1) * sizeof(uint32_t));
  ps.byte_at = code_malloc((len + 1) * sizeof(uint32_t));
  code_regex *re = code_calloc(1, sizeof *re);
  if (!ps.p || !ps.byte_at || !re) {
    ps.error = "out of memory";
  } else {
    units u = {(const uint8_t *)pattern, 0, len, 0};
    for (;;) {
      size_t byte = u.i;
      uint32_t unit = next_unit(&u);
      ps.byte_at[ps.n] = (uint32_t)byte;
      if (unit == END_UNIT) break;
      ps.p[ps.n++] = unit;
    }
    if (parse_alternation(&ps) && !at_end(&ps)) fail(&ps, "')' without its '('", ps.i);
    if (!ps.error) emit(&ps, OP_MATCH, 0, 0);
  }
  if (!ps.error) {
    re->prog = ps.prog;
    re->len = (uint32_t)ps.len;
    re->items = ps.items;
    re->classes = ps.classes;
    ps.prog = NULL, ps.items = NULL, ps.classes = NULL;
    re->stack = code_malloc(re->len * sizeof(uint32_t));
    if (!re->stack || !set_init(&re->a, re->len) || !set_init(&re->b, re->len)) ps.error = "out of memory";
  }
  if (ps.error) {
    size_t unit = ps.error_unit < ps.n ? ps.error_unit : ps.n;
    *error_at = ps.byte_at ? ps.byte_at[unit] : 0;
    code_regex_free(re);
    re = NULL;
  }
  code_free(ps.p);
  code_free(ps.byte_at);
  code_free(ps.prog);
  code_free(ps.items);
  code_free(ps.classes);
  *out = re;
  return ps.error;
}

/* MARK: - Matching */

static bool class_has(const code_regex *re, const char_class *cl, uint32_t c) {
  bool in = false;
  for (uint32_t k = 0; k < cl->count && !in; k++) {
    const class_item *it = &re->items[cl->first + k];
    switch (it->kind) {
    case ITEM_RANGE: in = c >= it->lo && c <= it->hi; break;
    case ITEM_DIGIT: in = is_digit(c) != it->negated; break;
    case ITEM_WORD: in = is_word(c) != it->negated; break;
    default: in = is_space(c) != it->negated; break;
    }
  }
  return in != cl->negated;
}

static bool set_add(pc_set *set, uint32_t pc) {
  uint32_t at = set->sparse[pc];
  if (at < set->size && set->dense[at] == pc) return false;
  set->sparse[pc] = set->size;
  set->dense[set->size++] = pc;
  return true;
}

/*
 * Adds pc and what it reaches without reading a unit, between the units prev
 * and cur; true at a match. A pc enters the set (and the stack) once.
 */
static bool add_thread(code_regex *re, pc_set *set, uint32_t pc, uint32_t prev, uint32_t cur) {
  uint32_t top = 0;
  if (set_add(set, pc)) re->stack[top++] = pc;
  while (top) {
    pc = re->stack[--top];
    const inst *in = &re->prog[pc];
    uint32_t to[2];
    int n = 0;
    switch (in->op) {
    case OP_MATCH: return true;
    case OP_JMP: to[n++] = pc + in->x; break;
    case OP_SPLIT:
      to[n++] = pc + in->x;
      to[n++] = pc + in->y;
      break;
    case OP_BOL: if (prev == END_UNIT) to[n++] = pc + 1; break;
    case OP_EOL: if (cur == END_UNIT) to[n++] = pc + 1; break;
    case OP_WORDB:
    case OP_NWORDB: {
      bool boundary = (prev != END_UNIT && is_word(prev)) != (cur != END_UNIT && is_word(cur));
      if (boundary == (in->op == OP_WORDB)) to[n++] = pc + 1;
      break;
    }
    default: break; /* reads a unit: a thread for the next step */
    }
    for (int k = 0; k < n; k++)
      if (set_add(set, to[k])) re->stack[top++] = to[k];
  }
  return false;
}

int code_regex_search(code_regex *re, const uint8_t *text, size_t len, uint64_t *budget) {
  units u = {text, 0, len, 0};
  pc_set *now = &re->a, *next = &re->b;
  now->size = 0;
  bool anchored = re->prog[0].op == OP_BOL; /* only position 0 can start a match */
  uint32_t prev = END_UNIT, cur = next_unit(&u);
  for (bool first = true;; first = false) {
    if ((first || !anchored) && add_thread(re, now, 0, prev, cur)) return 1;
    if (cur == END_UNIT || now->size == 0) return 0;
    if (*budget < now->size) return -1;
    *budget -= now->size;
    uint32_t after = next_unit(&u);
    next->size = 0;
    for (uint32_t k = 0; k < now->size; k++) {
      uint32_t pc = now->dense[k];
      const inst *in = &re->prog[pc];
      bool step;
      switch (in->op) {
      case OP_CHAR: step = (uint32_t)in->x == cur; break;
      case OP_ANY: step = !is_line_terminator(cur); break;
      case OP_CLASS: step = class_has(re, &re->classes[in->x], cur); break;
      default: step = false; break;
      }
      if (step && add_thread(re, next, pc + 1, cur, after)) return 1;
    }
    pc_set *t = now;
    now = next;
    next = t;
    prev = cur;
    cur = after;
  }
}
