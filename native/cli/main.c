/*
 * wasmod-native: any op of any built-in module, natively, over files or stdin.
 *
 *   wasmod-native <module> <op> [--options JSON] [--scalar] [--framed] [FILE|-]...
 *
 * Prints each file's output to stdout and its diagnostics to stderr as
 * file:line:col: severity: message. With --framed (for parity tests) it prints,
 * per file, a header line "<status> <output bytes> <diagnostics bytes>\n" then
 * the output and the diagnostics JSON exactly as the module returned them.
 * Exit status: 0 all ok, 1 some input invalid, 2 usage, I/O or other errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmod/wasmod.h"

static int usage(void) {
  size_t count;
  const wm_module *const *modules = wm_modules(&count);
  fprintf(stderr, "usage: wasmod-native <module> <op> [--options JSON] [--scalar] [--framed] [FILE|-]...\nmodules:");
  for (size_t i = 0; i < count; i++) fprintf(stderr, " %s", modules[i]->name);
  fprintf(stderr, "\n");
  return 2;
}

/* Reads a whole file (or stdin for "-") into memory. */
static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  unsigned char *data = malloc(cap);
  while (data) {
    n += fread(data + n, 1, cap - n, f);
    if (n < cap) break;
    unsigned char *bigger = realloc(data, cap *= 2);
    if (!bigger) free(data);
    data = bigger;
  }
  int failed = ferror(f);
  if (f != stdin) fclose(f);
  if (failed) {
    free(data);
    return NULL;
  }
  *len = n;
  return data;
}

/* Prints the diagnostics JSON as file:line:col lines; a tiny reader of our own output. */
static void print_diagnostics(const char *file, const char *json, size_t len) {
  const char *p = json, *end = json + len;
  while ((p = strstr(p, "{\"severity\":\"")) && p < end) {
    const char *severity = p + 13;
    const char *message = strstr(p, "\"message\":\"") + 11;
    const char *line = strstr(p, "\"line\":") + 7;
    const char *column = strstr(p, "\"column\":") + 9;
    fprintf(stderr, "%s:%ld:%ld: %.*s: ", file, strtol(line, NULL, 10), strtol(column, NULL, 10),
            (int)strcspn(severity, "\""), severity);
    for (const char *m = message; *m && *m != '"'; m++) {
      if (*m == '\\' && m[1]) m++;
      fputc(*m, stderr);
    }
    fputc('\n', stderr);
    p = column;
  }
}

int main(int argc, char **argv) {
  if (argc < 3) return usage();
  const wm_module *module = wm_find_module(argv[1]);
  if (!module) {
    fprintf(stderr, "wasmod-native: unknown module '%s'\n", argv[1]);
    return usage();
  }
  const char *op = argv[2], *options = "";
  unsigned flags = 0;
  int framed = 0, first_file = argc, exit_code = 0;
  for (int i = 3; i < argc; i++) {
    if (strcmp(argv[i], "--options") == 0 && i + 1 < argc) {
      options = argv[++i];
    } else if (strcmp(argv[i], "--scalar") == 0) {
      flags |= WM_CALL_FORCE_SCALAR;
    } else if (strcmp(argv[i], "--framed") == 0) {
      framed = 1;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return usage();
    } else {
      first_file = i;
      break;
    }
  }
  char *stdin_only[] = {"-"};
  char **files = first_file < argc ? argv + first_file : stdin_only;
  int file_count = first_file < argc ? argc - first_file : 1;
  for (int f = 0; f < file_count; f++) {
    size_t len = 0;
    unsigned char *input = read_all(files[f], &len);
    if (!input) {
      perror(files[f]);
      exit_code = 2;
      continue;
    }
    wm_result *r = wm_module_call(module, op, strlen(op), input, len, options, strlen(options), flags);
    if (framed) {
      printf("%s %zu %zu\n", wm_status_name((wm_status)r->status), r->output_len, r->diagnostics_len);
      fwrite(r->output, 1, r->output_len, stdout);
      fwrite(r->diagnostics, 1, r->diagnostics_len, stdout);
    } else {
      fwrite(r->output, 1, r->output_len, stdout);
      print_diagnostics(files[f], r->diagnostics, r->diagnostics_len);
    }
    if (r->status == WM_INVALID_INPUT && exit_code == 0) exit_code = 1;
    if (r->status != WM_OK && r->status != WM_INVALID_INPUT) exit_code = 2;
    wm_result_free(r);
    free(input);
  }
  return exit_code;
}
