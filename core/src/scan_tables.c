#include "scan_tables.h"

const uint8_t wm_is_json_ws[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};

#define R16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
const uint8_t wm_ends_string_run[256] = {
    R16, R16, /* 0x00-0x1f: control bytes */
    [0x22] = 1, [0x5c] = 1,
    [0x80] = R16, R16, R16, R16, R16, R16, R16, R16, /* 0x80-0xff: non-ASCII */
};
#undef R16
