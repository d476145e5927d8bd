/*
 * The out-of-memory hooks of the test-only addon wasmod-addon-oom
 * (addon_oom.c). addon.c calls them only when built with WASMOD_ADDON_OOM;
 * the addon the runtime loads has none of them.
 */
#ifndef WASMOD_ADDON_OOM_H
#define WASMOD_ADDON_OOM_H

#include <stdbool.h>

#include <node_api.h>

/* Around one library call: begin arms the counter, stop disarms it once the
   call has answered, end (after the result is freed) takes what was left. */
void addon_oom_begin(void);
void addon_oom_stop(void);
void addon_oom_end(void);

/* Adds failAllocation and lastCall to the addon's exports. */
bool addon_oom_export(napi_env env, napi_value exports);

#endif
