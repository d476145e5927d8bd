/* Reading corpus files in the json tests. */
#ifndef WASMOD_TEST_JSON_CORPUS_H
#define WASMOD_TEST_JSON_CORPUS_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file, malloc'ed (free it), or NULL. */
static inline unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)size + 1);
  *len = data ? fread(data, 1, (size_t)size, f) : 0;
  fclose(f);
  return data;
}

#endif
