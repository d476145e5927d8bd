/* The typed API of ops.h: answers, errors and positions, diagnostics one by one. */
#include <stdlib.h>

#include "../../tests/c/check.h"
#include "wasmod/ops.h"
#include "wasmod/utf8.h"

static void test_validate(void) {
  wm_error err;
  const char *good = "{\"a\": [1, 2]}";
  CHECK(wm_json_validate(good, strlen(good), NULL, &err));
  CHECK(err.status == WM_OK && strcmp(err.code, "ok") == 0);

  const char *bad = "{\"a\":\n [1 2]}";
  CHECK(!wm_json_validate(bad, strlen(bad), "", &err));
  CHECK(err.status == WM_INVALID_INPUT);
  CHECK(strcmp(err.code, "unexpected-character") == 0);
  CHECK_MSG(err.offset == 10 && err.line == 2 && err.column == 5, "at %zu %zu:%zu", err.offset, err.line,
            err.column);
  CHECK(strstr(err.message, "found '2'") != NULL);
  CHECK(err.severity == WM_SEV_ERROR);

  /* Comments are an error in strict mode, fine in jsonc. */
  const char *commented = "// c\n{}";
  CHECK(!wm_json_validate(commented, strlen(commented), NULL, NULL));
  CHECK(wm_json_validate(commented, strlen(commented), "{\"mode\":\"jsonc\"}", NULL));
}

static void test_bad_options(void) {
  wm_error err;
  CHECK(!wm_json_validate("1", 1, "{\"nope\":1}", &err));
  CHECK(err.status == WM_BAD_OPTIONS && strcmp(err.code, "unknown-option") == 0);
  CHECK(strstr(err.message, "nope") != NULL);
  CHECK(!wm_json_validate("1", 1, "{", &err));
  CHECK(err.status == WM_BAD_OPTIONS);

  /* A message longer than the struct holds is cut on a UTF-8 boundary. */
  size_t n = 2 + 600 * 2 + 4;
  char *options = malloc(n + 1);
  strcpy(options, "{\"");
  for (int i = 0; i < 600; i++) strcat(options, "\xc3\xa9");
  strcat(options, "\":1}");
  CHECK(!wm_json_validate("1", 1, options, &err));
  size_t len = strlen(err.message);
  CHECK(len > 400 && len < sizeof err.message);
  CHECK(wm_utf8_validate(wm_scan_kernels(true), (const uint8_t *)err.message, len) == len);
  free(options);
}

static void test_format_query_stats(void) {
  wm_error err;
  size_t len = 0;
  const char *text = "{\"b\": [1, 2.50], \"a\": {\"x/y\": null}}";
  char *out = wm_json_format(text, strlen(text), "{\"indent\":0,\"sortKeys\":true}", &len, &err);
  CHECK(out && err.status == WM_OK);
  CHECK_MSG(out && strcmp(out, "{\"a\":{\"x/y\":null},\"b\":[1,2.50]}") == 0 && len == strlen(out), "%s", out);
  free(out);

  out = wm_json_format("[1,]", 4, NULL, &len, &err);
  CHECK(!out && err.status == WM_INVALID_INPUT && err.column == 4);

  /* The pointer is merged into the caller's options, and wins over one there. */
  out = wm_json_query(text, strlen(text), "/b/1", NULL, &len, &err);
  CHECK_MSG(out && strcmp(out, "2.50") == 0, "%s", out ? out : err.message);
  free(out);
  out = wm_json_query(text, strlen(text), "/a/x~1y", " {\"pointer\":\"/b\", \"indent\": 0 } ", &len, &err);
  CHECK_MSG(out && strcmp(out, "null") == 0, "%s", out ? out : err.message);
  free(out);
  out = wm_json_query(text, strlen(text), "/a", "{\"indent\":0}", NULL, &err);
  CHECK_MSG(out && strcmp(out, "{\"x/y\":null}") == 0, "%s", out ? out : err.message);
  free(out);
  out = wm_json_query(text, strlen(text), "/b\"", "{}", &len, &err); /* a quote in the pointer stays a string */
  CHECK(!out && err.status != WM_BAD_OPTIONS && err.status != WM_OK);
  out = wm_json_query(text, strlen(text), "/b", "{oops", &len, &err);
  CHECK(!out && err.status == WM_BAD_OPTIONS);

  out = wm_json_stats(text, strlen(text), NULL, &len, &err);
  CHECK(out && strstr(out, "\"keys\":3") != NULL && strstr(out, "\"numbers\":2") != NULL);
  free(out);
}

static void test_unknown_op_and_language(void) {
  wm_error err;
  size_t len = 99;
  CHECK(wm_code_analyze("cobol", "x", 1, NULL, &len, &err) == NULL);
  CHECK(err.status == WM_UNSUPPORTED && strcmp(err.code, "unknown-language") == 0);
  CHECK(strstr(err.message, "cobol") != NULL);
  CHECK(len == 99);
  CHECK(!wm_code_validate("cobol", "x", 1, NULL, NULL));
}

static void test_next_diagnostic(void) {
  const wm_module *json = wm_find_module("json");
  const char *text = "[1,]";
  wm_result *r = wm_module_call(json, "validate", 8, (const uint8_t *)text, 4, NULL, 0, 0);
  wm_error diag;
  size_t cursor = 0, count = 0;
  while (wm_next_diagnostic(r, &cursor, &diag)) {
    count++;
    CHECK(diag.line == 1 && diag.column == 4 && diag.offset == 3);
  }
  CHECK(count == 1);
  CHECK(!wm_next_diagnostic(r, &cursor, &diag));
  wm_result_free(r);

  r = wm_module_call(json, "validate", 8, (const uint8_t *)"1", 1, NULL, 0, 0);
  cursor = 0;
  CHECK(!wm_next_diagnostic(r, &cursor, &diag));
  wm_result_free(r);
}

int main(void) {
  test_validate();
  test_bad_options();
  test_format_query_stats();
  test_unknown_op_and_language();
  test_next_diagnostic();
  return check_summary("test_ops");
}
