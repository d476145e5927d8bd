/*
 * json validate, natively, with the SIMD and the scalar kernels: the
 * conformance corpus (y_ accepted, n_ rejected, i_ as documented) and the
 * positions and messages of the errors people meet.
 */
#include <dirent.h>
#include <stdlib.h>

#include "check.h"
#include "test_json_corpus.h"
#include "wasmod/wasmod.h"

static wm_result *validate(const void *text, size_t len, const char *options, unsigned flags) {
  return wm_module_call(&wm_json_module, "validate", 8, text, len, options, options ? strlen(options) : 0, flags);
}

/* i_ files: what wasmod does with each is a choice; these are accepted, the rest rejected. */
static const char *const accepted_i_files[] = {
    /* numbers are kept as lexemes, so any magnitude is fine */
    "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json",
    "i_number_pos_double_huge_exp.json", "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
    "i_number_real_underflow.json", "i_number_too_big_neg_int.json", "i_number_too_big_pos_int.json",
    "i_number_very_big_negative_int.json",
    /* 500 levels is well inside the default maxDepth */
    "i_structure_500_nested_arrays.json", NULL};

static int is_accepted_i_file(const char *name) {
  for (const char *const *f = accepted_i_files; *f; f++)
    if (strcmp(*f, name) == 0) return 1;
  return 0;
}

static void test_conformance(const char *dir) {
  DIR *d = opendir(dir);
  CHECK_MSG(d != NULL, "cannot open %s", dir);
  if (!d) return;
  struct dirent *e;
  int files = 0;
  while ((e = readdir(d))) {
    const char *name = e->d_name;
    if (strlen(name) < 3 || name[1] != '_' || !strstr(name, ".json")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    unsigned char *text = read_file(path, &len);
    CHECK_MSG(text != NULL, "cannot read %s", path);
    if (!text) continue;
    files++;
    wm_result *simd = validate(text, len, NULL, 0);
    wm_result *scalar = validate(text, len, NULL, WM_CALL_FORCE_SCALAR);
    int expect_ok = name[0] == 'y' || (name[0] == 'i' && is_accepted_i_file(name));
    CHECK_MSG(simd->status == (expect_ok ? WM_OK : WM_INVALID_INPUT), "%s: status %s", name,
              wm_status_name((wm_status)simd->status));
    if (!expect_ok) CHECK_MSG(strstr(simd->diagnostics, "\"line\":") != NULL, "%s: no position", name);
    CHECK_MSG(simd->status == scalar->status && simd->diagnostics_len == scalar->diagnostics_len &&
                  memcmp(simd->diagnostics, scalar->diagnostics, simd->diagnostics_len) == 0,
              "%s: SIMD and scalar kernels disagree", name);
    wm_result_free(simd);
    wm_result_free(scalar);
    free(text);
  }
  closedir(d);
  CHECK_MSG(files > 250, "only %d conformance files found in %s", files, dir);
}

/* Validates `text` and checks the first diagnostic's code, line, column and message start. */
static void expect_error(const char *text, const char *options, const char *code, int line, int column,
                         const char *message) {
  for (unsigned flags = 0; flags <= WM_CALL_FORCE_SCALAR; flags++) {
    wm_result *r = validate(text, strlen(text), options, flags);
    char want[512];
    snprintf(want, sizeof want, "\"code\":\"%s\",\"message\":\"%s", code, message);
    char where[128];
    snprintf(where, sizeof where, "\"line\":%d,\"column\":%d", line, column);
    CHECK_MSG(r->status == WM_INVALID_INPUT && strstr(r->diagnostics, want) && strstr(r->diagnostics, where),
              "%s: got %s %s", text, wm_status_name((wm_status)r->status), r->diagnostics);
    wm_result_free(r);
  }
}

static void expect_valid(const char *text, const char *options) {
  wm_result *r = validate(text, strlen(text), options, 0);
  CHECK_MSG(r->status == WM_OK, "%s with %s: %s", text, options ? options : "{}", r->diagnostics);
  wm_result_free(r);
}

static void test_messages(void) {
  expect_error("[1 2]", NULL, "unexpected-character", 1, 4, "expected ',' or ']' after array element, found '2'");
  expect_error("{\"a\":1,}", NULL, "trailing-comma", 1, 8, "trailing comma before '}'");
  expect_error("[1,]", NULL, "trailing-comma", 1, 4, "trailing comma before ']'");
  expect_error("", NULL, "empty-input", 1, 1, "empty input");
  expect_error("  \n ", NULL, "empty-input", 2, 2, "empty input");
  expect_error("[NaN]", NULL, "unexpected-character", 1, 2, "expected a value or ']', found 'NaN'");
  expect_error("1 2", NULL, "trailing-content", 1, 3, "unexpected '2' after the JSON value");
  expect_error("[01]", NULL, "invalid-number", 1, 2, "leading zeros");
  /* column counts code points: "é" is two bytes, one column */
  expect_error("[\"\xc3\xa9\xc3\xa9\" \"x\"]", NULL, "unexpected-character", 1, 7, "expected ',' or ']'");
  expect_error("[\"a\xff\"]", NULL, "invalid-utf8", 1, 4, "invalid UTF-8 byte 0xFF in string");
  expect_error("[\"\xc0\xaf\"]", NULL, "invalid-utf8", 1, 3, "invalid UTF-8 byte 0xC0");
  expect_error("[\"\\ud800\"]", NULL, "lone-surrogate", 1, 3, "lone surrogate '\\\\uD800'");
  expect_error("[\"a\tb\"]", NULL, "control-character", 1, 4, "control character U+0009");
  expect_error("{\"a\" 1}", NULL, "unexpected-character", 1, 6, "expected ':' after object key");
  expect_error("[1, // c\n2]", NULL, "comment", 1, 5, "comments are not allowed");
  expect_error("\xef\xbb\xbf{}", NULL, "bom", 1, 1, "byte order mark");
  expect_error("{\"a\":[1,{\"b\":", NULL, "unexpected-end", 1, 14, "unexpected end of input: expected a value after ':'");
  expect_error("\"abc", NULL, "unterminated-string", 1, 1, "unterminated string");
  expect_error("[[[]]]", "{\"maxDepth\":2}", "depth-limit", 1, 3, "nesting deeper than 2 levels");

  expect_valid("[\"\\ud800\"]", "{\"allowLoneSurrogates\":true}");
  expect_valid("\xef\xbb\xbf{}", "{\"allowBom\":true}");
  expect_valid("/* a */ {\"a\": [1, 2,], // b\n \"b\": 1,}", "{\"mode\":\"jsonc\"}");
  expect_valid("[12345678901234567890123456789, 1e400, -0, 1.0E+2]", NULL);
}

/* Deep nesting is a policy, never a crash: a clean error by default, fine when allowed. */
static void test_deep_nesting(void) {
  size_t depth = 1000000;
  char *text = malloc(2 * depth);
  memset(text, '[', depth);
  memset(text + depth, ']', depth);
  wm_result *r = validate(text, 2 * depth, NULL, 0);
  CHECK(r->status == WM_INVALID_INPUT && strstr(r->diagnostics, "\"code\":\"depth-limit\""));
  CHECK(strstr(r->diagnostics, "\"offset\":10000,"));
  wm_result_free(r);
  r = validate(text, 2 * depth, "{\"maxDepth\":0}", 0);
  CHECK(r->status == WM_OK);
  wm_result_free(r);
  r = validate(text, 2 * depth - 1, "{\"maxDepth\":0}", 0);
  CHECK(r->status == WM_INVALID_INPUT && strstr(r->diagnostics, "unexpected-end"));
  wm_result_free(r);
  free(text);
}

static void test_bad_options(void) {
  wm_result *r = validate("{}", 2, "{\"mode\":\"loose\"}", 0);
  CHECK(r->status == WM_BAD_OPTIONS && strstr(r->diagnostics, "option 'mode' must be one of 'strict', 'jsonc'"));
  wm_result_free(r);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_json_validate <conformance dir>\n");
    return 2;
  }
  test_conformance(argv[1]);
  test_messages();
  test_deep_nesting();
  test_bad_options();
  return check_summary("test_json_validate");
}
