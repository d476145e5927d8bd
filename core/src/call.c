/* The generic call: options, op lookup, results and the manifest, for every module. */
#include <stdlib.h>

#include "wasmod/module.h"
#include "wasmod/simd.h"

#if defined(__wasm__)
#define VARIANT (WM_SIMD ? "simd" : "scalar")
#else
#define VARIANT "native"
#endif

const char *wm_status_name(wm_status status) {
  static const char *const names[] = {"ok",           "invalid-input", "bad-options", "limit-exceeded",
                                      "out-of-memory", "unsupported",  "internal"};
  return (unsigned)status < sizeof names / sizeof *names ? names[status] : "internal";
}

/* What is returned when not even a result can be allocated. */
static const wm_result out_of_memory_result = {WM_OUT_OF_MEMORY, (uint8_t *)"", 0, (char *)"[]", 2};

void wm_result_free(wm_result *result) {
  if (!result || result == &out_of_memory_result) return;
  free(result->output);
  free(result->diagnostics);
  free(result);
}

wm_result *wm_result_from_buffers(wm_status status, wm_buf *output, wm_buf *diagnostics) {
  wm_result *result = malloc(sizeof *result);
  if (status != WM_OK) wm_buf_free(output); /* partial output is never handed out */
  /* Both end with a NUL that their lengths do not count: C callers may use them as strings. */
  wm_buf_append_byte(output, 0);
  wm_buf_append_byte(diagnostics, 0);
  if (!result || wm_buf_failed(output) || wm_buf_failed(diagnostics)) {
    free(result);
    wm_buf_free(output);
    wm_buf_free(diagnostics);
    return (wm_result *)&out_of_memory_result;
  }
  result->status = (uint32_t)status;
  result->output = wm_buf_take(output, &result->output_len);
  result->diagnostics = (char *)wm_buf_take(diagnostics, &result->diagnostics_len);
  result->output_len--;
  result->diagnostics_len--;
  return result;
}

/* Turns the buffers of a finished call into a result; frees or takes everything. */
static wm_result *finish(wm_status status, wm_buf *out, wm_diags *diags, const wm_scan *scan,
                         const uint8_t *input, size_t input_len) {
  wm_buf diag_json;
  wm_buf_init(&diag_json);
  if (wm_buf_failed(out)) status = out->over_limit ? WM_LIMIT_EXCEEDED : WM_OUT_OF_MEMORY;
  wm_diags_write_json(diags, scan, input, input_len, &diag_json);
  /* A diagnostic that could not be kept for want of memory: the list is not the answer. */
  if (diags->failed) diag_json.failed = true;
  wm_diags_free(diags);
  return wm_result_from_buffers(status, out, &diag_json);
}

static bool is_known_option(const wm_op *op, const char *key) {
  for (const char *const *name = op->options; *name; name++)
    if (strcmp(*name, key) == 0) return true;
  return false;
}

/* Adds a bad-options diagnostic naming the unknown option and the known ones. */
static void report_unknown_option(wm_ctx *ctx, const wm_module *module, const wm_op *op,
                                  const char *key) {
  wm_buf msg;
  wm_buf_init(&msg);
  wm_buf_append_str(&msg, "unknown option '");
  wm_buf_append_str(&msg, key);
  wm_buf_append_str(&msg, "' for ");
  wm_buf_append_str(&msg, module->name);
  wm_buf_append_byte(&msg, '.');
  wm_buf_append_str(&msg, op->name);
  wm_buf_append_str(&msg, " (known: ");
  for (const char *const *name = op->options; *name; name++) {
    if (name != op->options) wm_buf_append_str(&msg, ", ");
    wm_buf_append_str(&msg, *name);
  }
  if (!*op->options) wm_buf_append_str(&msg, "none");
  wm_buf_append_byte(&msg, ')');
  wm_diags_add_message(ctx->diags, WM_SEV_ERROR, "unknown-option", 0, WM_NO_END, &msg);
}

wm_result *wm_module_call(const wm_module *module, const char *op_name, size_t op_len,
                          const uint8_t *input, size_t input_len, const char *options_text,
                          size_t options_len, unsigned flags) {
  wm_buf out, error;
  wm_diags diags;
  wm_options options = {NULL, 0};
  wm_buf_init(&out);
  wm_buf_init(&error);
  wm_diags_init(&diags, 0);
  wm_ctx ctx = {input, input_len, &options, wm_scan_kernels(flags & WM_CALL_FORCE_SCALAR), &out, &diags};
  static const uint8_t empty[1] = {0};
  if (!input) ctx.input = empty, ctx.input_len = input_len = 0;

  const wm_op *op = NULL;
  for (size_t i = 0; i < module->op_count; i++)
    if (strlen(module->ops[i].name) == op_len && memcmp(module->ops[i].name, op_name, op_len) == 0)
      op = &module->ops[i];

  wm_status status;
  if (!op) {
    wm_buf msg;
    wm_buf_init(&msg);
    wm_buf_append_str(&msg, "module '");
    wm_buf_append_str(&msg, module->name);
    wm_buf_append_str(&msg, "' has no op '");
    wm_buf_append(&msg, op_name, op_len);
    wm_buf_append_str(&msg, "'");
    wm_diags_add_message(&diags, WM_SEV_ERROR, "unsupported-op", 0, WM_NO_END, &msg);
    status = WM_UNSUPPORTED;
  } else if (!wm_options_parse(&options, options_text, options_text ? options_len : 0, &error)) {
    /* A reason that could not be written is an allocation that failed (options.c). */
    if (wm_buf_failed(&error)) {
      status = WM_OUT_OF_MEMORY;
    } else {
      wm_diags_add(&diags, WM_SEV_ERROR, "bad-options", 0, WM_NO_END, (const char *)error.data, error.len);
      status = WM_BAD_OPTIONS;
    }
  } else {
    status = WM_OK;
    for (size_t i = 0; i < options.count; i++) {
      if (!is_known_option(op, options.items[i].key)) {
        report_unknown_option(&ctx, module, op, options.items[i].key);
        status = WM_BAD_OPTIONS;
      }
    }
    if (status == WM_OK) status = op->run(&ctx);
  }
  wm_options_free(&options);
  wm_buf_free(&error);
  return finish(status, &out, &diags, ctx.scan, ctx.input, input_len);
}

wm_result *wm_module_manifest(const wm_module *module) {
  wm_buf out;
  wm_diags diags;
  wm_buf_init(&out);
  wm_diags_init(&diags, 0);
  wm_buf_append_str(&out, "{\"abi\":[");
  wm_buf_append_uint(&out, WM_ABI_MAJOR);
  wm_buf_append_byte(&out, ',');
  wm_buf_append_uint(&out, WM_ABI_MINOR);
  wm_buf_append_str(&out, "],\"name\":");
  wm_buf_append_json_string(&out, module->name, strlen(module->name));
  wm_buf_append_str(&out, ",\"version\":");
  wm_buf_append_json_string(&out, module->version, strlen(module->version));
  wm_buf_append_str(&out, ",\"description\":");
  wm_buf_append_json_string(&out, module->description, strlen(module->description));
  wm_buf_append_str(&out, ",\"variant\":\"");
  wm_buf_append_str(&out, VARIANT);
  wm_buf_append_str(&out, "\",\"kernels\":\"");
  wm_buf_append_str(&out, wm_scan_kernels(false)->name);
  wm_buf_append_str(&out, "\",\"ops\":[");
  for (size_t i = 0; i < module->op_count; i++) {
    const wm_op *op = &module->ops[i];
    if (i) wm_buf_append_byte(&out, ',');
    wm_buf_append_str(&out, "{\"name\":");
    wm_buf_append_json_string(&out, op->name, strlen(op->name));
    wm_buf_append_str(&out, ",\"options\":[");
    for (const char *const *name = op->options; *name; name++) {
      if (name != op->options) wm_buf_append_byte(&out, ',');
      wm_buf_append_json_string(&out, *name, strlen(*name));
    }
    wm_buf_append_str(&out, "]}");
  }
  wm_buf_append_byte(&out, ']');
  if (module->manifest_extra) {
    wm_buf_append_byte(&out, ',');
    wm_buf_append_str(&out, module->manifest_extra);
  }
  wm_buf_append_byte(&out, '}');
  return finish(WM_OK, &out, &diags, wm_scan_scalar(), NULL, 0);
}

wm_result *wm_module_manifest_with_capabilities(const wm_module *module, const char *capabilities) {
  /* The capabilities become the first of the module's own members: the
     manifest of every module built without any stays as it always was. */
  wm_buf extra;
  wm_buf_init(&extra);
  wm_buf_append_str(&extra, "\"capabilities\":[");
  /* A plain loop, not strcspn(): a libc function new to core would change the
     order the linker lays out every module's functions in. */
  bool first = true;
  for (const char *name = capabilities, *p = capabilities;; p++) {
    if (*p && *p != ' ') continue;
    if (p > name) {
      if (!first) wm_buf_append_byte(&extra, ',');
      wm_buf_append_json_string(&extra, name, (size_t)(p - name));
      first = false;
    }
    if (!*p) break;
    name = p + 1;
  }
  wm_buf_append_byte(&extra, ']');
  if (module->manifest_extra) {
    wm_buf_append_byte(&extra, ',');
    wm_buf_append_str(&extra, module->manifest_extra);
  }
  wm_buf_append_byte(&extra, 0);
  if (wm_buf_failed(&extra)) {
    wm_buf_free(&extra);
    return (wm_result *)&out_of_memory_result;
  }
  wm_module declared = *module;
  declared.manifest_extra = (const char *)extra.data;
  wm_result *result = wm_module_manifest(&declared);
  wm_buf_free(&extra);
  return result;
}

wm_status wm_fail(wm_ctx *ctx, wm_status status, const char *code, size_t offset,
                  const char *message) {
  wm_diags_add(ctx->diags, WM_SEV_ERROR, code, offset, WM_NO_END, message, strlen(message));
  return status;
}

/* Adds "option 'key' must be <what>" (`what` is freed here) and returns WM_BAD_OPTIONS. */
static wm_status bad_option(wm_ctx *ctx, const char *key, wm_buf *what) {
  wm_buf msg;
  wm_buf_init(&msg);
  wm_buf_append_str(&msg, "option '");
  wm_buf_append_str(&msg, key);
  wm_buf_append_str(&msg, "' must be ");
  wm_buf_append(&msg, what->data, what->len);
  if (wm_buf_failed(what)) msg.failed = true;
  wm_buf_free(what);
  wm_diags_add_message(ctx->diags, WM_SEV_ERROR, "bad-option", 0, WM_NO_END, &msg);
  return WM_BAD_OPTIONS;
}

wm_status wm_opt_bool(wm_ctx *ctx, const char *key, bool fallback, bool *out) {
  const wm_opt *opt = wm_options_get(ctx->options, key);
  *out = fallback;
  if (!opt || opt->type == WM_OPT_NULL) return WM_OK;
  if (opt->type != WM_OPT_BOOL) {
    wm_buf what;
    wm_buf_init(&what);
    wm_buf_append_str(&what, "true or false");
    return bad_option(ctx, key, &what);
  }
  *out = opt->boolean;
  return WM_OK;
}

wm_status wm_opt_int(wm_ctx *ctx, const char *key, int64_t min, int64_t max, int64_t fallback,
                     int64_t *out) {
  const wm_opt *opt = wm_options_get(ctx->options, key);
  *out = fallback;
  if (!opt || opt->type == WM_OPT_NULL) return WM_OK;
  /* The range first: converting a double outside int64's range is undefined. */
  if (opt->type != WM_OPT_NUMBER || opt->number < (double)min || opt->number > (double)max ||
      opt->number != (double)(int64_t)opt->number) {
    wm_buf what;
    wm_buf_init(&what);
    wm_buf_append_str(&what, "an integer from ");
    if (min < 0) wm_buf_append_byte(&what, '-');
    wm_buf_append_uint(&what, min < 0 ? (uint64_t)-(min + 1) + 1 : (uint64_t)min);
    wm_buf_append_str(&what, " to ");
    wm_buf_append_uint(&what, (uint64_t)max);
    return bad_option(ctx, key, &what);
  }
  *out = (int64_t)opt->number;
  return WM_OK;
}

wm_status wm_opt_choice(wm_ctx *ctx, const char *key, const char *const *choices, int fallback,
                        int *out) {
  const wm_opt *opt = wm_options_get(ctx->options, key);
  *out = fallback;
  if (!opt || opt->type == WM_OPT_NULL) return WM_OK;
  if (opt->type == WM_OPT_STRING)
    for (int i = 0; choices[i]; i++)
      if (strcmp(choices[i], opt->string) == 0) return *out = i, WM_OK;
  wm_buf what;
  wm_buf_init(&what);
  wm_buf_append_str(&what, "one of ");
  for (int i = 0; choices[i]; i++) {
    if (i) wm_buf_append_str(&what, ", ");
    wm_buf_append_byte(&what, '\'');
    wm_buf_append_str(&what, choices[i]);
    wm_buf_append_byte(&what, '\'');
  }
  return bad_option(ctx, key, &what);
}
