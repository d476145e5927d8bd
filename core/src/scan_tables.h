/* Byte-class tables shared by the scalar kernels and the SIMD kernels' tails. */
#ifndef WASMOD_SCAN_TABLES_H
#define WASMOD_SCAN_TABLES_H

#include <stdint.h>
#include <string.h>

/* 1 for ' ', '\t', '\n', '\r'. */
extern const uint8_t wm_is_json_ws[256];
/* 1 for '"', '\\', bytes < 0x20 and bytes >= 0x80. */
extern const uint8_t wm_ends_string_run[256];

#endif
