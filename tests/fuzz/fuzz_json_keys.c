/* Duplicate keys: the check's hash table against a naive comparison of every pair of keys of an
   object. The input is a recipe for a document whose keys are mostly crafted (see crafted_keys.h):
   keys that share a bucket of the table, keys whose hashes share their low bits, mixed with short
   keys spelled with and without escapes, and repeats. Every repeat must be found with its first
   occurrence, nothing else reported, and validate must say the same with either kernel table. */
#include <stdlib.h>
#include <string.h>

#include "../../modules/json/json_keys.h"
#include "../c/crafted_keys.h"
#include "wasmod/wasmod.h"

enum { FAMILIES = 8, STAGES = 10, SHARERS = 128, MAX_KEYS = 4096, NONE = -1 };

/* By object serial (keys of later objects are plain): low-bit collisions, and keys that share a
   bucket of any table up to MAX_KEYS buckets, as many as a fuzz input can hold. */
static fnv_collisions families[FAMILIES + 1];
static char sharers[FAMILIES + 1][SHARERS * BUCKET_KEY_LEN];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  for (size_t serial = 1; serial <= FAMILIES; serial++) {
    if (!fnv_collisions_find(&families[serial], serial, STAGES)) abort();
    bucket_collisions(serial, 12, SHARERS, sharers[serial]);
  }
  return 0;
}

/* Pieces of short keys: each spelling, and the text it decodes to. */
static const char *const spellings[][2] = {
    {"a", "a"}, {"b", "b"}, {"\\u0061", "a"}, {"\\u0062", "b"}, {"\\n", "\n"}, {"\\u000a", "\n"}, {"\xc3\xa9", "\xc3\xa9"},
    {"\\u00e9", "\xc3\xa9"}, {"\\\"", "\""}, {"\\/", "/"}, {"/", "/"}, {"\\ud83d\\ude00", "\xf0\x9f\x98\x80"}};

typedef struct key {
  size_t object, start;
  wm_buf text; /* decoded */
  int first;   /* index of the earlier key it repeats, or NONE */
} key;

typedef struct recipe {
  const uint8_t *data;
  size_t size, at;
  wm_buf doc;
  key keys[MAX_KEYS];
  size_t count, serial;
} recipe;

static unsigned next(recipe *r) { return r->at < r->size ? r->data[r->at++] : 0; }

/* Appends one key of object `serial` to the document, spelled as the recipe says. */
static void add_key(recipe *r, size_t serial, size_t members_from) {
  key *k = &r->keys[r->count];
  k->object = serial;
  k->start = r->doc.len;
  wm_buf_init(&k->text);
  unsigned kind = next(r) % 8;
  if (kind == 7 && r->count > members_from) { /* a repeat, spelled the plain way whatever its first spelling */
    const key *old = &r->keys[members_from + next(r) % (r->count - members_from)];
    wm_buf_append_json_string(&r->doc, old->text.len ? (const char *)old->text.data : "", old->text.len);
    wm_buf_append(&k->text, old->text.data, old->text.len);
  } else {
    wm_buf_append_byte(&r->doc, '"');
    if (kind < 2 && serial <= FAMILIES) { /* low bits of the hash shared with the object's other such keys */
      char text[3 * STAGES];
      unsigned high = next(r), low = next(r);
      fnv_collisions_key(&families[serial], (high << 8 | low) & ((1u << STAGES) - 1), text);
      wm_buf_append(&r->doc, text, sizeof text);
      wm_buf_append(&k->text, text, sizeof text);
    } else if (kind < 4 && serial <= FAMILIES) { /* in the bucket of the object's other such keys */
      const char *text = sharers[serial] + next(r) % SHARERS * BUCKET_KEY_LEN;
      wm_buf_append(&r->doc, text, BUCKET_KEY_LEN);
      wm_buf_append(&k->text, text, BUCKET_KEY_LEN);
    } else {
      for (unsigned n = next(r) % 4; n; n--) {
        const char *const *piece = spellings[next(r) % (sizeof spellings / sizeof *spellings)];
        wm_buf_append_str(&r->doc, piece[0]);
        wm_buf_append_str(&k->text, piece[1]);
      }
    }
    wm_buf_append_byte(&r->doc, '"');
  }
  /* the naive check */
  k->first = NONE;
  for (size_t i = members_from; i < r->count && k->first == NONE; i++)
    if (r->keys[i].object == serial && r->keys[i].text.len == k->text.len &&
        (!k->text.len || memcmp(r->keys[i].text.data, k->text.data, k->text.len) == 0))
      k->first = (int)i;
  r->count++;
}

/* Appends an object: members while the recipe lasts, values nested at most `depth` more levels. */
static void add_object(recipe *r, int depth) {
  size_t serial = ++r->serial, members_from = r->count;
  wm_buf_append_byte(&r->doc, '{');
  for (unsigned m = 0, members = next(r) % 64; m < members && r->at < r->size && r->count < MAX_KEYS; m++) {
    if (m) wm_buf_append_byte(&r->doc, ',');
    add_key(r, serial, members_from);
    wm_buf_append_byte(&r->doc, ':');
    unsigned value = depth ? next(r) % 8 : 7;
    if (value == 0) {
      add_object(r, depth - 1);
    } else if (value == 1) {
      wm_buf_append_byte(&r->doc, '[');
      add_object(r, depth - 1);
      wm_buf_append_byte(&r->doc, ']');
    } else {
      wm_buf_append_byte(&r->doc, '0');
    }
  }
  wm_buf_append_byte(&r->doc, '}');
}

/* How many times `needle` occurs in the NUL-terminated text. */
static size_t occurrences(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *at = text; (at = strstr(at, needle)); at++) n++;
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static recipe r;
  r.data = data, r.size = size, r.at = 0, r.count = 0, r.serial = 0;
  wm_buf_init(&r.doc);
  add_object(&r, 3);
  if (wm_buf_failed(&r.doc)) abort();
  size_t repeats = 0;
  for (size_t i = 0; i < r.count; i++) repeats += r.keys[i].first != NONE;

  /* the table, key by key, against the naive answers */
  json_reader reader;
  json_reader_options options = {false, false, false, 0};
  json_reader_init(&reader, r.doc.data, r.doc.len, wm_scan_scalar(), &options);
  json_keys keys;
  json_keys_init(&keys, r.doc.data);
  json_token token;
  size_t seen = 0;
  while ((token = json_reader_next(&reader)) > JSON_ERROR) {
    const json_key_entry *first = json_keys_feed(&keys, &reader, token);
    if (token != JSON_KEY) continue;
    const key *k = &r.keys[seen++];
    if (reader.start != k->start) abort();
    if (k->first == NONE ? first != NULL : !first || first->start != r.keys[k->first].start) abort();
  }
  if (token != JSON_END || seen != r.count || keys.failed) abort();
  json_keys_free(&keys);
  json_reader_free(&reader);

  /* the op: a warning a repeat (up to the list's 1000), the same bytes with either kernel table */
  static const char warn[] = "{\"duplicateKeys\":\"warn\"}";
  wm_result *simd = wm_module_call(&wm_json_module, "validate", 8, r.doc.data, r.doc.len, warn, sizeof warn - 1, 0);
  wm_result *scalar =
      wm_module_call(&wm_json_module, "validate", 8, r.doc.data, r.doc.len, warn, sizeof warn - 1, WM_CALL_FORCE_SCALAR);
  if (simd->status != WM_OK || scalar->diagnostics_len != simd->diagnostics_len ||
      memcmp(simd->diagnostics, scalar->diagnostics, simd->diagnostics_len) != 0 ||
      occurrences(simd->diagnostics, "\"code\":\"duplicate-key\"") != (repeats < 1000 ? repeats : 1000))
    abort();
  wm_result_free(simd);
  wm_result_free(scalar);
  for (size_t i = 0; i < r.count; i++) wm_buf_free(&r.keys[i].text);
  wm_buf_free(&r.doc);
  return 0;
}
