/* The typed entry points of ops.h: each builds one generic call and turns its
   result into an owned output or a wm_error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmod/ops.h"

/* MARK: - Errors */

/* Copies s[0..n) into dst[cap] as a string, cut on a UTF-8 boundary if too long. */
static void copy_text(char *dst, size_t cap, const char *s, size_t n) {
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, s, n);
  dst[n] = 0;
}

static void set_error(wm_error *err, wm_status status, const char *code, const char *message) {
  if (!err) return;
  memset(err, 0, sizeof *err);
  err->status = status;
  copy_text(err->code, sizeof err->code, code, strlen(code));
  copy_text(err->message, sizeof err->message, message, strlen(message));
}

/* Just past the JSON object that starts at p ('{'), or NULL when it does not end before `end`. */
static const char *object_end(const char *p, const char *end) {
  int depth = 0;
  bool in_string = false;
  for (; p < end; p++) {
    if (in_string) {
      if (*p == '\\') p++;
      else if (*p == '"') in_string = false;
    } else if (*p == '"') {
      in_string = true;
    } else if (*p == '{') {
      depth++;
    } else if (*p == '}' && --depth == 0) {
      return p + 1;
    }
  }
  return NULL;
}

static size_t number_member(const wm_options *diag, const char *key) {
  const wm_opt *opt = wm_options_get(diag, key);
  return opt && opt->type == WM_OPT_NUMBER && opt->number >= 0 ? (size_t)opt->number : 0;
}

static void string_member(const wm_options *diag, const char *key, char *dst, size_t cap) {
  const wm_opt *opt = wm_options_get(diag, key);
  if (opt && opt->type == WM_OPT_STRING) copy_text(dst, cap, opt->string, opt->string_len);
}

bool wm_next_diagnostic(const wm_result *result, size_t *cursor, wm_error *diag) {
  /* The diagnostics are a flat array of objects whose members are strings and
     numbers: just what the options parser reads. */
  static const char *const severities[] = {"error", "warning", "info"};
  const char *p = result->diagnostics + *cursor, *end = result->diagnostics + result->diagnostics_len;
  while (p < end && (p = memchr(p, '{', (size_t)(end - p)))) {
    const char *next = object_end(p, end);
    if (!next) break;
    wm_options members;
    wm_buf ignored;
    wm_buf_init(&ignored);
    bool parsed = wm_options_parse(&members, p, (size_t)(next - p), &ignored);
    wm_buf_free(&ignored);
    p = next;
    if (!parsed) continue;
    set_error(diag, (wm_status)result->status, wm_status_name((wm_status)result->status), "");
    char severity[16] = "error";
    string_member(&members, "severity", severity, sizeof severity);
    for (int i = 0; i < 3; i++)
      if (strcmp(severity, severities[i]) == 0) diag->severity = (wm_severity)i;
    string_member(&members, "code", diag->code, sizeof diag->code);
    string_member(&members, "message", diag->message, sizeof diag->message);
    diag->offset = number_member(&members, "offset");
    diag->line = number_member(&members, "line");
    diag->column = number_member(&members, "column");
    wm_options_free(&members);
    *cursor = (size_t)(p - result->diagnostics);
    return true;
  }
  *cursor = result->diagnostics_len;
  return false;
}

void wm_error_from_result(const wm_result *result, wm_error *err) {
  if (!err) return;
  set_error(err, (wm_status)result->status, wm_status_name((wm_status)result->status), "");
  /* The first error wins; failing that, the first diagnostic. */
  wm_error diag;
  bool have = false;
  for (size_t cursor = 0; wm_next_diagnostic(result, &cursor, &diag);) {
    if (!have || diag.severity == WM_SEV_ERROR) *err = diag;
    have = true;
    if (diag.severity == WM_SEV_ERROR) break;
  }
}

/* MARK: - Calls */

static wm_result *call(const wm_module *module, const char *op, const char *input, size_t len,
                       const char *options) {
  return wm_module_call(module, op, strlen(op), (const uint8_t *)input, len, options,
                        options ? strlen(options) : 0, 0);
}

/* Hands the output of a finished call over (WM_OK), or returns NULL with *err. */
static char *take_output(wm_result *result, size_t *out_len, wm_error *err) {
  char *output = NULL;
  if (result->status == WM_OK) {
    output = (char *)result->output; /* malloc'ed by the call, NUL-terminated */
    result->output = NULL;
    if (out_len) *out_len = result->output_len;
    set_error(err, WM_OK, "ok", "");
  } else {
    wm_error_from_result(result, err);
  }
  wm_result_free(result);
  return output;
}

static bool succeeded(wm_result *result, wm_error *err) {
  bool ok = result->status == WM_OK;
  if (ok) set_error(err, WM_OK, "ok", "");
  else wm_error_from_result(result, err);
  wm_result_free(result);
  return ok;
}

/* The caller's options with one more string member, which wins over one of the same name:
   {<the caller's members>,"key":"value"}. Malformed options stay malformed (and are
   reported as such by the call). NULL when out of memory. */
static char *with_option(const char *options, const char *key, const char *value) {
  wm_buf text;
  wm_buf_init(&text);
  wm_buf_append_byte(&text, '{');
  if (options) {
    const char *start = options, *stop = options + strlen(options);
    while (start < stop && strchr(" \t\r\n", *start)) start++;
    while (stop > start && strchr(" \t\r\n", stop[-1])) stop--;
    if (stop - start >= 2 && *start == '{' && stop[-1] == '}') start++, stop--;
    const char *inner = start;
    while (inner < stop && strchr(" \t\r\n", *inner)) inner++;
    if (inner < stop) {
      wm_buf_append(&text, start, (size_t)(stop - start));
      wm_buf_append_byte(&text, ',');
    }
  }
  wm_buf_append_json_string(&text, key, strlen(key));
  wm_buf_append_byte(&text, ':');
  wm_buf_append_json_string(&text, value, strlen(value));
  wm_buf_append_byte(&text, '}');
  wm_buf_append_byte(&text, 0);
  if (wm_buf_failed(&text)) {
    wm_buf_free(&text);
    return NULL;
  }
  size_t len;
  return (char *)wm_buf_take(&text, &len);
}

/* A call whose options carry one more member (json query's pointer, code query's query). */
static char *call_with_option(const wm_module *module, const char *op, const char *input, size_t len,
                              const char *options, const char *key, const char *value,
                              size_t *out_len, wm_error *err) {
  char *merged = with_option(options, key, value);
  if (!merged) {
    set_error(err, WM_OUT_OF_MEMORY, "out-of-memory", "no memory for the options");
    return NULL;
  }
  char *output = take_output(call(module, op, input, len, merged), out_len, err);
  free(merged);
  return output;
}

/* MARK: - json */

bool wm_json_validate(const char *text, size_t len, const char *options, wm_error *err) {
  return succeeded(call(&wm_json_module, "validate", text, len, options), err);
}

char *wm_json_format(const char *text, size_t len, const char *options, size_t *out_len,
                     wm_error *err) {
  return take_output(call(&wm_json_module, "format", text, len, options), out_len, err);
}

char *wm_json_query(const char *text, size_t len, const char *pointer, const char *options,
                    size_t *out_len, wm_error *err) {
  return call_with_option(&wm_json_module, "query", text, len, options, "pointer", pointer, out_len,
                          err);
}

char *wm_json_stats(const char *text, size_t len, const char *options, size_t *out_len,
                    wm_error *err) {
  return take_output(call(&wm_json_module, "stats", text, len, options), out_len, err);
}

/* MARK: - code */

/* The code module for `language`, or NULL with *err. */
static const wm_module *code_module(const char *language, wm_error *err) {
  char name[64];
  const wm_module *module = NULL;
  if (snprintf(name, sizeof name, "code-%s", language) < (int)sizeof name) module = wm_find_module(name);
  if (!module) {
    char message[128];
    snprintf(message, sizeof message, "no code module for language '%.60s'", language);
    set_error(err, WM_UNSUPPORTED, "unknown-language", message);
  }
  return module;
}

bool wm_code_validate(const char *language, const char *source, size_t len, const char *options,
                      wm_error *err) {
  const wm_module *module = code_module(language, err);
  return module && succeeded(call(module, "validate", source, len, options), err);
}

char *wm_code_analyze(const char *language, const char *source, size_t len, const char *options,
                      size_t *out_len, wm_error *err) {
  const wm_module *module = code_module(language, err);
  return module ? take_output(call(module, "analyze", source, len, options), out_len, err) : NULL;
}

char *wm_code_outline(const char *language, const char *source, size_t len, const char *options,
                      size_t *out_len, wm_error *err) {
  const wm_module *module = code_module(language, err);
  return module ? take_output(call(module, "outline", source, len, options), out_len, err) : NULL;
}

char *wm_code_query(const char *language, const char *source, size_t len, const char *query,
                    const char *options, size_t *out_len, wm_error *err) {
  const wm_module *module = code_module(language, err);
  return module ? call_with_option(module, "query", source, len, options, "query", query, out_len, err)
                : NULL;
}
