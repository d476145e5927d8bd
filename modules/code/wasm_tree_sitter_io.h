/*
 * Force-included before tree-sitter's lib.c in the WebAssembly builds only.
 *
 * tree-sitter can print debug graphs (to a FILE, or stderr), format log
 * lines for a logger, time parses out, and aborts when an allocation fails. The
 * code module uses none of the first three, but the calls are reachable, and the
 * C library would satisfy them with WASI imports (fd_write, fd_seek, fd_close,
 * clock_time_get, proc_exit) that a wasmod module must not have (it imports only
 * its memory) and with printf's floating-point formatting (about 10 KB of code).
 * Here they compile to nothing: no output, empty log lines (no logger is ever
 * set), a clock that stands still (no parse times out in wasm; the runtime
 * enforces call timeouts from outside), and a trap instead of a process exit.
 */
#ifndef WASM_TREE_SITTER_IO_H
#define WASM_TREE_SITTER_IO_H

#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define fprintf(f, ...) ((void)(f), 0)
#define snprintf(s, n, ...) ((void)(s), (void)(n), 0)
#define vsnprintf(s, n, format, args) ((void)(s), (void)(n), (void)(format), 0)
#define fputc(c, f) ((void)(f), (c))
#define fputs(s, f) ((void)(s), (void)(f), 0)
#define fclose(f) ((void)(f), 0)
#define fdopen(fd, mode) ((void)(fd), (FILE *)NULL)
#define dup(fd) ((void)(fd), -1)
#undef stderr
#define stderr ((FILE *)NULL)
#define abort() __builtin_trap()
#define clock_gettime(clock, ts) ((void)(clock), (ts)->tv_sec = 0, (ts)->tv_nsec = 0, 0)

#endif
