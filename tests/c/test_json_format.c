/*
 * json format, query, stats and NDJSON, natively with the SIMD and the scalar
 * kernels: exact output bytes, lossless numbers and escapes, layout, sorted
 * keys, limits on deep documents, pointers, and the NDJSON stream against the
 * whole-input op.
 */
#include <dirent.h>
#include <stdlib.h>
#include <time.h>

#include "../../modules/json/json_fast.h"
#include "../../modules/json/json_ops.h"
#include "check.h"
#include "crafted_keys.h"
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
  const char *doc = "{\"a\":[10,{\"b~/c\":[true]},\"x\"],\"\":{\" \":1}}";
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

/* Where an object repeats a key, query follows the last one, as JSON.parse, jq and Python do. */
static void test_query_repeated_keys(void) {
  expect_output("query", "{\"role\":\"user\",\"role\":\"admin\"}", "{\"pointer\":\"/role\"}", "\"admin\"");
  expect_output("query", "{\"a\":1,\"b\":{\"a\":2},\"\\u0061\":3}", "{\"pointer\":\"/a\"}", "3");
  expect_output("query", "{\"a\":{\"c\":2},\"a\":{\"b\":1}}", "{\"pointer\":\"/a/b\"}", "1");
  expect_output("query", "{\"x\":{\"y\":1,\"y\":2},\"z\":0}", "{\"pointer\":\"/x/y\"}", "2");
  expect_output("query", "{\"x\":{\"y\":1},\"x\":{\"y\":2,\"y\":3}}", "{\"pointer\":\"/x/y\"}", "3");
  expect_output("query", "{\"a\":1,\"a\":{\"b\":[5,6]}}", "{\"pointer\":\"/a/b/1\"}", "6");
  expect_output("query", "{\"a\":{\"b\":{\"c\":1}},\"a\":{\"b\":{\"c\":2}}}", "{\"pointer\":\"/a\",\"indent\":0}",
                "{\"b\":{\"c\":2}}");
  /* a repeat counts only in the object the path goes through */
  expect_output("query", "{\"a\":{\"b\":1,\"b\":2},\"c\":{\"b\":3}}", "{\"pointer\":\"/a/b\"}", "2");
  expect_output("query", "{\"a\":{\"b\":1},\"c\":{\"a\":{\"b\":3}}}", "{\"pointer\":\"/a/b\"}", "1");
  expect_output("query", "[{\"a\":1},{\"a\":2}]", "{\"pointer\":\"/0/a\"}", "1");
  /* what the last repeat holds decides, found or not */
  const char *gone = "{\"a\":{\"b\":1},\"a\":{\"c\":2}}";
  expect_failure("query", gone, strlen(gone), "{\"pointer\":\"/a/b\"}", WM_INVALID_INPUT,
                 "\"message\":\"pointer \\\"/a/b\\\" names nothing: the object there has no member \\\"b\\\"\",\"offset\":17");
  const char *scalar = "{\"a\":[1,2],\"a\":\"x\"}";
  expect_failure("query", scalar, strlen(scalar), "{\"pointer\":\"/a/1\"}", WM_INVALID_INPUT,
                 "the value there is a string, which has no member");
  const char *shorter = "{\"a\":[{\"k\":1},{\"k\":2}],\"a\":[{\"k\":3}]}";
  expect_failure("query", shorter, strlen(shorter), "{\"pointer\":\"/a/1/k\"}", WM_INVALID_INPUT,
                 "the array there has 1 elements, so no index 1");
  expect_output("query", shorter, "{\"pointer\":\"/a/0/k\"}", "3");
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
    CHECK(s != NULL);
    /* invalid lines are the answer, not a failed push */
    for (size_t i = 0; i < strlen(bad); i += step)
      CHECK(wm_ndjson_stream_push(s, (const uint8_t *)bad + i, strlen(bad) - i < step ? strlen(bad) - i : step) == WM_OK);
    wm_result *r = wm_ndjson_stream_finish(s);
    CHECK_MSG(r->status == whole->status && r->diagnostics_len == whole->diagnostics_len &&
                  memcmp(r->diagnostics, whole->diagnostics, r->diagnostics_len) == 0,
              "stream in steps of %zu: %s\nwanted %s", step, r->diagnostics, whole->diagnostics);
    wm_result_free(r);
    wm_ndjson_stream_free(s);
  }
  wm_result_free(whole);
  /* bad options make a stream all the same (NULL is out of memory only); every push
     answers WM_BAD_OPTIONS and finish says which option and why */
  static const struct {
    const char *options, *diagnostic;
  } bad_options[] = {
      {"{\"indent\":2}", "\"code\":\"unknown-option\",\"message\":\"unknown option 'indent' for an NDJSON stream"},
      {"{\"maxDepth\":-1}", "\"code\":\"bad-option\",\"message\":\"option 'maxDepth' must be an integer from 0 to"},
      {"{\"duplicateKeys\":", "\"code\":\"bad-options\""},
  };
  for (size_t i = 0; i < sizeof bad_options / sizeof *bad_options; i++) {
    wm_ndjson_stream *s = wm_ndjson_stream_new(bad_options[i].options, strlen(bad_options[i].options), 0);
    CHECK_MSG(s != NULL, "no stream for %s", bad_options[i].options);
    if (!s) continue;
    CHECK(wm_ndjson_stream_push(s, (const uint8_t *)"1\n", 2) == WM_BAD_OPTIONS);
    CHECK(wm_ndjson_stream_push(s, (const uint8_t *)"[", 1) == WM_BAD_OPTIONS);
    wm_result *r = wm_ndjson_stream_finish(s);
    CHECK_MSG(r->status == WM_BAD_OPTIONS && r->output_len == 0 && strstr(r->diagnostics, bad_options[i].diagnostic),
              "%s: status %u, %s", bad_options[i].options, r->status, r->diagnostics);
    wm_result_free(r);
    wm_ndjson_stream_free(s);
  }
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

/* The diagnostic validate gives a repeat at `is` of the key at `was`, positions found by wm_locate. */
static void expected_duplicate(wm_buf *out, const char *doc, size_t was, size_t is, size_t len) {
  const uint8_t *p = (const uint8_t *)doc;
  wm_position w = wm_locate(wm_scan_scalar(), p, strlen(doc), was), i = wm_locate(wm_scan_scalar(), p, strlen(doc), is);
  char message[256], where[64];
  if (w.line == i.line)
    snprintf(where, sizeof where, "column %zu of this line", w.column);
  else
    snprintf(where, sizeof where, "line %zu, column %zu", w.line, w.column);
  snprintf(message, sizeof message, "duplicate key %.*s in an object: it first appears at %s", (int)len, doc + is, where);
  wm_buf_append_str(out, "{\"severity\":\"warning\",\"code\":\"duplicate-key\",\"message\":");
  wm_buf_append_json_string(out, message, strlen(message));
  char position[160];
  snprintf(position, sizeof position, ",\"offset\":%zu,\"line\":%zu,\"column\":%zu", is, i.line, i.column);
  wm_buf_append_str(out, position);
}

/*
 * Keys repeated in the reverse order of their first appearance, across lines
 * and on one, after characters of several bytes: every message and position
 * as if each were located from the start of the document.
 */
static void test_duplicate_positions(void) {
  wm_buf doc, want;
  wm_buf_init(&doc);
  wm_buf_init(&want);
  enum { KEYS = 40 };
  size_t first[KEYS], again[KEYS];
  wm_buf_append_str(&doc, "{");
  for (int k = 0; k < KEYS; k++) {
    char member[64];
    first[k] = doc.len + (k % 3 == 0 ? 1 : 0);
    snprintf(member, sizeof member, "%s\"\xc3\xa9%d\":\"\xe2\x82\xac\",%s", k % 3 == 0 ? "\n" : "", k, k % 5 == 0 ? "\n" : " ");
    wm_buf_append_str(&doc, member);
  }
  for (int k = KEYS - 1; k >= 0; k--) {
    char member[64];
    again[k] = doc.len;
    snprintf(member, sizeof member, "\"\xc3\xa9%d\":[{\"x\":0,\"x\":1}]%s%s", k, k ? "," : "", k % 7 == 0 ? "\n" : "");
    wm_buf_append_str(&doc, member);
  }
  wm_buf_append_str(&doc, "}");
  wm_buf_append_byte(&doc, 0);
  const char *text = (const char *)doc.data;
  wm_buf_append_byte(&want, '[');
  for (int k = KEYS - 1; k >= 0; k--) {
    size_t len = strchr(text + again[k] + 1, '"') - (text + again[k]) + 1, x = again[k] + len + 3;
    expected_duplicate(&want, text, first[k], again[k], len);
    wm_buf_append_str(&want, "},"); /* then the repeat inside the value */
    expected_duplicate(&want, text, x, x + 6, 3);
    wm_buf_append_str(&want, k ? "}," : "}]");
  }
  wm_buf_append_byte(&want, 0);
  for (unsigned flags = 0; flags <= WM_CALL_FORCE_SCALAR; flags++) {
    wm_result *r = run("validate", text, strlen(text), "{\"duplicateKeys\":\"warn\"}", flags);
    /* compared without the end positions, which the expectation leaves out */
    wm_buf got;
    wm_buf_init(&got);
    for (const char *d = r->diagnostics; *d; d++) {
      if (strncmp(d, ",\"endOffset\"", 12) == 0) d = strchr(d, '}');
      wm_buf_append_byte(&got, (uint8_t)*d);
    }
    wm_buf_append_byte(&got, 0);
    CHECK_MSG(r->status == WM_OK && strcmp((const char *)got.data, (const char *)want.data) == 0, "got  %s\nwant %s",
              (const char *)got.data, (const char *)want.data);
    wm_buf_free(&got);
    wm_result_free(r);
  }
  wm_buf_free(&doc);
  wm_buf_free(&want);
}

/* "{" + the keys [from, to) (each len bytes, one after another), as members "key":0, + extra + "}". */
static char *object_of(const char *keys, size_t len, size_t from, size_t to, const char *extra) {
  wm_buf doc;
  wm_buf_init(&doc);
  wm_buf_append_byte(&doc, '{');
  for (size_t i = from; i < to; i++) {
    wm_buf_append_str(&doc, i > from ? ",\"" : "\"");
    wm_buf_append(&doc, keys + i * len, len);
    wm_buf_append_str(&doc, "\":0");
  }
  wm_buf_append_str(&doc, extra);
  wm_buf_append_str(&doc, "}");
  wm_buf_append_byte(&doc, 0);
  return (char *)doc.data;
}

/* Keys that all share a bucket of the duplicate-key table: every repeat found, none invented. */
static void test_duplicate_keys_colliding(void) {
  enum { KEYS = 2048 };
  char *keys = malloc(KEYS * BUCKET_KEY_LEN);
  bucket_collisions(1, 11, KEYS, keys);
  wm_buf extra;
  wm_buf_init(&extra);
  size_t repeats = 0;
  for (size_t i = 5; i < KEYS; i += 37, repeats++) {
    wm_buf_append_str(&extra, ",\"");
    wm_buf_append(&extra, keys + i * BUCKET_KEY_LEN, BUCKET_KEY_LEN);
    wm_buf_append_str(&extra, "\":1");
  }
  wm_buf_append_byte(&extra, 0);
  char *doc = object_of(keys, BUCKET_KEY_LEN, 0, KEYS, (const char *)extra.data);
  for (unsigned flags = 0; flags <= WM_CALL_FORCE_SCALAR; flags++) {
    wm_result *r = run("validate", doc, strlen(doc), "{\"duplicateKeys\":\"warn\"}", flags);
    size_t warnings = 0;
    for (const char *d = r->diagnostics; (d = strstr(d, "\"code\":\"duplicate-key\"")); d++) warnings++;
    CHECK_MSG(r->status == WM_OK && warnings == repeats, "%zu warnings for %zu repeats", warnings, repeats);
    char first[160]; /* key 5 starts at 1 + 5 * strlen("\"key\":0,") */
    snprintf(first, sizeof first, "\"message\":\"duplicate key \\\"%.*s\\\" in an object: it first appears at column %d of this line\"",
             BUCKET_KEY_LEN, keys + 5 * BUCKET_KEY_LEN, 2 + 5 * (BUCKET_KEY_LEN + 5));
    CHECK_MSG(strstr(r->diagnostics, first) != NULL, "%.300s", r->diagnostics);
    wm_result_free(r);
  }
  free(doc);
  free(keys);
  wm_buf_free(&extra);
}

/* The key comparisons the duplicate-key table makes on a document. */
static size_t key_comparisons(const char *doc) {
  json_reader reader;
  json_reader_options options = {false, false, false, 0};
  json_reader_init(&reader, (const uint8_t *)doc, strlen(doc), wm_scan_scalar(), &options);
  json_keys keys;
  json_keys_init(&keys, (const uint8_t *)doc);
  json_token token;
  while ((token = json_reader_next(&reader)) > JSON_ERROR) json_keys_feed(&keys, &reader, token);
  CHECK(token == JSON_END && !keys.failed);
  size_t compares = keys.compares;
  json_keys_free(&keys);
  json_reader_free(&reader);
  return compares;
}

/* However many keys share a bucket, each costs O(log n) comparisons: counted, not timed. */
static void test_duplicate_keys_bucket_bound(void) {
  enum { KEYS = 2048 };
  char *keys = malloc(KEYS * BUCKET_KEY_LEN);
  bucket_collisions(1, 11, KEYS, keys);
  char *small = object_of(keys, BUCKET_KEY_LEN, 0, KEYS / 4, ""), *big = object_of(keys, BUCKET_KEY_LEN, 0, KEYS, "");
  size_t c1 = key_comparisons(small), c4 = key_comparisons(big);
  /* n log2 n grows 4.9 times from 512 keys to 2048, n^2 16 times; each insertion walks two trees at most */
  CHECK_MSG(c4 <= 8 * c1 && c4 <= 4 * KEYS * 11, "%zu comparisons for %d keys, %zu for four times as many", c1, KEYS / 4, c4);
  free(small);
  free(big);
  free(keys);
}

/* Process time, in seconds: what other processes on the machine do counts less. */
static double cpu_seconds(void) { return (double)clock() / CLOCKS_PER_SEC; }

/*
 * Hostile input four times as big may take at most 2.5 times the growth of a
 * plain input of the same sizes (linear work: about the same growth; quadratic:
 * four times it), so that caches filling up do not count against it; the best
 * of several runs, taken in turns, so that a busy machine does not either.
 * Frees the documents.
 */
static void check_growth(const char *what, char *hostile[2], const char *hostile_options, char *plain[2],
                         const char *plain_options) {
  const char *docs[4] = {plain[0], hostile[0], plain[1], hostile[1]};
  const char *options[4] = {plain_options, hostile_options, plain_options, hostile_options};
  double best[4] = {1e30, 1e30, 1e30, 1e30};
  for (int turn = 0; turn < 9; turn++) {
    for (int d = 0; d < 4; d++) {
      if (d == 3 && turn && best[3] > 20 * best[1]) continue; /* hopeless: once is enough */
      double t = cpu_seconds();
      wm_result *r = run("validate", docs[d], strlen(docs[d]), options[d], 0);
      t = cpu_seconds() - t;
      CHECK_MSG(r->status == WM_OK, "%s", r->diagnostics);
      wm_result_free(r);
      best[d] = t < best[d] ? t : best[d];
    }
  }
  char detail[160];
  snprintf(detail, sizeof detail, "%.2f ms, four times the input %.2f ms (plain input: %.2f ms, %.2f ms)", best[1] * 1e3,
           best[3] * 1e3, best[0] * 1e3, best[2] * 1e3);
  if (getenv("WASMOD_TEST_VERBOSE")) printf("%s: %s\n", what, detail);
  CHECK_MSG(best[3] / best[1] <= 2.5 * best[2] / best[0], "%s: %s", what, detail);
  for (int i = 0; i < 2; i++) free(hostile[i]), free(plain[i]);
}

/* Hostile inputs for the duplicate-key check take time linear in their size (up to a log factor). */
static void test_duplicate_keys_linear(void) {
  char *hostile[2], *plain[2];
  for (int i = 0; i < 2; i++) { /* one key repeated: every repeat is reported, and found */
    size_t n = i ? 160000 : 40000;
    hostile[i] = malloc(7 * n + 8);
    strcpy(hostile[i], "{");
    for (size_t k = 0; k < n; k++) memcpy(hostile[i] + 1 + 7 * k, "\"a\":0,\n", 7);
    strcpy(hostile[i] + 1 + 7 * n, "\"a\":0}");
    plain[i] = strcpy(malloc(7 * n + 8), hostile[i]);
  }
  /* the plain run: the same text, not checked for repeats */
  check_growth("a key repeated", hostile, "{\"duplicateKeys\":\"warn\"}", plain, NULL);
  /* keys whose hashes share their low 20 bits, and keys of the same length with unrelated hashes */
  fnv_collisions c;
  CHECK(fnv_collisions_find(&c, 1, 14));
  size_t len = 3 * (size_t)c.stages;
  char *keys = malloc((len << 14) + 1), *other = malloc((len << 14) + 1);
  for (size_t k = 0; k < (size_t)1 << 14; k++) {
    fnv_collisions_key(&c, k, keys + k * len);
    snprintf(other + k * len, len + 1, "%0*zx", (int)len, k * 2654435761u);
  }
  for (int i = 0; i < 2; i++) {
    hostile[i] = object_of(keys, len, 0, (size_t)1 << (i ? 14 : 12), "");
    plain[i] = object_of(other, len, 0, (size_t)1 << (i ? 14 : 12), "");
  }
  check_growth("keys whose hashes share their low bits", hostile, "{\"duplicateKeys\":\"error\"}", plain,
               "{\"duplicateKeys\":\"error\"}");
  free(keys);
  free(other);
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
  test_query_repeated_keys();
  test_stats();
  test_ndjson();
  test_duplicate_keys();
  test_duplicate_positions();
  test_duplicate_keys_colliding();
  test_duplicate_keys_bucket_bound();
  test_duplicate_keys_linear();
  return check_summary("test_json_format");
}
