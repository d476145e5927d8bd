/*
 * Host capabilities: what a WebAssembly module may ask of the runtime that
 * runs it, beyond its own memory.
 *
 * A module names the capabilities it uses when it is built,
 *
 *   wasmod_add_module(my-module SYMBOL my_module SOURCES my.c
 *                     CAPABILITIES log clock kv app:lookup)
 *
 * which the build writes into the module's manifest ("capabilities") and into
 * a custom section of the .wasm ("wasmod.capabilities": the names separated
 * by single spaces), where the loader reads it before anything is
 * instantiated. The build already fails on an import the capabilities do not
 * allow (scripts/wasm-capabilities.mjs); the loader then refuses with
 * E_PERMISSION a module that imports a function it did not declare, or that
 * its registration does not grant: nothing a module is not granted is even
 * linked. Built-in modules use none of this: like every module, they import
 * env.memory and env.emscripten_notify_memory_growth, and nothing else.
 *
 * The capabilities and the functions they allow (import module "wasmod",
 * import names in parentheses):
 *
 *   log      wm_host_log (log)
 *   clock    wm_host_clock (clock)
 *   random   wm_host_random (random)
 *   config   wm_host_config_get (config_get)
 *   kv       wm_host_kv_get, wm_host_kv_set, wm_host_kv_delete, wm_host_kv_list
 *            (kv_get, kv_set, kv_delete, kv_list)
 *   app:NAME the app's own function NAME (import module "app", import name
 *            NAME), declared below with WM_APP_FUNCTION or WM_HOST_IMPORT
 *
 * Every function returns a wm_host_status the module can act on: the host
 * ABI's own status, not a wm_status (abi.h), which the op turns into the
 * wm_status it answers (wm_fail). Pointers and
 * lengths are in the module's own memory. Keys and config keys are UTF-8 text
 * without NUL bytes; values are bytes.
 *
 * Key-value access follows the model of Redis scripts: each call names the
 * keys it may touch (exact keys, or prefixes written "user:*"); the runtime
 * reads those keys before the call and commits the call's writes in one
 * transaction after the call succeeds. A call that fails, traps or is stopped
 * writes nothing. Within a call, a module reads its own writes.
 *
 * Host capabilities exist in WebAssembly builds only: the native library runs
 * built-in modules, which import nothing.
 */
#ifndef WASMOD_HOST_H
#define WASMOD_HOST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The status of a host call. Values are part of the host ABI. */
typedef enum wm_host_status {
  WM_HOST_OK = 0,
  WM_HOST_NOT_FOUND = 1, /* no such key (kv, config) */
  WM_HOST_TOO_SMALL = 2, /* the buffer is too small: *len holds the size needed, nothing was written */
  WM_HOST_DENIED = 3,    /* not granted, not named by this call, or a write without write
                            permission; the call will fail with E_PERMISSION */
  WM_HOST_INVALID = 4,   /* a malformed argument: a key that is not UTF-8 or too long, an
                            unknown level or clock, a pointer outside memory */
  WM_HOST_TOO_LARGE = 5, /* a value or a call's writes above the store's limits */
  WM_HOST_FAILED = 6     /* the host could not do it (an app function threw); the call
                            will fail with E_HOST */
} wm_host_status;

/* Log levels for wm_host_log; messages below the level the registration grants are dropped. */
enum { WM_LOG_DEBUG = 0, WM_LOG_INFO = 1, WM_LOG_WARN = 2, WM_LOG_ERROR = 3 };

/* Clocks for wm_host_clock. */
enum {
  WM_CLOCK_MONOTONIC = 0, /* nanoseconds since an arbitrary start, never going back */
  WM_CLOCK_WALL = 1       /* nanoseconds since 1970-01-01T00:00:00Z */
};

/* Limits a module can rely on (the runtime may be configured lower, never higher). */
#define WM_HOST_MAX_KEY_BYTES 1024          /* one key */
#define WM_HOST_MAX_VALUE_BYTES (1u << 20)  /* one value: 1 MiB */

#define WM_HOST_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

/* Writes a message (UTF-8) to the runtime's log at `level`. */
WM_HOST_IMPORT("wasmod", "log")
int32_t wm_host_log(int32_t level, const char *message, size_t message_len);

/* Reads clock `clock` (WM_CLOCK_*) into *nanoseconds. */
WM_HOST_IMPORT("wasmod", "clock")
int32_t wm_host_clock(int32_t clock, uint64_t *nanoseconds);

/* Fills buf with len cryptographically random bytes (at most 65536 a call). */
WM_HOST_IMPORT("wasmod", "random")
int32_t wm_host_random(uint8_t *buf, size_t len);

/*
 * Reads the config value of `key`, as the registration gives it, into buf
 * (cap bytes); *len receives its length. WM_HOST_TOO_SMALL: ask again with
 * *len bytes.
 */
WM_HOST_IMPORT("wasmod", "config_get")
int32_t wm_host_config_get(const char *key, size_t key_len, uint8_t *buf, size_t cap, size_t *len);

/* Reads the value of `key` into buf (cap bytes); *len receives its length. */
WM_HOST_IMPORT("wasmod", "kv_get")
int32_t wm_host_kv_get(const char *key, size_t key_len, uint8_t *buf, size_t cap, size_t *len);

/* Sets `key` to the value (applied when the call succeeds). */
WM_HOST_IMPORT("wasmod", "kv_set")
int32_t wm_host_kv_set(const char *key, size_t key_len, const uint8_t *value, size_t value_len);

/* Deletes `key` (applied when the call succeeds); deleting a missing key is WM_HOST_OK. */
WM_HOST_IMPORT("wasmod", "kv_delete")
int32_t wm_host_kv_delete(const char *key, size_t key_len);

/*
 * Lists the keys that start with `prefix`, in byte order, each followed by a
 * NUL byte, into buf (cap bytes); *len receives the length of the list. The
 * call must have named the prefix (or a shorter one) as "prefix*".
 */
WM_HOST_IMPORT("wasmod", "kv_list")
int32_t wm_host_kv_list(const char *prefix, size_t prefix_len, uint8_t *buf, size_t cap, size_t *len);

/*
 * Declares the app's own host function `name` as the C function `c_name`.
 * App functions take bytes and give bytes: the runtime passes the input,
 * writes the app's answer into out (cap bytes) and its length into *out_len
 * (WM_HOST_TOO_SMALL: ask again with *out_len bytes). The app registers the
 * function under the same name with the signature "bytes"; its capability
 * is "app:<name>".
 *
 *   WM_APP_FUNCTION(lookup_user, "lookup");
 *   ... int32_t status = lookup_user(id, id_len, buf, sizeof buf, &n);
 *
 * A function of plain numbers needs no buffers: declare it with
 * WM_HOST_IMPORT("app", "name") and any signature of int32_t, int64_t, float
 * and double, and register it with the same signature (params and results);
 * the loader checks the two agree.
 */
#define WM_APP_FUNCTION(c_name, name)                                                             \
  WM_HOST_IMPORT("app", name)                                                                     \
  int32_t c_name(const uint8_t *input, size_t input_len, uint8_t *out, size_t cap, size_t *out_len)

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_HOST_H */
