/* The built-in modules of libwasmod. */
#include <string.h>

#include "wasmod/wasmod.h"

static const wm_module *const builtin_modules[] = {
    &wm_json_module,
    &wm_code_javascript_module,
    &wm_code_typescript_module,
    &wm_code_tsx_module,
    &wm_code_python_module,
    &wm_code_c_module,
};

const wm_module *const *wm_modules(size_t *count) {
  *count = sizeof builtin_modules / sizeof *builtin_modules;
  return builtin_modules;
}

const wm_module *wm_find_module(const char *name) {
  for (size_t i = 0; i < sizeof builtin_modules / sizeof *builtin_modules; i++)
    if (strcmp(builtin_modules[i]->name, name) == 0) return builtin_modules[i];
  return NULL;
}
