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
 *
 * C's attribute and qualifier macros the grammar cannot expand, and the
 * conditionals that split a construct, are blanked the same way, by
 * code_mask_c_preprocessor (at the end of this file).
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

/* MARK: - C: macros the grammar cannot expand */

/*
 * An all-caps identifier that C code uses as an attribute or a qualifier of a
 * declaration, defined by a macro the grammar cannot expand (libffi's
 * `FFI_HIDDEN`, expat's `XMLCALL`, lz4's `LZ4_FORCE_INLINE`, Windows'
 * `APIENTRY`), breaks the declaration it is in, and the recovery can take the
 * functions after it. c_mask_macros blanks such identifiers where the
 * declaration is whole without them, in these places only:
 *
 *   - in the head of a function's declaration or definition at the top level,
 *     before its name: `LZ4_FORCE_INLINE int f(`, `static int PTRFASTCALL f(`,
 *     `enum XML_Status XMLCALL XML_Parse(`, `const char * XMLCALL f(`; the
 *     head must keep exactly one type (a primitive, `struct`/`union`/`enum`
 *     Tag, or one identifier: the one not all in capitals, else the last
 *     before any `*`), and every other identifier in it must be all capitals;
 *   - after its parameter list, before the `;`, `,` or `{` that ends it:
 *     `extern void f(void) FFI_HIDDEN;`;
 *   - before the `*` of a parenthesised declarator of a function pointer,
 *     anywhere: `typedef BOOLEAN (APIENTRY *F)(PVOID, ULONG);`.
 *
 * An identifier followed by `(` is a macro call, never blanked. What stays is
 * what a C compiler reads once the macro expands to an attribute or to
 * nothing; a shape it rejects whatever the macro is (two type names, a
 * lowercase word among the specifiers, no `;` after the declaration) is left
 * alone. code_parse uses the masked source only when its tree has fewer errors.
 */

/* Words kept in a declaration head, at most (real heads are short). */
#define C_HEAD_MAX 24
/* Identifiers after a parameter list, at most. */
#define C_TRAIL_MAX 4

typedef enum c_token_kind { C_END, C_WORD, C_PUNCT, C_DIRECTIVE, C_LITERAL } c_token_kind;

typedef struct c_token {
  c_token_kind kind;
  uint32_t start, end;
} c_token;

typedef struct c_lexer {
  const uint8_t *src;
  uint32_t len, pos;
  bool line_start; /* nothing but blanks since the last line break */
} c_lexer;

/* The end of the block comment whose `/ *` is at src[i]. */
static uint32_t skip_block_comment(const uint8_t *src, uint32_t len, uint32_t i) {
  for (i += 2; i + 1 < len; i++)
    if (src[i] == '*' && src[i + 1] == '/') return i + 2;
  return len;
}

/* Whether src[i] is a backslash that splices the line (before \n or \r\n). */
static bool splice_at(const uint8_t *src, uint32_t len, uint32_t i) {
  return src[i] == '\\' && i + 1 < len &&
         (src[i + 1] == '\n' || (src[i + 1] == '\r' && i + 2 < len && src[i + 2] == '\n'));
}

/* The next token: comments and blanks skipped, a preprocessor directive (with its
   continuation lines) one token, a string, character or number one literal. */
static c_token c_next(c_lexer *lx) {
  const uint8_t *s = lx->src;
  uint32_t len = lx->len, i = lx->pos;
  for (;;) {
    if (i >= len) {
      lx->pos = len;
      return (c_token){C_END, len, len};
    }
    uint8_t c = s[i];
    if (c == '\n') lx->line_start = true, i++;
    else if (blank(c) || c == '\r' || c == '\f' || c == '\v') i++;
    else if (splice_at(s, len, i)) i += s[i + 1] == '\r' ? 3 : 2;
    else if (c == '/' && i + 1 < len && s[i + 1] == '/')
      while (i < len && s[i] != '\n') i++;
    else if (c == '/' && i + 1 < len && s[i + 1] == '*') i = skip_block_comment(s, len, i);
    else break;
  }
  uint32_t start = i;
  uint8_t c = s[i];
  c_token_kind kind = C_PUNCT;
  if (c == '#' && lx->line_start) {
    while (i < len && s[i] != '\n') {
      if (splice_at(s, len, i)) i += s[i + 1] == '\r' ? 3 : 2;
      else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') i = skip_block_comment(s, len, i);
      else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/')
        while (i < len && s[i] != '\n') i++;
      else i++;
    }
    lx->pos = i;
    return (c_token){C_DIRECTIVE, start, i};
  }
  lx->line_start = false;
  if (c == '"' || c == '\'') {
    for (i++; i < len && s[i] != c && s[i] != '\n'; i++)
      if (s[i] == '\\' && i + 1 < len) i++;
    if (i < len && s[i] == c) i++; /* unclosed: up to the line's end */
    kind = C_LITERAL;
  } else if (c >= '0' && c <= '9') {
    for (i++; i < len; i++) {
      bool sign = (s[i] == '+' || s[i] == '-') &&
                  (s[i - 1] == 'e' || s[i - 1] == 'E' || s[i - 1] == 'p' || s[i - 1] == 'P');
      if (!word_byte(s[i]) && s[i] != '.' && !sign) break;
    }
    kind = C_LITERAL;
  } else if (word_start(c)) {
    i = word_end(s, len, i);
    kind = C_WORD;
  } else {
    i++;
  }
  lx->pos = i;
  return (c_token){kind, start, i};
}

static bool is_punct(const uint8_t *src, c_token t, uint8_t c) { return t.kind == C_PUNCT && src[t.start] == c; }

typedef enum c_word_class {
  CW_NAME,      /* an identifier not all in capitals */
  CW_MACRO,     /* an identifier all in capitals (`FFI_HIDDEN`, `U32`) */
  CW_SPECIFIER, /* storage class, qualifier, `typedef`, a calling convention */
  CW_PRIMITIVE, /* a type of the grammar's own */
  CW_TAG,       /* struct, union, enum */
  CW_TAG_NAME,  /* the word after a tag */
  CW_ATTRIBUTE, /* __attribute__ and the like, with an argument list */
  CW_OTHER,     /* any other keyword: no declaration head */
  CW_STAR       /* a `*` in a head */
} c_word_class;

static bool word_in(const uint8_t *w, uint32_t n, const char *const *list) {
  for (; *list; list++)
    if ((*list)[0] == w[0] && word_is(w, n, *list)) return true;
  return false;
}

static c_word_class c_classify(const uint8_t *w, uint32_t n) {
  static const char *const specifiers[] = {
      "extern", "static", "auto", "register", "inline", "__inline", "__inline__", "__forceinline",
      "thread_local", "__thread", "_Thread_local", "const", "constexpr", "volatile", "restrict",
      "__restrict", "__restrict__", "__extension__", "_Atomic", "_Noreturn", "noreturn", "_Nonnull",
      "typedef", "__cdecl", "__clrcall", "__stdcall", "__fastcall", "__thiscall", "__vectorcall", NULL};
  static const char *const primitives[] = {
      "bool", "char", "int", "float", "double", "void", "size_t", "ssize_t", "ptrdiff_t", "intptr_t",
      "uintptr_t", "charptr_t", "nullptr_t", "max_align_t", "int8_t", "int16_t", "int32_t",
      "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "char8_t", "char16_t", "char32_t",
      "signed", "unsigned", "long", "short", "_Bool", "_Complex", NULL};
  static const char *const tags[] = {"struct", "union", "enum", NULL};
  static const char *const attributes[] = {"__attribute__", "__attribute", "__declspec", "alignas",
                                           "_Alignas", "__asm__", "__asm", "asm", NULL};
  static const char *const others[] = {
      "if", "else", "while", "for", "do", "switch", "case", "default", "break", "continue",
      "return", "goto", "sizeof", "_Alignof", "alignof", "_Generic", "_Static_assert",
      "static_assert", "typeof", "__typeof__", "typeof_unqual", "true", "false", "nullptr", NULL};
  if (word_in(w, n, specifiers)) return CW_SPECIFIER;
  if (word_in(w, n, primitives)) return CW_PRIMITIVE;
  if (word_in(w, n, tags)) return CW_TAG;
  if (word_in(w, n, attributes)) return CW_ATTRIBUTE;
  if (word_in(w, n, others)) return CW_OTHER;
  bool letter = false;
  for (uint32_t i = 0; i < n; i++) {
    if (w[i] >= 'A' && w[i] <= 'Z') letter = true;
    else if (!(w[i] >= '0' && w[i] <= '9') && w[i] != '_') return CW_NAME;
  }
  return letter && n > 1 ? CW_MACRO : CW_NAME;
}

typedef struct c_word {
  uint32_t start, end;
  c_word_class cls;
} c_word;

typedef struct c_masker {
  c_lexer lx;
  uint8_t *copy;
  bool failed;                 /* out of memory */
  struct c_conds *conds;       /* the conditionals read along (c_conds_token) */
} c_masker;

static void c_conds_token(c_masker *m, c_token t);

/* The next token, which the conditionals' reading sees too (a look ahead
   reads a copy of the lexer with c_next instead). */
static c_token c_take(c_masker *m) {
  c_token t = c_next(&m->lx);
  c_conds_token(m, t);
  return t;
}

static void c_blank(c_masker *m, uint32_t start, uint32_t end) {
  if (!m->copy) {
    m->copy = code_malloc(m->lx.len);
    if (!m->copy) {
      m->failed = true;
      return;
    }
    memcpy(m->copy, m->lx.src, m->lx.len);
  }
  memset(m->copy + start, ' ', end - start);
}

/* Whether the word token t is an all-capitals identifier not followed by `(`. */
static bool c_lone_macro(const c_masker *m, c_token t) {
  if (t.kind != C_WORD || c_classify(m->lx.src + t.start, t.end - t.start) != CW_MACRO) return false;
  c_lexer ahead = m->lx;
  return !is_punct(m->lx.src, c_next(&ahead), '(');
}

/* At the `(` just read: `(MACRO *name)(` blanks MACRO. */
static void c_paren_declarator(c_masker *m) {
  const uint8_t *s = m->lx.src;
  c_lexer ahead = m->lx;
  c_token macro = c_next(&ahead);
  if (macro.kind != C_WORD || c_classify(s + macro.start, macro.end - macro.start) != CW_MACRO) return;
  c_token t = c_next(&ahead);
  if (!is_punct(s, t, '*')) return;
  while (is_punct(s, t, '*')) t = c_next(&ahead);
  c_word_class name = t.kind == C_WORD ? c_classify(s + t.start, t.end - t.start) : CW_OTHER;
  if (name != CW_NAME && name != CW_MACRO) return;
  if (!is_punct(s, c_next(&ahead), ')') || !is_punct(s, c_next(&ahead), '(')) return;
  c_blank(m, macro.start, macro.end);
}

/* After a `(`: reads up to its `)` (true), or stops at a `{`, `}`, `;` or the
   end, the token given in *stop (false). */
static bool c_skip_parens(c_masker *m, c_token *stop) {
  uint32_t depth = 1;
  for (;;) {
    c_token t = c_take(m);
    if (t.kind == C_END || is_punct(m->lx.src, t, '{') || is_punct(m->lx.src, t, '}') ||
        is_punct(m->lx.src, t, ';')) {
      *stop = t;
      return false;
    }
    if (is_punct(m->lx.src, t, '(')) {
      c_paren_declarator(m);
      depth++;
    } else if (is_punct(m->lx.src, t, ')') && --depth == 0) {
      return true;
    }
  }
}

/*
 * The identifiers of a declaration head (head[0..n), before the declarator's
 * name) that are macros, marked in blank[]; false when the head is not one
 * this reading understands (no type, or a shape no macro makes valid).
 */
static bool c_head_macros(const c_word *head, uint32_t n, bool *blank_word) {
  bool typed = false, star = false;
  uint32_t names = 0, name = UINT32_MAX, last_macro = UINT32_MAX;
  for (uint32_t k = 0; k < n; k++) {
    blank_word[k] = false;
    switch (head[k].cls) {
    case CW_PRIMITIVE:
    case CW_TAG_NAME:
      typed = true;
      break;
    case CW_NAME:
      if (star) return false;
      names++, name = k;
      break;
    case CW_MACRO:
      if (!star) last_macro = k;
      break;
    case CW_STAR:
      star = true;
      break;
    case CW_TAG: /* a tag without its name */
      if (k + 1 == n || head[k + 1].cls != CW_TAG_NAME) return false;
      break;
    default:
      break;
    }
  }
  if (names > 1 || (typed && names)) return false;
  uint32_t type = typed ? UINT32_MAX : names ? name : last_macro;
  if (!typed && type == UINT32_MAX) return false;
  for (uint32_t k = 0; k < n; k++) blank_word[k] = head[k].cls == CW_MACRO && k != type;
  return true;
}

/*
 * The `(` after a name that ends a declaration head has just been read: reads
 * the parameter list (a second one after a macro-named declarator,
 * `PREFIX(f)(...)`), then the identifiers after it, and blanks the macros of
 * the head and those when a `;`, `,` or `{` follows. Gives the token after.
 */
static c_token c_declarator(c_masker *m, const c_word *head, uint32_t n) {
  const uint8_t *s = m->lx.src;
  c_token t;
  if (!c_skip_parens(m, &t)) return t;
  t = c_take(m);
  if (is_punct(s, t, '(')) {
    if (!c_skip_parens(m, &t)) return t;
    t = c_take(m);
  }
  uint32_t trail[2 * C_TRAIL_MAX], trailing = 0;
  for (;;) {
    if (c_lone_macro(m, t) && trailing < C_TRAIL_MAX) {
      trail[2 * trailing] = t.start, trail[2 * trailing + 1] = t.end;
      trailing++;
      t = c_take(m);
      continue;
    }
    if (t.kind == C_WORD && c_classify(s + t.start, t.end - t.start) == CW_ATTRIBUTE) {
      c_token open = c_take(m);
      if (!is_punct(s, open, '(')) return open;
      if (!c_skip_parens(m, &t)) return t;
      t = c_take(m);
      continue;
    }
    break;
  }
  if (!is_punct(s, t, ';') && !is_punct(s, t, ',') && !is_punct(s, t, '{')) return t;
  bool blank_word[C_HEAD_MAX];
  if (!c_head_macros(head, n, blank_word)) return t;
  for (uint32_t k = 0; k < n; k++)
    if (blank_word[k]) c_blank(m, head[k].start, head[k].end);
  for (uint32_t k = 0; k < trailing; k++) c_blank(m, trail[2 * k], trail[2 * k + 1]);
  return t;
}

/* The macros of src blanked in m->copy (made when the first one is found). */
static void c_mask_macros(c_masker *m) {
  const uint8_t *src = m->lx.src;
  c_word head[C_HEAD_MAX];
  uint32_t n = 0, depth = 0;
  bool head_ok = true;
  c_token t = c_take(m);
  while (t.kind != C_END && !m->failed) {
    if (t.kind == C_WORD || is_punct(src, t, '*')) {
      if (depth == 0 && head_ok) {
        c_word_class cls = t.kind == C_WORD ? c_classify(src + t.start, t.end - t.start) : CW_STAR;
        if (n && head[n - 1].cls == CW_TAG && cls != CW_STAR) cls = CW_TAG_NAME;
        if (cls == CW_OTHER || n == C_HEAD_MAX) head_ok = false;
        else head[n++] = (c_word){t.start, t.end, cls};
      }
      t = c_take(m);
      continue;
    }
    if (is_punct(src, t, '(')) {
      c_paren_declarator(m);
      if (depth == 0 && head_ok && n && head[n - 1].cls == CW_ATTRIBUTE) {
        n--; /* __attribute__((...)) adds nothing to the head */
        if (c_skip_parens(m, &t)) t = c_take(m);
        continue;
      }
      if (depth == 0 && head_ok && n > 1 && (head[n - 1].cls == CW_NAME || head[n - 1].cls == CW_MACRO)) {
        t = c_declarator(m, head, n - 1);
        n = 0;
        continue;
      }
    } else if (is_punct(src, t, '{')) {
      depth++;
    } else if (is_punct(src, t, '}')) {
      if (depth) depth--;
    }
    n = 0, head_ok = true;
    t = c_take(m);
  }
}

/* MARK: - C: conditionals that split a construct */

/*
 * The grammar reads a preprocessor conditional (`#if`, `#ifdef`, `#ifndef`,
 * their `#elif`s and `#else`, up to `#endif`) only where each of its branches
 * holds whole constructs: statements, declarations, members. C code also
 * splits a construct between branches, or between a branch and what follows
 * the `#endif`: `if (a) x(); #if A else if (b) y(); #endif else z();`,
 * `#ifdef A if (a && b) #else if (b) #endif free(p);`, `int r = #endif
 * f();`, `#if 0 else if (c) g(); #endif`. There the grammar fails, and its
 * recovery can lose the function, or the rest of the file.
 *
 * c_conds_token reads such a conditional as pmccabe does (and as a
 * compiler does with every condition true): the first branch is kept, the
 * directive lines and the other branches are blanked; a branch under `#if 0`
 * (or `#elif 0`) is never the one kept, so `#if 0 ... #else ... #endif` keeps
 * the `#else` and `#if 0 ... #endif` keeps nothing. Line breaks stay, so
 * lines and columns do too. Only a conditional with a branch that is not
 * whole is read so: a branch is whole when its brackets close in order, it
 * does not start with `else`, and its last token is `;` or `}` (or it has
 * none; a nested conditional counts as its kept branch when it is read so,
 * as one whole construct when not). And only when every branch leaves the
 * same brackets open: branches that do not (one `{` more in one of them) are
 * not two ways to write one construct, and the conditional is left to the
 * grammar, with its errors. What a branch not kept holds is not read, as
 * neither pmccabe nor the compiler (with the conditions kept true) reads it.
 *
 * The grammar reads a conditional's branches one after the other, so one of
 * those that leaves a bracket open (`extern "C" {` alone in its branch, a
 * head per configuration) or starts a branch with `else` is an error in the
 * tree of the source as written, whatever the rest: code_mask_c_preprocessor
 * says so (*unreadable), and code_parse parses the masked copy at once.
 */

/* Conditionals nested in one another, at most, for this reading (deeper: none read so). */
#define C_COND_MAX 64

typedef enum c_directive { CD_OTHER, CD_IF, CD_IF_ZERO, CD_ELIF, CD_ELIF_ZERO, CD_ELSE, CD_ENDIF } c_directive;

/* What a directive token is: a conditional's line, with `#if 0` and `#elif 0` told apart. */
static c_directive c_directive_kind(const uint8_t *src, c_token t) {
  uint32_t i = t.start + 1;
  while (i < t.end && blank(src[i])) i++;
  uint32_t w = word_end(src, t.end, i);
  const uint8_t *word = src + i;
  uint32_t n = w - i;
  bool zero = false;
  if (word_is(word, n, "if") || word_is(word, n, "elif")) {
    uint32_t c = w;
    while (c < t.end && blank(src[c])) c++;
    if (c < t.end && src[c] == '0') {
      c++;
      while (c < t.end && blank(src[c])) c++;
      zero = c == t.end || (src[c] == '/' && c + 1 < t.end && (src[c + 1] == '*' || src[c + 1] == '/'));
    }
  }
  if (word_is(word, n, "if")) return zero ? CD_IF_ZERO : CD_IF;
  if (word_is(word, n, "ifdef") || word_is(word, n, "ifndef")) return CD_IF;
  if (word_is(word, n, "elif")) return zero ? CD_ELIF_ZERO : CD_ELIF;
  if (word_is(word, n, "elifdef") || word_is(word, n, "elifndef")) return CD_ELIF;
  if (word_is(word, n, "else")) return CD_ELSE;
  if (word_is(word, n, "endif")) return CD_ENDIF;
  return CD_OTHER;
}

/* A run of tokens, summed up for wholeness: per bracket kind ( [ { the count
   left open at its end and the lowest count along it (below 0: one closed
   that the run did not open). */
typedef struct c_run {
  bool empty, starts_else, ends_whole; /* its last token `;` or `}` */
  int32_t open[3], low[3];
} c_run;

static const c_run C_RUN_EMPTY = {true, false, false, {0, 0, 0}, {0, 0, 0}};
static const c_run C_RUN_WHOLE = {false, false, true, {0, 0, 0}, {0, 0, 0}};

/* The run a followed by b. */
static c_run c_run_then(c_run a, c_run b) {
  if (b.empty) return a;
  if (a.empty) return b;
  c_run r = {false, a.starts_else, b.ends_whole, {0, 0, 0}, {0, 0, 0}};
  for (int k = 0; k < 3; k++) {
    r.open[k] = a.open[k] + b.open[k];
    r.low[k] = a.low[k] < a.open[k] + b.low[k] ? a.low[k] : a.open[k] + b.low[k];
  }
  return r;
}

/* The run of the one token t. */
static c_run c_run_token(const uint8_t *src, c_token t) {
  c_run r = {false, t.kind == C_WORD && word_is(src + t.start, t.end - t.start, "else"),
             t.kind == C_PUNCT && (src[t.start] == ';' || src[t.start] == '}'), {0, 0, 0}, {0, 0, 0}};
  static const char opens[] = "([{", closes[] = ")]}";
  for (int k = 0; t.kind == C_PUNCT && k < 3; k++) {
    if (src[t.start] == opens[k]) r.open[k] = 1;
    else if (src[t.start] == closes[k]) r.open[k] = r.low[k] = -1;
  }
  return r;
}

static bool c_run_whole(c_run r) {
  if (r.empty) return true;
  for (int k = 0; k < 3; k++)
    if (r.open[k] || r.low[k] < 0) return false;
  return !r.starts_else && r.ends_whole;
}

/* One conditional being read, from its `#if` line to its `#endif`. */
typedef struct c_cond {
  uint32_t start;            /* its `#if` line */
  uint32_t kept_from, kept_to; /* the kept branch's text, between its directive line and the next */
  bool keeping, kept;        /* the branch read now is the kept one; one is */
  bool whole, same_open;     /* every branch so far whole; leaving the first's brackets open */
  int32_t first_open[3];
  bool first;                /* no branch ended yet */
  bool starts_else;          /* a branch starts with `else` */
  c_run branch, kept_run;    /* the branch read now; the kept one */
} c_cond;

/* Blanks src[start..end) in the copy but for line breaks. */
static void c_blank_lines(c_masker *m, uint32_t start, uint32_t end) {
  for (uint32_t i = start; i < end && !m->failed; i++) {
    if (m->lx.src[i] == '\n' || m->lx.src[i] == '\r' || m->lx.src[i] == ' ') continue;
    uint32_t from = i;
    while (i < end && m->lx.src[i] != '\n' && m->lx.src[i] != '\r') i++;
    c_blank(m, from, i);
  }
}

/* The branch being read ends at the directive token t. */
static void c_cond_branch_end(c_cond *g, c_token t) {
  g->whole = g->whole && c_run_whole(g->branch);
  g->starts_else = g->starts_else || (!g->branch.empty && g->branch.starts_else);
  if (g->first) memcpy(g->first_open, g->branch.open, sizeof g->first_open);
  else
    for (int k = 0; k < 3; k++) g->same_open = g->same_open && g->branch.open[k] == g->first_open[k];
  g->first = false;
  if (g->keeping) g->kept_run = g->branch, g->kept_to = t.start, g->keeping = false;
  g->branch = C_RUN_EMPTY;
}

/* A branch starts after the directive token t; `zero` when it is under `#if 0`. */
static void c_cond_branch_start(c_cond *g, c_token t, bool zero) {
  if (!g->kept && !zero) g->keeping = g->kept = true, g->kept_from = t.end;
}

/* The conditionals open around the token being read. */
typedef struct c_conds {
  c_cond stack[C_COND_MAX];
  uint32_t depth;
  bool deep;       /* nested beyond C_COND_MAX: no more read */
  bool unreadable; /* one read so leaves a bracket open or starts a branch with `else` */
} c_conds;

/* One more token of src: the conditionals that split a construct, read as
   their kept branch, blanked in m->copy at their `#endif`. */
static void c_conds_token(c_masker *m, c_token t) {
  c_conds *c = m->conds;
  const uint8_t *src = m->lx.src;
  if (c->deep || t.kind == C_END) return;
  if (t.kind != C_DIRECTIVE) {
    if (c->depth) c->stack[c->depth - 1].branch = c_run_then(c->stack[c->depth - 1].branch, c_run_token(src, t));
    return;
  }
  c_directive kind = c_directive_kind(src, t);
  if (kind == CD_IF || kind == CD_IF_ZERO) {
    if (c->depth == C_COND_MAX) {
      c->deep = true;
      return;
    }
    c_cond *g = &c->stack[c->depth++];
    *g = (c_cond){t.start, 0, 0, false, false, true, true, {0, 0, 0}, true, false, C_RUN_EMPTY, C_RUN_EMPTY};
    c_cond_branch_start(g, t, kind == CD_IF_ZERO);
  } else if (c->depth && (kind == CD_ELIF || kind == CD_ELIF_ZERO || kind == CD_ELSE)) {
    c_cond *g = &c->stack[c->depth - 1];
    c_cond_branch_end(g, t);
    c_cond_branch_start(g, t, kind == CD_ELIF_ZERO);
  } else if (c->depth && kind == CD_ENDIF) {
    c_cond *g = &c->stack[--c->depth];
    c_cond_branch_end(g, t);
    c_run read = C_RUN_WHOLE;
    if (!g->whole && g->same_open) {
      read = g->kept ? g->kept_run : C_RUN_EMPTY;
      c->unreadable = c->unreadable || g->starts_else || g->first_open[0] || g->first_open[1] || g->first_open[2];
      c_blank_lines(m, g->start, g->kept ? g->kept_from : t.end);
      if (g->kept) c_blank_lines(m, g->kept_to, t.end);
    }
    if (c->depth) c->stack[c->depth - 1].branch = c_run_then(c->stack[c->depth - 1].branch, read);
  }
}

bool code_mask_c_preprocessor(const uint8_t *src, uint32_t len, uint8_t **masked, bool *unreadable) {
  c_conds conds = {.depth = 0, .deep = false, .unreadable = false};
  c_masker m = {{src, len, 0, true}, NULL, false, &conds};
  c_mask_macros(&m); /* the conditionals read along, from its tokens */
  if (m.failed) {
    code_free(m.copy);
    return false;
  }
  *masked = m.copy;
  *unreadable = conds.unreadable;
  return true;
}
