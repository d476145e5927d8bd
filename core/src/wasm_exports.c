/*
 * The one file that knows it is inside a standalone .wasm: it binds the ABI's
 * exports (abi.h) to the module this .wasm was built for. The build compiles
 * it once per module with -DWM_MODULE_SYMBOL=<the module's wm_module>, and
 * -DWM_MODULE_CAPABILITIES="<names>" when the module declares host capabilities.
 */
#include <stdlib.h>

#include "wasmod/module.h"

#ifndef WM_MODULE_SYMBOL
#error "WM_MODULE_SYMBOL must name the module's wm_module definition"
#endif

extern const wm_module WM_MODULE_SYMBOL;

uint32_t wm_abi_version(void) { return WM_ABI_VERSION; }

#ifdef WM_MODULE_CAPABILITIES
/* The CAPABILITIES of the module's wasmod_add_module(), separated by spaces. */
wm_result *wm_manifest(void) {
  return wm_module_manifest_with_capabilities(&WM_MODULE_SYMBOL, WM_MODULE_CAPABILITIES);
}
#else
wm_result *wm_manifest(void) { return wm_module_manifest(&WM_MODULE_SYMBOL); }
#endif

/* Never returns NULL for n == 0, so a caller can always pass a pointer. */
void *wm_alloc(size_t n) { return malloc(n ? n : 1); }

void wm_free(void *p) { free(p); }

wm_result *wm_call(const char *op, size_t op_len, const uint8_t *input, size_t input_len,
                   const char *options, size_t options_len) {
  return wm_module_call(&WM_MODULE_SYMBOL, op, op_len, input, input_len, options, options_len, 0);
}
