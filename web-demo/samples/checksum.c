/* Checksums over a buffer: a C sample for the code panel. */
#include <stddef.h>
#include <stdint.h>

uint32_t adler32(const unsigned char *data, size_t len) {
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < len; i++) {
        a = (a + data[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

int count_lines(const char *text) {
    int lines = 0;
    if (!text) return -1;
    while (*text) {
        if (*text == '\n' || (*text == '\r' && text[1] != '\n')) lines++;
        text++;
    }
    return lines;
}
