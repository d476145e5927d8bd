/* Positions, text and names: how nodes are written out. */
#include "code_module.h"
#include "wasmod/utf8.h"

/* MARK: - Positions */

#define COLUMN_BLOCK 64

void code_locator_init(code_locator *self, const uint8_t *src) {
  *self = (code_locator){src, 0, 0, 1, NULL};
}

static uint32_t count_code_points(const uint8_t *p, uint32_t from, uint32_t to) {
  uint32_t n = 0;
  for (uint32_t i = from; i < to; i++) n += !wm_utf8_is_continuation(p[i]);
  return n;
}

uint32_t *code_column_index(const uint8_t *src, uint32_t len) {
  uint32_t count = len / COLUMN_BLOCK + 1;
  uint32_t *blocks = code_malloc(count * sizeof *blocks);
  if (!blocks) return NULL;
  blocks[0] = 0;
  for (uint32_t k = 1; k < count; k++)
    blocks[k] = blocks[k - 1] + count_code_points(src, (k - 1) * COLUMN_BLOCK, k * COLUMN_BLOCK);
  return blocks;
}

static uint32_t code_points_before(const code_locator *self, uint32_t byte) {
  uint32_t k = byte / COLUMN_BLOCK;
  return self->blocks[k] + count_code_points(self->src, k * COLUMN_BLOCK, byte);
}

uint32_t code_column(code_locator *self, uint32_t byte, TSPoint point) {
  bool ahead_on_row = point.row == self->row && byte >= self->byte && self->byte >= byte - point.column;
  if (ahead_on_row && (!self->blocks || byte - self->byte <= 2 * COLUMN_BLOCK)) {
    self->column += count_code_points(self->src, self->byte, byte);
  } else if (self->blocks) {
    self->column = 1 + code_points_before(self, byte) - code_points_before(self, byte - point.column);
  } else {
    self->column = 1 + count_code_points(self->src, byte - point.column, byte);
  }
  self->row = point.row;
  self->byte = byte;
  return self->column;
}

void code_append_uint_member(wm_buf *out, const char *key, uint64_t value) {
  wm_buf_append_str(out, ",\"");
  wm_buf_append_str(out, key);
  wm_buf_append_str(out, "\":");
  wm_buf_append_uint(out, value);
}

void code_append_span(wm_buf *out, code_locator *start_loc, code_locator *end_loc, TSNode node) {
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  TSPoint sp = ts_node_start_point(node), ep = ts_node_end_point(node);
  code_append_uint_member(out, "startLine", sp.row + 1);
  code_append_uint_member(out, "startColumn", code_column(start_loc, start, sp));
  code_append_uint_member(out, "endLine", ep.row + 1);
  code_append_uint_member(out, "endColumn", code_column(end_loc, end, ep));
  code_append_uint_member(out, "startOffset", start);
  code_append_uint_member(out, "endOffset", end);
}

/* MARK: - Text */

void code_append_text(wm_buf *out, const uint8_t *src, uint32_t from, uint32_t to, uint32_t max) {
  static const char hex[] = "0123456789abcdef";
  wm_buf_append_byte(out, '"');
  uint32_t i = from;
  while (i < to && i - from < max) {
    uint8_t c = src[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      wm_buf_append_byte(out, c);
      i++;
      continue;
    }
    if (c >= 0x80) {
      uint32_t cp;
      size_t len = wm_utf8_decode(src, i, to, &cp);
      if (len == 0) {
        wm_buf_append_str(out, "\xEF\xBF\xBD"); /* U+FFFD */
        i++;
      } else if (i + len - from > max) {
        break; /* never cut a code point in half */
      } else {
        wm_buf_append(out, src + i, len);
        i += (uint32_t)len;
      }
      continue;
    }
    switch (c) {
    case '"': wm_buf_append_str(out, "\\\""); break;
    case '\\': wm_buf_append_str(out, "\\\\"); break;
    case '\n': wm_buf_append_str(out, "\\n"); break;
    case '\r': wm_buf_append_str(out, "\\r"); break;
    case '\t': wm_buf_append_str(out, "\\t"); break;
    default: {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      wm_buf_append(out, esc, 6);
    }
    }
    i++;
  }
  wm_buf_append_byte(out, '"');
}

/* MARK: - Names and parameters */

static code_slice slice_of(TSNode node) {
  code_slice s = {ts_node_start_byte(node), ts_node_end_byte(node)};
  return s;
}

/* A name node's text: quotes of a string key dropped, ["key"] taken as key. */
static code_slice name_text(const code_doc *doc, TSNode node) {
  if (ts_node_named_child_count(node) == 1 && strcmp(ts_node_type(node), "computed_property_name") == 0) {
    TSNode inner = ts_node_named_child(node, 0);
    if (strcmp(ts_node_type(inner), "string") == 0) node = inner;
  }
  code_slice s = slice_of(node);
  if (s.to - s.from >= 2) {
    uint8_t q = doc->src[s.from];
    if ((q == '"' || q == '\'') && doc->src[s.to - 1] == q) s.from++, s.to--;
  }
  return s;
}

/* C: the identifier inside a declarator (through pointers, arrays, function declarators). */
static TSNode c_declarator_name(const code_doc *doc, TSNode node) {
  for (int guard = 0; guard < 64 && !ts_node_is_null(node); guard++) {
    TSNode inner = ts_node_child_by_field_id(node, doc->f_declarator);
    if (ts_node_is_null(inner)) {
      /* a parenthesized declarator has its declarator as its only named child */
      if (ts_node_named_child_count(node) == 1 && strcmp(ts_node_type(node), "parenthesized_declarator") == 0)
        inner = ts_node_named_child(node, 0);
      else
        return node;
    }
    node = inner;
  }
  return node;
}

code_slice code_name_of(const code_doc *doc, TSNode node, TSNode parent) {
  static const code_slice none = {0, 0};
  if (doc->lang->family == FAMILY_C) {
    TSNode decl = ts_node_child_by_field_id(node, doc->f_declarator);
    if (ts_node_is_null(decl)) return none;
    return slice_of(c_declarator_name(doc, decl));
  }
  TSNode own = ts_node_child_by_field_id(node, doc->f_name);
  if (ts_node_is_null(own) && doc->f_property) own = ts_node_child_by_field_id(node, doc->f_property);
  if (!ts_node_is_null(own)) return name_text(doc, own);
  if (ts_node_is_null(parent)) return none;
  /* an anonymous function takes the name it is bound to */
  TSFieldId fields[] = {doc->f_name, doc->f_key, doc->f_property, doc->f_left};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    if (!fields[i]) continue;
    TSNode bound = ts_node_child_by_field_id(parent, fields[i]);
    if (ts_node_is_null(bound) || ts_node_eq(bound, node)) continue;
    TSNode prop = doc->f_property ? ts_node_child_by_field_id(bound, doc->f_property) : bound;
    return name_text(doc, ts_node_is_null(prop) ? bound : prop);
  }
  return none;
}

int code_params_of(const code_doc *doc, TSNode node) {
  TSNode list = ts_node_child_by_field_id(node, doc->f_parameters);
  if (doc->lang->family == FAMILY_C) {
    TSNode decl = ts_node_child_by_field_id(node, doc->f_declarator);
    list = (TSNode){0};
    for (int guard = 0; guard < 64 && !ts_node_is_null(decl); guard++) {
      list = ts_node_child_by_field_id(decl, doc->f_parameters);
      if (!ts_node_is_null(list)) break;
      decl = ts_node_child_by_field_id(decl, doc->f_declarator);
    }
  }
  if (ts_node_is_null(list)) {
    /* an arrow function's single bare parameter */
    if (doc->f_parameter && !ts_node_is_null(ts_node_child_by_field_id(node, doc->f_parameter)))
      return 1;
    return -1;
  }
  int count = 0;
  uint32_t n = ts_node_named_child_count(list);
  for (uint32_t i = 0; i < n; i++) {
    TSNode p = ts_node_named_child(list, i);
    if (code_role_of(doc, p) == ROLE_COMMENT) continue;
    const char *type = ts_node_type(p);
    /* Python's bare `*` and `/` separators are not parameters */
    if (strcmp(type, "keyword_separator") == 0 || strcmp(type, "positional_separator") == 0) continue;
    /* C: `(void)` declares none */
    if (doc->lang->family == FAMILY_C && n == 1 && ts_node_named_child_count(p) == 1 &&
        ts_node_end_byte(p) - ts_node_start_byte(p) == 4 &&
        memcmp(doc->src + ts_node_start_byte(p), "void", 4) == 0)
      continue;
    count++;
  }
  return count;
}
