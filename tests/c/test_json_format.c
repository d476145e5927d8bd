/*
 * json format, query, stats and NDJSON, natively with the SIMD and the scalar
 * kernels: exact output bytes, lossless numbers and escapes, layout, sorted
 * keys, limits on deep documents, pointers, and the NDJSON stream against the
 * whole-input op.
 */
#include <dirent.h>
#include <stdlib.h>

#include "../../modules/json/json_fast.h"
#include "../../modules/json/json_ops.h"
#include "check.h"
#include "test_json_corpus.h"
#include "wasmod/wasmod.h"

static wm_result *run(const char *op, const void *text, size_t len, const char *options, unsigned flags) {
  return wm_module_call(&wm_json_module, op, strlen(op), text, len, options, options ? strlen(options) : 0, flags);
}

/* Runs op with both kernel tables; checks the status and the exact output. */
static void expect_output(const char *op, const char *text, const char *options, const char *want) {
  for (unsigned flags = 0; flags <= WM_CALL_FORCE_SCALAR; flags++) {
    wm_result *r = run(op, text, strlen(text), options, flags);
    CHECK_MSG(r->status == WM_OK && r->output_len == strlen(want) && memcmp(r->output, want, r->output_len) == 0,
              "%s %s on %s: got %s [%.*s] %s", op, options ? options : "{}", text, wm_status_name((wm_status)r->status),
              (int)r->output_len, (const char *)r->output, r->diagnostics);
    wm_result_free(r);
  }
}

/* Runs op and checks the status and that the diagnostics hold `fragment`. */
static void expect_failure(const char *op, const char *text, size_t len, const char *options, wm_status status,
                           const char *fragment) {
  for (unsigned flags = 0; flags <= WM_CALL_FORCE_SCALAR; flags++) {
    wm_result *r = run(op, text, len, options, flags);
    CHECK_MSG(r->status == status && r->output_len == 0 && strstr(r->diagnostics, fragment),
              "%s %s: got %s %s, wanted %s", op, options ? options : "{}", wm_status_name((wm_status)r->status),
              r->diagnostics, fragment);
    wm_result_free(r);
  }
}

static void test_layout(void) {
  const char *doc = "{\"b\": [1, 2, {}], \"a\": {\"z\": 1.0, \"y\": []}, \"c\": \"\xc3\xa9\\u00e9\"}";
  expect_output("format", doc, NULL,
                "{\n  \"b\": [\n    1,\n    2,\n    {}\n  ],\n  \"a\": {\n    \"z\": 1.0,\n    \"y\": []\n  },\n"
                "  \"c\": \"\xc3\xa9\\u00e9\"\n}");
  expect_output("format", doc, "{\"indent\":0}", "{\"b\":[1,2,{}],\"a\":{\"z\":1.0,\"y\":[]},\"c\":\"\xc3\xa9\\u00e9\"}");
  expect_output("format", "[1,[2]]", "{\"indent\":\"\\t\",\"finalNewline\":true}", "[\n\t1,\n\t[\n\t\t2\n\t]\n]\n");
  expect_output("format", "\"\xc3\xa9\xf0\x9f\x98\x80\"", "{\"asciiOnly\":true}", "\"\\u00e9\\ud83d\\ude00\"");
  expect_output("format", "  7  ", NULL, "7");
  /* lossless: lexemes and escapes byte for byte */
  expect_output("format", "[12345678901234567890123456789, 1e400, -0, 1.0, 1E+2, \"\\/\\u0041\"]", "{\"indent\":0}",
                "[12345678901234567890123456789,1e400,-0,1.0,1E+2,\"\\/\\u0041\"]");
  expect_output("format", "/* c */ [1, 2,] // d", "{\"mode\":\"jsonc\",\"indent\":0}", "[1,2]");
  expect_output("format", "\xef\xbb\xbf[]", "{\"allowBom\":true}", "[]");
  expect_output("format", "[\"\\udc00\"]", "{\"allowLoneSurrogates\":true,\"indent\":0}", "[\"\\udc00\"]");
}

static void test_sort_keys(void) {
  /* by code point of the decoded key, stable for repeats: "\u0061" is "a"; U+E000 sorts before U+1F600 */
  expect_output("format", "{\"b\":1,\"\\u0061\":2,\"a\":3,\"\xf0\x9f\x98\x80\":4,\"\xee\x80\x80\":5,\"\":6,\"A\":{\"y\":[{\"d\":1,\"c\":2}],\"x\":0}}",
                "{\"sortKeys\":true,\"indent\":0}",
                "{\"\":6,\"A\":{\"x\":0,\"y\":[{\"c\":2,\"d\":1}]},\"\\u0061\":2,\"a\":3,\"b\":1,\"\xee\x80\x80\":5,\"\xf0\x9f\x98\x80\":4}");
  expect_output("format", "{\"b\":{},\"a\":[]}", "{\"sortKeys\":true}", "{\n  \"a\": [],\n  \"b\": {}\n}");
  expect_output("format", "3", "{\"sortKeys\":true}", "3");
  expect_failure("format", "{\"b\":1,\"a\":}", 12, "{\"sortKeys\":true}", WM_INVALID_INPUT, "\"column\":12");
}

static void test_invalid(void) {
  expect_failure("format", "[1,]", 4, NULL, WM_INVALID_INPUT, "trailing-comma");
  expect_failure("format", "", 0, NULL, WM_INVALID_INPUT, "empty-input");
  expect_failure("format", "[1] [2]", 7, NULL, WM_INVALID_INPUT, "trailing-content");
  expect_failure("format", "[NaN]", 5, NULL, WM_INVALID_INPUT, "'NaN'");
  expect_failure("format", "[\"\xe0\x80\xaf\"]", 6, NULL, WM_INVALID_INPUT, "\"offset\":2");
  expect_failure("format", "{}", 2, "{\"indent\":17}", WM_BAD_OPTIONS, "option 'indent'");
  expect_failure("format", "{}", 2, "{\"indent\":\"  \"}", WM_BAD_OPTIONS, "option 'indent'");
}

/* 10,000 levels format; 1,000,000 stop cleanly at maxDepth, or at the output limit when unlimited. */
static void test_deep(void) {
  size_t depth = 1000000;
  char *text = malloc(2 * depth);
  memset(text, '[', depth);
  memset(text + depth, ']', depth);
  expect_failure("format", text, 2 * depth, NULL, WM_LIMIT_EXCEEDED, "\"code\":\"output-limit\"");
  expect_failure("format", text, 2 * depth, "{\"indent\":0}", WM_INVALID_INPUT, "\"code\":\"depth-limit\",\"message\":\"nesting deeper than 10000 levels (option maxDepth)\",\"offset\":10000");
  expect_failure("format", text, 2 * depth, "{\"maxDepth\":0}", WM_LIMIT_EXCEEDED, "\"code\":\"output-limit\"");
  expect_failure("format", text, 2 * depth, "{\"maxDepth\":0,\"sortKeys\":true}", WM_LIMIT_EXCEEDED, "output-limit");
  wm_result *r = run("format", text, 2 * depth, "{\"maxDepth\":0,\"indent\":0}", 0);
  CHECK(r->status == WM_OK && r->output_len == 2 * depth && memcmp(r->output, text, 2 * depth) == 0);
  wm_result_free(r);
  r = run("format", text, 2 * depth, "{\"maxDepth\":0,\"indent\":0,\"sortKeys\":true}", 0);
  CHECK(r->status == WM_OK && r->output_len == 2 * depth);
  wm_result_free(r);
  size_t d = 10000;
  r = run("format", text + depth - d, 2 * d, NULL, 0);
  CHECK_MSG(r->status == WM_LIMIT_EXCEEDED, "10000 levels, indent 2: %s", r->diagnostics); /* 2 x 10000^2 bytes */
  wm_result_free(r);
  r = run("format", text + depth - d, 2 * d, "{\"indent\":0}", 0);
  CHECK(r->status == WM_OK && r->output_len == 2 * d);
  wm_result_free(r);
  free(text);
}

static void test_query(void) {
  const char *doc = "{\"a\":[10,{\"b~/c\":[true]},\"x\"],\"\":{\" \":1},\"a\":2}";
  expect_output("query", doc, "{\"pointer\":\"/a/1\",\"indent\":0}", "{\"b~/c\":[true]}");
  expect_output("query", doc, "{\"pointer\":\"/a/1/b~0~1c/0\"}", "true");
  expect_output("query", doc, "{\"pointer\":\"/\"}", "{\n  \" \": 1\n}");
  expect_output("query", doc, "{\"pointer\":\"//\\u0020\"}", "1");
  expect_output("query", doc, "{\"pointer\":\"/a/2\"}", "\"x\"");
  expect_output("query", "[[1,2],3]", "{\"pointer\":\"\",\"indent\":0}", "[[1,2],3]");
  expect_output("query", "[[1,2],3]", "{\"pointer\":\"/0\",\"indent\":0}", "[1,2]");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"/a/3\"}", WM_INVALID_INPUT, "has 3 elements, so no index 3");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"/a/-\"}", WM_INVALID_INPUT, "'-' names the element after the last one");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"/a/01\"}", WM_INVALID_INPUT, "not an index");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"/q\"}", WM_INVALID_INPUT, "\"code\":\"pointer-not-found\"");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"/a/0/z\"}", WM_INVALID_INPUT, "is a number, which has no member \\\"z\\\"");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"a\"}", WM_BAD_OPTIONS, "start with '/'");
  expect_failure("query", doc, strlen(doc), "{\"pointer\":\"/~2\"}", WM_BAD_OPTIONS, "'~' must be followed");
  expect_failure("query", "[1,2] x", 7, "{\"pointer\":\"/0\"}", WM_INVALID_INPUT, "trailing-content");
}

static void test_stats(void) {
  expect_output("stats", "{\"a\":[1,\"s\",true,false,null,{\"b\":[]}]}", NULL,
                "{\"depth\":4,\"objects\":2,\"arrays\":2,\"keys\":2,\"strings\":1,\"numbers\":1,\"booleans\":2,\"nulls\":1,"
                "\"comments\":0,\"bytes\":38}");
  expect_failure("stats", "{", 1, NULL, WM_INVALID_INPUT, "unexpected-end");
}

static void test_ndjson(void) {
  expect_output("ndjson-format", "{\"b\": 1, \"a\": 2}\r\n\n  \n[1, \"\xc3\xa9\"]", "{\"sortKeys\":true,\"asciiOnly\":true}",
                "{\"a\":2,\"b\":1}\n[1,\"\\u00e9\"]\n");
  expect_output("ndjson-validate", "1\n\n[2]\n", NULL, "");
  const char *bad = "{\"a\":1}\n[1,\n\"\xc3\xa9\" 3\n{\"k\":1,\"k\":2}\n";
  expect_failure("ndjson-validate", bad, strlen(bad), "{\"duplicateKeys\":\"warn\"}", WM_INVALID_INPUT,
                 "\"offset\":11,\"line\":2,\"column\":4}");
  expect_failure("ndjson-validate", bad, strlen(bad), NULL, WM_INVALID_INPUT, "\"offset\":17,\"line\":3,\"column\":5}");
  expect_failure("ndjson-format", bad, strlen(bad), NULL, WM_INVALID_INPUT, "\"line\":3");

  /* the stream gives the op's answer byte for byte, however the input is cut */
  const char *options = "{\"duplicateKeys\":\"warn\"}";
  wm_result *whole = run("ndjson-validate", bad, strlen(bad), options, 0);
  for (size_t step = 1; step <= strlen(bad); step += 3) {
    wm_ndjson_stream *s = wm_ndjson_stream_new(options, strlen(options), 0);
    for (size_t i = 0; i < strlen(bad); i += step)
      wm_ndjson_stream_push(s, (const uint8_t *)bad + i, strlen(bad) - i < step ? strlen(bad) - i : step);
    wm_result *r = wm_ndjson_stream_finish(s);
    CHECK_MSG(r && r->status == whole->status && r->diagnostics_len == whole->diagnostics_len &&
                  memcmp(r->diagnostics, whole->diagnostics, r->diagnostics_len) == 0,
              "stream in steps of %zu: %s\nwanted %s", step, r ? r->diagnostics : "NULL", whole->diagnostics);
    wm_result_free(r);
    wm_ndjson_stream_free(s);
  }
  wm_result_free(whole);
  wm_ndjson_stream *s = wm_ndjson_stream_new("{\"indent\":2}", 12, 0);
  CHECK(!wm_ndjson_stream_push(s, (const uint8_t *)"1\n", 2));
  wm_result *r = wm_ndjson_stream_finish(s);
  CHECK(r && r->status == WM_BAD_OPTIONS && strstr(r->diagnostics, "unknown option 'indent'"));
  wm_result_free(r);
  wm_ndjson_stream_free(s);
}

static void test_duplicate_keys(void) {
  const char *doc = "{\"a\":1,\n \"b\":{\"a\":2},\n \"\\u0061\":3}";
  wm_result *r = run("validate", doc, strlen(doc), "{\"duplicateKeys\":\"warn\"}", 0);
  CHECK_MSG(r->status == WM_OK && strstr(r->diagnostics, "{\"severity\":\"warning\",\"code\":\"duplicate-key\",\"message\":"
                                                        "\"duplicate key \\\"\\\\u0061\\\" in an object: it first appears at line 1, column 2\","
                                                        "\"offset\":23,\"line\":3,\"column\":2,\"endOffset\":31"),
            "%s", r->diagnostics);
  wm_result_free(r);
  expect_failure("validate", doc, strlen(doc), "{\"duplicateKeys\":\"error\"}", WM_INVALID_INPUT, "\"severity\":\"error\",\"code\":\"duplicate-key\"");
  expect_output("validate", doc, NULL, "");
  expect_output("validate", "[{\"a\":1},{\"a\":1}]", "{\"duplicateKeys\":\"error\"}", "");
}

/* The fast path against the reader-based one on every file of a corpus: same verdict, same bytes. */
static void test_fast_path(const char *dir) {
  DIR *d = opendir(dir);
  CHECK_MSG(d != NULL, "cannot open %s", dir);
  if (!d) return;
  static const json_layout layouts[] = {{2, false, false, false}, {0, false, false, true}, {0, true, false, false}};
  struct dirent *e;
  int files = 0;
  while ((e = readdir(d))) {
    if (!strstr(e->d_name, ".json")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t len;
    unsigned char *text = read_file(path, &len);
    if (!text) continue;
    files++;
    for (int scalar = 0; scalar < 2; scalar++) {
      const wm_scan *scan = wm_scan_kernels(scalar);
      for (size_t l = 0; l < sizeof layouts / sizeof *layouts; l++) {
        wm_buf fast, slow;
        wm_diags diags;
        wm_buf_init(&fast);
        wm_buf_init(&slow);
        wm_diags_init(&diags, 0);
        bool fast_ok = json_fast_format(text, len, 10000, &layouts[l], scan, &fast);
        json_format_options options = {{false, false, false, 10000}, layouts[l], false};
        wm_ctx ctx = {text, len, NULL, scan, &slow, &diags};
        wm_status status = json_format_tokens(&ctx, &options, 0, len);
        CHECK_MSG(fast_ok == (status == WM_OK), "%s: fast path %s, reader %s", e->d_name, fast_ok ? "accepts" : "gives up",
                  wm_status_name(status));
        CHECK_MSG(fast_ok == json_fast_validate(text, len, 10000, scan), "%s: fast validate and format disagree", e->d_name);
        if (fast_ok)
          CHECK_MSG(fast.len == slow.len && memcmp(fast.data, slow.data, fast.len) == 0, "%s: fast output differs (layout %zu)",
                    e->d_name, l);
        wm_buf_free(&fast);
        wm_buf_free(&slow);
        wm_diags_free(&diags);
      }
    }
    free(text);
  }
  closedir(d);
  CHECK_MSG(files > 10, "only %d files in %s", files, dir);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) test_fast_path(argv[i]);
  test_layout();
  test_sort_keys();
  test_invalid();
  test_deep();
  test_query();
  test_stats();
  test_ndjson();
  test_duplicate_keys();
  return check_summary("test_json_format");
}
