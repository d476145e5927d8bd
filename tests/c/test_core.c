/* core: buffers, UTF-8, scan kernels (SIMD against scalar), positions, options, the generic call. */
#include <stdlib.h>

#include "check.h"
#include "wasmod/wasmod.h"
#include "wasmod/simd.h"
#include "wasmod/utf8.h"

static void test_buf(void) {
  wm_buf b;
  wm_buf_init(&b);
  wm_buf_append_str(&b, "n=");
  wm_buf_append_uint(&b, 18446744073709551615ull);
  wm_buf_append_fill(&b, ' ', 2);
  wm_buf_append_json_string(&b, "a\"b\\\n\x01", 6);
  CHECK(b.len == strlen("n=18446744073709551615  \"a\\\"b\\\\\\n\\u0001\""));
  CHECK(memcmp(b.data, "n=18446744073709551615  \"a\\\"b\\\\\\n\\u0001\"", b.len) == 0);
  wm_buf_free(&b);

  b.limit = 10;
  wm_buf_append_fill(&b, 'x', 11);
  CHECK(wm_buf_failed(&b) && b.over_limit);
  wm_buf_free(&b);
}

static void test_utf8(void) {
  uint32_t cp;
  CHECK(wm_utf8_decode((const uint8_t *)"\xc3\xa9", 0, 2, &cp) == 2 && cp == 0xe9);
  CHECK(wm_utf8_decode((const uint8_t *)"\xf0\x9f\x98\x80", 0, 4, &cp) == 4 && cp == 0x1f600);
  CHECK(wm_utf8_decode((const uint8_t *)"\xc0\x80", 0, 2, &cp) == 0);         /* overlong */
  CHECK(wm_utf8_decode((const uint8_t *)"\xe0\x80\x80", 0, 3, &cp) == 0);     /* overlong */
  CHECK(wm_utf8_decode((const uint8_t *)"\xed\xa0\x80", 0, 3, &cp) == 0);     /* surrogate */
  CHECK(wm_utf8_decode((const uint8_t *)"\xf4\x90\x80\x80", 0, 4, &cp) == 0); /* > U+10FFFF */
  CHECK(wm_utf8_decode((const uint8_t *)"\xe2\x82", 0, 2, &cp) == 0);         /* truncated */
  CHECK(wm_utf8_decode((const uint8_t *)"\x80", 0, 1, &cp) == 0);             /* lone continuation */
  const uint8_t mixed[] = "plain ascii text then \xc3\xa9 and \xff here";
  for (int forced = 0; forced < 2; forced++)
    CHECK(wm_utf8_validate(wm_scan_kernels(forced), mixed, sizeof mixed - 1) == 29);
  uint8_t out[4];
  CHECK(wm_utf8_encode(0x1f600, out) == 4 && memcmp(out, "\xf0\x9f\x98\x80", 4) == 0);
}

/* Every SIMD kernel must give the scalar kernel's answer, from every start index. */
static void test_scan_parity(void) {
  const wm_scan *simd = wm_scan_kernels(false), *scalar = wm_scan_scalar();
  static const uint8_t alphabet[] = {' ', '\t', '\n', '\r', '"', '\\', 'a', 'z', '0', 0x1f, 0x7f, 0x80, 0xc3, 0xff, '{', ':'};
  uint32_t seed = 12345;
  uint8_t buf[300];
  int mismatches = 0;
  for (int round = 0; round < 400; round++) {
    size_t n = (size_t)(round % 150) + 1;
    int density = round % 7; /* how often an interesting byte appears */
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      uint32_t r = seed >> 16;
      buf[i] = (int)(r % 8) < density ? alphabet[r % sizeof alphabet] : (density & 1 ? ' ' : 'x');
    }
    for (size_t i = 0; i <= n; i++) {
      mismatches += simd->skip_ws(buf, i, n) != scalar->skip_ws(buf, i, n);
      mismatches += simd->string_run(buf, i, n) != scalar->string_run(buf, i, n);
      mismatches += simd->ascii_run(buf, i, n) != scalar->ascii_run(buf, i, n);
      mismatches += simd->find_byte(buf, i, n, '"') != scalar->find_byte(buf, i, n, '"');
    }
  }
  CHECK_MSG(mismatches == 0, "%d SIMD/scalar kernel mismatches (kernels: %s)", mismatches, simd->name);
}

/* The vector compares against their scalar meaning, on every byte value. */
static void test_vector_compares(void) {
#if WM_SIMD
  uint8_t bytes[256], lt[16], lts[16];
  for (int i = 0; i < 256; i++) bytes[i] = (uint8_t)i;
  int wrong = 0;
  for (int block = 0; block < 256; block += 16) {
    wm_v8 v = wm_v8_load(bytes + block), space = wm_v8_splat(0x20);
    wm_v8_store(lt, wm_v8_lt(v, space));
    wm_v8_store(lts, wm_v8_lt_signed(v, space));
    for (int k = 0; k < 16; k++) {
      int b = block + k;
      wrong += lt[k] != (b < 0x20 ? 0xff : 0);
      wrong += lts[k] != ((int8_t)b < 0x20 ? 0xff : 0); /* controls and every byte >= 0x80 */
    }
  }
  CHECK_MSG(wrong == 0, "%d wrong vector compare lanes", wrong);
#endif
}

static void test_locate(void) {
  const uint8_t text[] = "ab\n\xc3\xa9\xc3\xa9x\r\nz";
  const wm_scan *scan = wm_scan_kernels(false);
  wm_position pos = wm_locate(scan, text, sizeof text - 1, 0);
  CHECK(pos.line == 1 && pos.column == 1);
  pos = wm_locate(scan, text, sizeof text - 1, 7); /* the 'x' after two 2-byte letters */
  CHECK(pos.line == 2 && pos.column == 3);
  pos = wm_locate(scan, text, sizeof text - 1, 10); /* 'z' after CRLF */
  CHECK(pos.line == 3 && pos.column == 1);
  pos = wm_locate(scan, text, sizeof text - 1, 1000); /* clamped to the end */
  CHECK(pos.line == 3 && pos.column == 2);
}

static void test_options(void) {
  wm_options o;
  wm_buf err;
  wm_buf_init(&err);
  const char *text = "{\"indent\": 2, \"name\": \"a\\u00e9\\n\", \"on\": true, \"x\": null, \"list\": [1, {\"k\": []}], \"indent\": 4}";
  CHECK(wm_options_parse(&o, text, strlen(text), &err));
  CHECK(o.count == 6);
  const wm_opt *indent = wm_options_get(&o, "indent");
  CHECK(indent && indent->type == WM_OPT_NUMBER && indent->number == 4); /* last one wins */
  const wm_opt *name = wm_options_get(&o, "name");
  CHECK(name && name->type == WM_OPT_STRING && strcmp(name->string, "a\xc3\xa9\n") == 0);
  const wm_opt *list = wm_options_get(&o, "list");
  CHECK(list && list->type == WM_OPT_RAW && strcmp(list->string, "[1, {\"k\": []}]") == 0);
  wm_options_free(&o);

  const char *bad[] = {"[1]", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":\"\\ud800\"}", "{} x", "{\"a\" 1}"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    err.len = 0;
    CHECK_MSG(!wm_options_parse(&o, bad[i], strlen(bad[i]), &err) && err.len > 0, "accepted %s", bad[i]);
  }
  CHECK(wm_options_parse(&o, "", 0, &err) && o.count == 0);

  /* Numbers: exact wherever an integer option could be written, sane beyond. */
  static const struct {
    const char *text;
    double value;
  } numbers[] = {{"0", 0},           {"-0.05", -0.05},   {"2.5", 2.5},
                 {"1e3", 1000},      {"1E+3", 1000},     {"250000e-2", 2500},
                 {"0.000001", 1e-6}, {"4.0", 4},         {"9007199254740993", 9007199254740992.0},
                 {"1e400", 1e308},   {"1e-400", 0}};
  for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
    char json[64];
    snprintf(json, sizeof json, "{\"n\": %s}", numbers[i].text);
    CHECK(wm_options_parse(&o, json, strlen(json), &err));
    const wm_opt *n = wm_options_get(&o, "n");
    CHECK_MSG(n && n->type == WM_OPT_NUMBER && (n->number == numbers[i].value || (numbers[i].value >= 1e308 && n->number >= 1e308)),
              "%s read as %.17g", numbers[i].text, n ? n->number : 0.0);
    wm_options_free(&o);
  }
  const char *long_number = "{\"n\": 123456789012345678901234.5}";
  CHECK(wm_options_parse(&o, long_number, strlen(long_number), &err));
  double big = wm_options_get(&o, "n")->number;
  CHECK_MSG(big > 1.2345678901234567e23 * (1 - 1e-15) && big < 1.2345678901234567e23 * (1 + 1e-15), "read as %.17g", big);
  wm_options_free(&o);
  wm_buf_free(&err);
}

/* A module of our own, to test the generic call without depending on a real one. */
static wm_status echo_run(wm_ctx *ctx) {
  bool upper;
  int64_t repeat;
  wm_status s;
  if ((s = wm_opt_bool(ctx, "upper", false, &upper)) != WM_OK) return s;
  if ((s = wm_opt_int(ctx, "repeat", 1, 3, 1, &repeat)) != WM_OK) return s;
  for (int64_t r = 0; r < repeat; r++)
    for (size_t i = 0; i < ctx->input_len; i++) {
      uint8_t c = ctx->input[i];
      wm_buf_append_byte(ctx->out, upper && c >= 'a' && c <= 'z' ? (uint8_t)(c - 32) : c);
    }
  if (ctx->input_len == 0) return wm_fail(ctx, WM_INVALID_INPUT, "empty", 0, "nothing to echo");
  return WM_OK;
}
static const char *const echo_options[] = {"upper", "repeat", NULL};
static const wm_op echo_ops[] = {{"echo", echo_options, echo_run}};
static const wm_module echo_module = {"echo", "1.2.3", "echoes", "\"extra\":true", echo_ops, 1};

static void test_generic_call(void) {
  wm_result *r = wm_module_call(&echo_module, "echo", 4, (const uint8_t *)"hi", 2, "{\"upper\":true,\"repeat\":2}", 25, 0);
  CHECK(r->status == WM_OK && r->output_len == 4 && memcmp(r->output, "HIHI", 4) == 0);
  CHECK(r->diagnostics_len == 2 && memcmp(r->diagnostics, "[]", 2) == 0);
  wm_result_free(r);

  r = wm_module_call(&echo_module, "nope", 4, NULL, 0, NULL, 0, 0);
  CHECK(r->status == WM_UNSUPPORTED && strstr(r->diagnostics, "has no op 'nope'"));
  wm_result_free(r);

  r = wm_module_call(&echo_module, "echo", 4, (const uint8_t *)"a", 1, "{\"lower\":1}", 11, 0);
  CHECK(r->status == WM_BAD_OPTIONS && r->output_len == 0);
  CHECK(strstr(r->diagnostics, "unknown option 'lower' for echo.echo (known: upper, repeat)"));
  wm_result_free(r);

  r = wm_module_call(&echo_module, "echo", 4, (const uint8_t *)"a", 1, "{\"repeat\":9}", 12, 0);
  CHECK(r->status == WM_BAD_OPTIONS && strstr(r->diagnostics, "option 'repeat' must be an integer from 1 to 3"));
  wm_result_free(r);
  /* Far outside int64 (checked before any conversion), and not an integer. */
  const char *out_of_range[] = {"{\"repeat\":1e300}", "{\"repeat\":-1e300}", "{\"repeat\":2.5}"};
  for (size_t i = 0; i < sizeof out_of_range / sizeof *out_of_range; i++) {
    r = wm_module_call(&echo_module, "echo", 4, (const uint8_t *)"a", 1, out_of_range[i], strlen(out_of_range[i]), 0);
    CHECK_MSG(r->status == WM_BAD_OPTIONS, "accepted %s", out_of_range[i]);
    wm_result_free(r);
  }
  r = wm_module_call(&echo_module, "echo", 4, (const uint8_t *)"a", 1, "{\"repeat\":3e0}", 14, 0);
  CHECK(r->status == WM_OK && r->output_len == 3);
  wm_result_free(r);

  r = wm_module_call(&echo_module, "echo", 4, (const uint8_t *)"", 0, "", 0, 0);
  CHECK(r->status == WM_INVALID_INPUT && r->output_len == 0); /* partial output is dropped */
  CHECK(strstr(r->diagnostics, "\"code\":\"empty\"") && strstr(r->diagnostics, "\"line\":1,\"column\":1"));
  wm_result_free(r);

  r = wm_module_manifest(&echo_module);
  CHECK(r->status == WM_OK);
  const char *expected = "{\"abi\":[1,0],\"name\":\"echo\",\"version\":\"1.2.3\"";
  CHECK(r->output_len > strlen(expected) && memcmp(r->output, expected, strlen(expected)) == 0);
  CHECK(memcmp(r->output + r->output_len - 14, ",\"extra\":true}", 14) == 0);
  wm_result_free(r);
}

int main(void) {
  test_buf();
  test_utf8();
  test_scan_parity();
  test_vector_compares();
  test_locate();
  test_options();
  test_generic_call();
  return check_summary("test_core");
}
