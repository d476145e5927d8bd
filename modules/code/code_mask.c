/*
 * The source as the parser sees it: constructs that TypeScript accepts and the
 * pinned grammar does not, neutralised in a copy by turning their bytes into
 * spaces. Nothing moves, so every offset, line and column of the tree is the
 * source's own, and diagnostics, names and captures quote the original text.
 *
 * TypeScript 4.7's variance annotations: `in`, `out` or `in out` before a type
 * parameter of an interface, a type alias or a class (tree-sitter-typescript
 * 0.23.2 has no rule for them, and one can derail the recovery of a whole
 * file). They are masked only where TypeScript accepts them, so that no
 * invalid source turns valid: in that order, each at most once, on the same
 * line as the parameter's name, in the list right after `interface Name`,
 * `type Name` or `class [Name]`. On a function's, a method's or a type
 * literal's parameters TypeScript rejects them, and they stay errors here.
 */
#include "code_module.h"

/* A list whose annotations are looked for this far, at most (real ones are short). */
#define MASK_LIST_MAX 4096
/* Annotations read in one list, at most. */
#define MASK_SPANS_MAX 64
/* A type literal's `{` is looked for this far back, at most. */
#define MASK_SCAN_MAX 65536

static bool word_byte(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

static bool word_start(uint8_t c) { return word_byte(c) && !(c >= '0' && c <= '9'); }

static bool blank(uint8_t c) { return c == ' ' || c == '\t'; }

static bool space(uint8_t c) { return blank(c) || c == '\n' || c == '\r'; }

static bool word_is(const uint8_t *w, uint32_t n, const char *s) {
  return strlen(s) == n && memcmp(w, s, n) == 0;
}

/* The end of the word at src[i] (i itself when none starts there). */
static uint32_t word_end(const uint8_t *src, uint32_t len, uint32_t i) {
  if (i >= len || !word_start(src[i])) return i;
  while (i < len && word_byte(src[i])) i++;
  return i;
}

typedef enum declaration { NOT_DECLARATION, DECLARATION_TYPE, DECLARATION_CLASS } declaration;

/*
 * Whether the `<` at src[lt] opens the type parameters of a declaration that
 * may carry variance: `interface N<`, `type N<` (the name on the keyword's
 * line, as TypeScript requires), `class N<` or `class<`.
 */
static declaration opens_declaration_parameters(const uint8_t *src, uint32_t lt) {
  uint32_t i = lt;
  while (i > 0 && blank(src[i - 1])) i--;
  uint32_t name_end = i;
  while (i > 0 && word_byte(src[i - 1])) i--;
  uint32_t name = i;
  if (name == name_end) return NOT_DECLARATION;
  const uint8_t *w = src + name;
  uint32_t n = name_end - name;
  /* `class<T>`: the word before `<` is the keyword itself */
  uint32_t kw = name, kw_end = name_end;
  if (!word_is(w, n, "class")) {
    if (!word_start(src[name])) return NOT_DECLARATION;
    while (i > 0 && blank(src[i - 1])) i--;
    if (i == name) return NOT_DECLARATION;
    kw_end = i;
    while (i > 0 && word_byte(src[i - 1])) i--;
    kw = i;
    n = kw_end - kw;
    w = src + kw;
    if (!word_is(w, n, "interface") && !word_is(w, n, "type") && !word_is(w, n, "class"))
      return NOT_DECLARATION;
  }
  /* not a property (`x.type`) nor the end of a longer word */
  if (kw > 0 && (src[kw - 1] == '.' || word_byte(src[kw - 1]))) return NOT_DECLARATION;
  return word_is(w, n, "class") ? DECLARATION_CLASS : DECLARATION_TYPE;
}

/* Skips a string or template literal starting at src[i]; false at the end of input. */
static bool skip_string(const uint8_t *src, uint32_t end, uint32_t *i) {
  uint8_t quote = src[*i];
  for (uint32_t j = *i + 1; j < end; j++) {
    if (src[j] == '\\') j++;
    else if (src[j] == quote) return *i = j + 1, true;
    else if (quote != '`' && src[j] == '\n') return false;
  }
  return false;
}

/*
 * Reads the type parameter list whose `<` is at src[lt] and gives the spans of
 * the variance annotations TypeScript accepts in it (spans[2k], spans[2k+1]
 * from and to, `count` of them). False, with nothing to mask, when the list is
 * not one that this reading understands.
 */
static bool read_list(const uint8_t *src, uint32_t len, uint32_t lt, declaration kind,
                      uint32_t *spans, uint32_t *count) {
  uint32_t end = len - lt > MASK_LIST_MAX ? lt + MASK_LIST_MAX : len;
  uint32_t i = lt + 1, found = 0;
  for (;;) {
    /* a parameter: [const] [in] [out] Name ... (`const` on a class's: TypeScript 5.0) */
    while (i < end && space(src[i])) i++;
    uint32_t c_end = word_end(src, end, i), after_const = c_end;
    while (after_const < end && space(src[after_const])) after_const++;
    if (kind == DECLARATION_CLASS && word_is(src + i, c_end - i, "const") && after_const > c_end &&
        after_const < end && word_start(src[after_const]))
      i = after_const;
    static const char *const modifiers[] = {"in", "out"};
    for (int m = 0; m < 2; m++) {
      uint32_t w = word_end(src, end, i);
      if (!word_is(src + i, w - i, modifiers[m])) continue;
      uint32_t next = w;
      while (next < end && blank(src[next])) next++;
      if (next == w || next >= end || !word_start(src[next])) continue; /* `in` alone is no modifier */
      uint32_t name_end = word_end(src, end, next);
      if (word_is(src + next, name_end - next, "extends") ||
          word_is(src + next, name_end - next, "in"))
        continue;
      if (found == MASK_SPANS_MAX) return false;
      spans[2 * found] = i, spans[2 * found + 1] = w;
      found++;
      i = next;
    }
    uint32_t name_end = word_end(src, end, i);
    if (name_end == i) return false;
    i = name_end;
    /* then only `,`, `>`, a default or a constraint (`<in out out T>` is not read) */
    uint32_t after = i;
    while (after < end && space(src[after])) after++;
    if (after < end && src[after] != ',' && src[after] != '>' && src[after] != '=' &&
        !word_is(src + after, word_end(src, end, after) - after, "extends"))
      return false;
    /* the rest of the parameter (its constraint and default) up to `,` or `>` */
    uint32_t depth = 0;
    for (;;) {
      if (i >= end) return false;
      uint8_t c = src[i];
      if (c == '"' || c == '\'' || c == '`') {
        if (!skip_string(src, end, &i)) return false;
        continue;
      }
      if (c == '/' && i + 1 < end && (src[i + 1] == '/' || src[i + 1] == '*')) {
        bool line = src[i + 1] == '/';
        i += 2;
        while (i < end && !(line ? src[i] == '\n' : (src[i] == '*' && i + 1 < end && src[i + 1] == '/'))) i++;
        i += line ? 0 : 2;
        continue;
      }
      if (c == ';') return false;
      if (c == '(' || c == '[' || c == '{' || c == '<') depth++;
      else if ((c == ')' || c == ']' || c == '}') && depth) depth--;
      else if (c == '>' && !(i > 0 && src[i - 1] == '=')) {
        if (!depth) {
          *count = found;
          return true;
        }
        depth--;
      } else if (c == ',' && !depth) {
        i++;
        uint32_t next = i;
        while (next < end && space(src[next])) next++;
        if (next < end && src[next] == '>') { /* a trailing comma */
          *count = found;
          return true;
        }
        break;
      }
      i++;
    }
  }
}

/* Whether the annotation at src[at..] is in a shape TypeScript rejects: `out
   in`, twice the same, or its name on the next line. */
static bool rejected_annotation(const uint8_t *src, uint32_t len, uint32_t at) {
  uint32_t end = word_end(src, len, at);
  bool in = word_is(src + at, end - at, "in");
  while (end < len && blank(src[end])) end++;
  if (end < len && (src[end] == '\n' || src[end] == '\r')) return true;
  uint32_t i = at;
  while (i > 0 && space(src[i - 1])) i--;
  uint32_t prev = i;
  while (prev > 0 && word_byte(src[prev - 1])) prev--;
  return word_is(src + prev, i - prev, "out") || (in && word_is(src + prev, i - prev, "in"));
}

bool code_in_declaration_parameters(const uint8_t *src, uint32_t len, uint32_t at) {
  if (rejected_annotation(src, len, at)) return false;
  uint32_t depth = 0;
  for (uint32_t i = at; i > 0 && at - i < MASK_LIST_MAX; i--) {
    uint8_t c = src[i - 1];
    if (c == ';') return false;
    if (c == ')' || c == ']' || c == '}' || (c == '>' && !(i > 1 && src[i - 2] == '='))) depth++;
    else if ((c == '(' || c == '[' || c == '{') && depth) depth--;
    else if (c == '(' || c == '[' || c == '{') return false;
    else if (c == '<') {
      if (!depth) return opens_declaration_parameters(src, i - 1) != NOT_DECLARATION;
      depth--;
    }
  }
  return false;
}

/* The start of the word ending at src[end] (end itself when none ends there). */
static uint32_t word_start_before(const uint8_t *src, uint32_t end) {
  while (end > 0 && word_byte(src[end - 1])) end--;
  return end;
}

/* Where the significant text before src[i] ends: blanks, line breaks, block
   comments and line comments skipped. */
static uint32_t skip_back(const uint8_t *src, uint32_t i, uint64_t *budget) {
  for (;;) {
    while (i > 0 && space(src[i - 1]) && *budget) i--, --*budget;
    if (!*budget) return 0;
    if (i >= 2 && src[i - 1] == '/' && src[i - 2] == '*') {
      uint32_t j = i - 2;
      while (j >= 2 && !(src[j - 2] == '/' && src[j - 1] == '*') && *budget) j--, --*budget;
      if (j < 2 || !*budget) return 0;
      i = j - 2;
      continue;
    }
    /* a line comment: `//` on the line, outside a string (no quote before it) */
    uint32_t line = i;
    while (line > 0 && src[line - 1] != '\n' && *budget) line--, --*budget;
    uint32_t k = line;
    while (k + 1 < i && !(src[k] == '/' && src[k + 1] == '/') && src[k] != '"' && src[k] != '\'' &&
           src[k] != '`' && *budget)
      k++, --*budget;
    if (!*budget) return 0;
    if (k + 1 < i && src[k] == '/' && src[k + 1] == '/') {
      i = k;
      continue;
    }
    return i;
  }
}

/*
 * Whether the text of src[from..to) is the head of a declaration whose `{`
 * opens a type literal: `[export] [declare] type Name... =`,
 * `[export] [declare] interface Name...` or `[export] [declare] const|let|var Name:`,
 * all on one line.
 */
static bool type_literal_head(const uint8_t *src, uint32_t from, uint32_t to) {
  uint32_t i = from;
  for (;;) {
    while (i < to && blank(src[i])) i++;
    uint32_t w = word_end(src, to, i);
    if (word_is(src + i, w - i, "export") || word_is(src + i, w - i, "declare")) {
      i = w;
      continue;
    }
    uint32_t last = to;
    while (last > i && blank(src[last - 1])) last--;
    if (word_is(src + i, w - i, "interface")) return true;
    if (last == i) return false;
    uint8_t end = src[last - 1];
    if (word_is(src + i, w - i, "type")) return end == '=' && (last < 2 || src[last - 2] != '=');
    if (word_is(src + i, w - i, "const") || word_is(src + i, w - i, "let") ||
        word_is(src + i, w - i, "var")) {
      uint32_t name = w;
      while (name < to && blank(src[name])) name++;
      uint32_t name_end = word_end(src, to, name);
      while (name_end < to && blank(src[name_end])) name_end++;
      return name_end > name && name_end + 1 == last && end == ':';
    }
    return false;
  }
}

/*
 * TypeScript reads type arguments only on the line of their type's name: in
 * `{ (a: A): R <newline> <B>(b: B): C }` the second line is a call signature
 * of its own. The grammar reads `R<B>(...` and fails, and the recovery can
 * take the rest of the file with it. True when the `<` at src[lt] starts a
 * line, after a type's end, directly in the type literal of a declaration
 * (type_literal_head): the blank before it may then be the `;` that
 * separates members, which changes nothing TypeScript reads.
 */
static bool starts_call_signature(const uint8_t *src, uint32_t lt, uint64_t *budget) {
  if (lt == 0 || !blank(src[lt - 1])) return false;
  uint32_t line = lt;
  while (line > 0 && blank(src[line - 1])) line--;
  if (line == 0 || src[line - 1] != '\n') return false;
  uint32_t prev = skip_back(src, line, budget);
  if (prev == 0) return false;
  uint8_t c = src[prev - 1];
  if (c == '>' ? prev >= 2 && src[prev - 2] == '=' : !(word_byte(c) || c == ']' || c == ')'))
    return false;
  if (word_byte(c)) {
    uint32_t w = word_start_before(src, prev);
    static const char *const operators[] = {"extends", "keyof", "typeof", "infer", "is", "as",
                                            "in", "readonly", "unique", "asserts", "new"};
    for (size_t k = 0; k < sizeof operators / sizeof *operators; k++)
      if (word_is(src + w, prev - w, operators[k])) return false;
  }
  /* the bracket that encloses the line: a `{` after a type literal's head */
  uint32_t depth = 0;
  for (uint32_t i = line; i > 0 && line - i < MASK_SCAN_MAX; i--) {
    if (!*budget) return false;
    --*budget;
    uint8_t b = src[i - 1];
    if (b == '/' && i >= 2 && src[i - 2] == '*') { /* a block comment: back to its start */
      uint32_t j = i - 2;
      while (j >= 2 && !(src[j - 2] == '/' && src[j - 1] == '*') && *budget) j--, --*budget;
      if (j < 2 || !*budget) return false;
      i = j - 1;
      continue;
    }
    if (b == '`') return false;
    if (b == '"' || b == '\'') { /* a string on one line: back to its opening quote */
      uint32_t j = i - 1;
      while (j > 0 && src[j - 1] != b && src[j - 1] != '\n' && *budget) j--, --*budget;
      if (j == 0 || src[j - 1] != b) return false;
      i = j;
      continue;
    }
    if (b == ')' || b == ']' || b == '}' || (b == '>' && !(i > 1 && src[i - 2] == '='))) {
      depth++;
    } else if (b == '(' || b == '[' || b == '<' || b == '{') {
      if (depth) {
        depth--;
        continue;
      }
      if (b != '{') return false;
      uint32_t head = i - 1;
      while (head > 0 && src[head - 1] != '\n') head--;
      return type_literal_head(src, head, i - 1);
    }
  }
  return false;
}

bool code_mask_source(const code_language *lang, const uint8_t *src, uint32_t len, uint8_t **masked) {
  *masked = NULL;
  if (lang->family != FAMILY_JS || strcmp(lang->name, "javascript") == 0) return true;
  uint8_t *copy = NULL;
  /* the steps every backward look for a type literal's `{` may take together:
     linear in the source, however many lines start with `<` */
  uint64_t budget = MASK_SCAN_MAX + 8 * (uint64_t)len;
  for (const uint8_t *p = src; (p = memchr(p, '<', (size_t)(src + len - p))) != NULL; p++) {
    uint32_t lt = (uint32_t)(p - src);
    if (starts_call_signature(src, lt, &budget)) {
      if (!copy) {
        copy = code_malloc(len);
        if (!copy) return false;
        memcpy(copy, src, len);
      }
      copy[lt - 1] = ';';
      continue;
    }
    /* cheap first: a type parameter list starts with a name */
    uint32_t i = lt + 1;
    while (i < len && space(src[i])) i++;
    if (i >= len) break;
    if (!word_start(src[i])) continue;
    declaration kind = opens_declaration_parameters(src, lt);
    if (kind == NOT_DECLARATION) continue;
    uint32_t spans[2 * MASK_SPANS_MAX], count = 0;
    if (!read_list(src, len, lt, kind, spans, &count) || count == 0) continue;
    if (!copy) {
      copy = code_malloc(len ? len : 1);
      if (!copy) return false;
      memcpy(copy, src, len);
    }
    for (uint32_t s = 0; s < count; s++) memset(copy + spans[2 * s], ' ', spans[2 * s + 1] - spans[2 * s]);
  }
  *masked = copy;
  return true;
}
