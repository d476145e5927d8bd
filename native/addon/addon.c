/*
 * libwasmod as a Node-API addon: the runtime's `native` engine
 * (bindings/js/native-addon.js wraps it).
 *
 *   call(module, op, input: Uint8Array, options: string, forceScalar?: boolean)
 *     -> { status: 'ok' | 'invalid-input' | ..., output: Buffer, diagnostics: string }
 *   modules() -> [manifest JSON text, ...]
 *   abiVersion  (major << 16) | minor
 *
 * Calls are synchronous and run on the calling thread; the addon keeps no
 * state, so it is safe in several worker threads at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>

#include "wasmod/wasmod.h"

/* The test-only variant wasmod-addon-oom (CMakeLists.txt) fails the Nth
   allocation of a library call: addon_oom.h. The addon itself has no hooks. */
#ifdef WASMOD_ADDON_OOM
#include "addon_oom.h"
#else
#define addon_oom_begin() ((void)0)
#define addon_oom_stop() ((void)0)
#define addon_oom_end() ((void)0)
#endif

/* Returns NULL from the enclosing function when a Node-API call fails (an exception is pending). */
#define CHECK(call)                     \
  do {                                  \
    if ((call) != napi_ok) return NULL; \
  } while (0)

/* A JS string argument as a malloc'ed UTF-8 string, or NULL with a TypeError thrown. */
static char *string_arg(napi_env env, napi_value value, const char *what, size_t *len) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_string) {
    napi_throw_type_error(env, "E_BAD_OPTIONS", what);
    return NULL;
  }
  CHECK(napi_get_value_string_utf8(env, value, NULL, 0, len));
  char *text = malloc(*len + 1);
  if (!text) {
    napi_throw_error(env, "E_MEMORY_LIMIT", "out of memory");
    return NULL;
  }
  if (napi_get_value_string_utf8(env, value, text, *len + 1, len) != napi_ok) {
    free(text);
    return NULL;
  }
  return text;
}

/* Builds { status, output, diagnostics } from a result. */
static napi_value result_object(napi_env env, const wm_result *result) {
  napi_value object, status, output, diagnostics;
  CHECK(napi_create_object(env, &object));
  CHECK(napi_create_string_utf8(env, wm_status_name((wm_status)result->status), NAPI_AUTO_LENGTH, &status));
  CHECK(napi_create_buffer_copy(env, result->output_len, result->output, NULL, &output));
  CHECK(napi_create_string_utf8(env, result->diagnostics, result->diagnostics_len, &diagnostics));
  CHECK(napi_set_named_property(env, object, "status", status));
  CHECK(napi_set_named_property(env, object, "output", output));
  CHECK(napi_set_named_property(env, object, "diagnostics", diagnostics));
  return object;
}

static napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, "E_BAD_OPTIONS", "call(module, op, input, options[, forceScalar]) takes at least 4 arguments");
    return NULL;
  }
  bool is_typedarray = false;
  napi_typedarray_type input_type;
  size_t input_len = 0;
  void *input = NULL;
  CHECK(napi_is_typedarray(env, argv[2], &is_typedarray));
  if (is_typedarray) CHECK(napi_get_typedarray_info(env, argv[2], &input_type, &input_len, &input, NULL, NULL));
  if (!is_typedarray || input_type != napi_uint8_array) {
    napi_throw_type_error(env, "E_BAD_OPTIONS", "input must be a Uint8Array");
    return NULL;
  }
  bool force_scalar = false;
  if (argc > 4) {
    napi_valuetype type;
    CHECK(napi_typeof(env, argv[4], &type));
    if (type == napi_boolean) CHECK(napi_get_value_bool(env, argv[4], &force_scalar));
  }

  size_t name_len, op_len, options_len;
  napi_value value = NULL;
  char *name = string_arg(env, argv[0], "module must be a string", &name_len);
  char *op = name ? string_arg(env, argv[1], "op must be a string", &op_len) : NULL;
  char *options = op ? string_arg(env, argv[3], "options must be a string", &options_len) : NULL;
  if (options) {
    const wm_module *module = wm_find_module(name);
    if (!module) {
      char message[160];
      snprintf(message, sizeof message, "no built-in module named '%.100s'", name);
      napi_throw_error(env, "E_MODULE_NOT_FOUND", message);
    } else {
      addon_oom_begin();
      wm_result *result = wm_module_call(module, op, op_len, input, input_len, options, options_len,
                                         force_scalar ? WM_CALL_FORCE_SCALAR : 0);
      addon_oom_stop();
      value = result_object(env, result);
      wm_result_free(result);
      addon_oom_end();
    }
  }
  free(name);
  free(op);
  free(options);
  return value;
}

static napi_value modules(napi_env env, napi_callback_info info) {
  size_t count;
  const wm_module *const *list = wm_modules(&count);
  napi_value array;
  CHECK(napi_create_array_with_length(env, count, &array));
  for (size_t i = 0; i < count; i++) {
    wm_result *manifest = wm_module_manifest(list[i]);
    napi_value text;
    napi_status status = napi_create_string_utf8(env, (const char *)manifest->output, manifest->output_len, &text);
    wm_result_free(manifest);
    CHECK(status);
    CHECK(napi_set_element(env, array, (uint32_t)i, text));
  }
  return array;
}

NAPI_MODULE_INIT() {
  napi_value fn, abi;
  CHECK(napi_create_function(env, "call", NAPI_AUTO_LENGTH, call, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "call", fn));
  CHECK(napi_create_function(env, "modules", NAPI_AUTO_LENGTH, modules, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "modules", fn));
  CHECK(napi_create_uint32(env, WM_ABI_VERSION, &abi));
  CHECK(napi_set_named_property(env, exports, "abiVersion", abi));
#ifdef WASMOD_ADDON_OOM
  if (!addon_oom_export(env, exports)) return NULL;
#endif
  return exports;
}
