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

#include "wasmod/ops.h"

static const char usage_text[] =
    "usage: wasmod-native <module> <op> [options] [FILE|-]...\n"
    "\n"
    "Runs <op> of the built-in <module> on each FILE (stdin when none, or for -).\n"
    "Output goes to stdout, diagnostics to stderr as file:line:col: severity: message.\n"
    "\n"
    "  --options JSON  the op's options, a JSON object ('{\"mode\":\"jsonc\"}')\n"
    "  --scalar        use the scalar scan kernels instead of SIMD\n"
    "  --framed        per file: \"<status> <output bytes> <diagnostics bytes>\\n\",\n"
    "                  the output, then the diagnostics JSON (for parity tests)\n"
    "  --help          this text\n"
    "\n"
    "Exit status: 0 all ok, 1 some input invalid, 2 usage, I/O or other errors.\n";

/* Prints the usage and the modules with their ops; exits with `code`. */
static int usage(FILE *to, int code) {
  size_t count;
  const wm_module *const *modules = wm_modules(&count);
  fputs(usage_text, to);
  fputs("\nmodules and ops:\n", to);
  for (size_t i = 0; i < count; i++) {
    fprintf(to, "  %-16s", modules[i]->name);
    for (size_t o = 0; o < modules[i]->op_count; o++) fprintf(to, " %s", modules[i]->ops[o].name);
    fputc('\n', to);
  }
  return code;
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

static void print_diagnostics(const char *file, const wm_result *result) {
  static const char *const severities[] = {"error", "warning", "info"};
  wm_error diag;
  for (size_t cursor = 0; wm_next_diagnostic(result, &cursor, &diag);)
    fprintf(stderr, "%s:%zu:%zu: %s: %s\n", strcmp(file, "-") == 0 ? "<stdin>" : file, diag.line,
            diag.column, severities[diag.severity], diag.message);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return usage(stdout, 0);
  if (argc < 3) return usage(stderr, 2);
  const wm_module *module = wm_find_module(argv[1]);
  if (!module) {
    fprintf(stderr, "wasmod-native: unknown module '%s'\n\n", argv[1]);
    return usage(stderr, 2);
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
      fprintf(stderr, "wasmod-native: unknown or incomplete option '%s'\n\n", argv[i]);
      return usage(stderr, 2);
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
      print_diagnostics(files[f], r);
    }
    if (r->status == WM_INVALID_INPUT && exit_code == 0) exit_code = 1;
    if (r->status != WM_OK && r->status != WM_INVALID_INPUT) exit_code = 2;
    wm_result_free(r);
    free(input);
  }
  if (fflush(stdout) != 0) {
    perror("wasmod-native: stdout");
    exit_code = 2;
  }
  return exit_code;
}
