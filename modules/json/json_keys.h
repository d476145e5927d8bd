/*
 * Duplicate keys. RFC 8259 says names SHOULD be unique and leaves the rest to
 * the reader (JSON.parse keeps the last, others the first), so validate can
 * allow them, warn, or reject them. Keys are compared by their decoded text,
 * so "a" and "\u0061" are the same key.
 *
 * The set of keys seen is a hash table whose buckets are balanced trees, so
 * crafted keys that share a bucket cost O(log n) comparisons each, never
 * O(n): the hash is fixed (a module has no random source, and the output must
 * be the same on every engine), so it cannot be kept secret from an attacker.
 */
#ifndef WASMOD_JSON_KEYS_H
#define WASMOD_JSON_KEYS_H

#include "json_reader.h"
#include "wasmod/buf.h"

typedef struct json_key_entry {
  size_t object; /* serial number of the object the key belongs to */
  uint64_t hash;
  size_t text, text_len; /* decoded text: in the document, or in the arena */
  bool text_in_arena;
  uint8_t level;       /* the bucket's AA tree: the node's level (1 for a leaf) */
  size_t left, right;  /* ... and its children, as indexes into entries (0: none) */
  size_t start, end;   /* the key's literal in the document */
} json_key_entry;

typedef struct json_keys {
  const uint8_t *p;
  json_key_entry *entries; /* entries[0] is unused: index 0 means "none" */
  size_t count, entries_cap;
  size_t *buckets; /* per bucket: the index of its tree's root, 0 when empty */
  unsigned bits;   /* 2^bits buckets (none while bits is 0) */
  wm_buf arena;    /* decoded text of keys that hold escapes */
  wm_buf objects;  /* per open level: the serial of the object there (0 for arrays) */
  size_t serial;
  size_t compares; /* key comparisons so far: tests hold them to O(n log n) */
  bool failed;     /* out of memory */
} json_keys;

void json_keys_init(json_keys *self, const uint8_t *p);
void json_keys_free(json_keys *self);

/*
 * Feeds the reader's last token. For a key that repeats one of its object's
 * keys, returns the earlier entry (valid until the next call); else NULL.
 */
const json_key_entry *json_keys_feed(json_keys *self, const json_reader *reader, json_token token);

/* The hash of a key's decoded text in the object with that serial number, and its bucket of 2^bits. */
uint64_t json_keys_hash(size_t object, const uint8_t *text, size_t len);
size_t json_keys_bucket(uint64_t hash, unsigned bits);

#endif /* WASMOD_JSON_KEYS_H */
