/*
 * The out-of-memory hooks of the test-only addon wasmod-addon-oom
 * (CMakeLists.txt; tests/js/native-addon-oom.test.js). Never shipped, never
 * loaded by the package: the addon the runtime loads is built without them.
 *
 * That addon is linked with -Wl,--wrap for malloc, calloc, realloc and free,
 * which sends the calls of its own objects (addon.c and libwasmod.a, the
 * tree-sitter runtime and grammars included) here, and leaves Node's and V8's
 * alone. The counter is armed only while the addon is inside a library call
 * (addon_oom_begin .. addon_oom_end, around wm_module_call), on the calling
 * thread: the addon's own Node-API work is never failed.
 *
 *   failAllocation(n)  from now on, each library call on this thread fails
 *                      its nth allocation (counted from the call's start); 0: none
 *   lastCall()         { allocations, failed, leaked } of the thread's last
 *                      library call: how many allocations it asked for, whether
 *                      the nth was reached (and failed), and how many blocks
 *                      the library still held once its result was freed
 *
 * Before each call the thread's spare slabs of the code modules are released
 * (wm_code_release_memory), so that every call asks malloc for its slabs,
 * as tests/c/test_oom.c does; and again after it, so that `leaked` counts only
 * what the call left behind.
 */
#include <stdbool.h>
#include <stdlib.h>

#include <node_api.h>

#include "addon_oom.h"
#include "wasmod/code.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);

static _Thread_local bool armed;           /* inside a library call */
static _Thread_local unsigned long fail_at; /* 0: fail none */
static _Thread_local unsigned long seen;    /* allocations since the call began */
static _Thread_local bool failed;           /* allocation fail_at was reached */
/* Blocks of this link's code live on this thread (allocated less freed; a
   block freed on another thread than the one that made it would skew the
   figure, and the library frees none so). */
static _Thread_local long live;
static _Thread_local long live_before; /* `live` when the call began */
static _Thread_local long leaked;      /* `live` after the call less live_before */

static bool should_fail(void) {
  if (!armed) return false;
  if (++seen != fail_at) return false;
  failed = true;
  return true;
}

void *__wrap_malloc(size_t size) {
  if (should_fail()) return NULL;
  void *p = __real_malloc(size);
  if (p) live++;
  return p;
}

void *__wrap_calloc(size_t count, size_t size) {
  if (should_fail()) return NULL;
  void *p = __real_calloc(count, size);
  if (p) live++;
  return p;
}

void *__wrap_realloc(void *ptr, size_t size) {
  if (should_fail()) return NULL; /* ptr stays as it was, as realloc leaves it */
  void *p = __real_realloc(ptr, size);
  if (p && !ptr) live++;
  else if (!p && ptr && size == 0) live--; /* glibc's realloc(ptr, 0) frees ptr */
  return p;
}

void __wrap_free(void *ptr) {
  if (ptr) live--;
  __real_free(ptr);
}

void addon_oom_begin(void) {
  wm_code_release_memory();
  live_before = live;
  seen = 0, failed = false, armed = true;
}

void addon_oom_stop(void) { armed = false; }

void addon_oom_end(void) {
  wm_code_release_memory();
  leaked = live - live_before;
}

static napi_value fail_allocation(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 1 || napi_get_value_double(env, argv[0], &n) != napi_ok || !(n >= 0) || n > 1e15 || n != (double)(unsigned long)n) {
    napi_throw_type_error(env, "E_BAD_OPTIONS", "failAllocation(n) takes an integer n >= 0");
    return NULL;
  }
  fail_at = (unsigned long)n;
  return NULL;
}

static napi_value last_call(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value object, allocations, was_failed, left;
  if (napi_create_object(env, &object) != napi_ok || napi_create_double(env, (double)seen, &allocations) != napi_ok ||
      napi_get_boolean(env, failed, &was_failed) != napi_ok || napi_create_double(env, (double)leaked, &left) != napi_ok ||
      napi_set_named_property(env, object, "allocations", allocations) != napi_ok ||
      napi_set_named_property(env, object, "failed", was_failed) != napi_ok ||
      napi_set_named_property(env, object, "leaked", left) != napi_ok)
    return NULL;
  return object;
}

bool addon_oom_export(napi_env env, napi_value exports) {
  napi_value fn;
  return napi_create_function(env, "failAllocation", NAPI_AUTO_LENGTH, fail_allocation, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, "failAllocation", fn) == napi_ok &&
         napi_create_function(env, "lastCall", NAPI_AUTO_LENGTH, last_call, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, "lastCall", fn) == napi_ok;
}
