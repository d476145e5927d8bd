/*
 * Duplicate keys. RFC 8259 says names SHOULD be unique and leaves the rest to
 * the reader (JSON.parse keeps the last, others the first), so validate can
 * allow them, warn, or reject them. Keys are compared by their decoded text,
 * so "a" and "\u0061" are the same key.
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
  size_t start, end; /* the key's literal in the document */
} json_key_entry;

typedef struct json_keys {
  const uint8_t *p;
  json_key_entry *table; /* open addressing; object == 0 marks a free slot */
  size_t capacity, count;
  wm_buf arena;   /* decoded text of keys that hold escapes */
  wm_buf objects; /* per open level: the serial of the object there (0 for arrays) */
  size_t serial;
  bool failed; /* out of memory */
} json_keys;

void json_keys_init(json_keys *self, const uint8_t *p);
void json_keys_free(json_keys *self);

/*
 * Feeds the reader's last token. For a key that repeats one of its object's
 * keys, returns the earlier entry (valid until the next call); else NULL.
 */
const json_key_entry *json_keys_feed(json_keys *self, const json_reader *reader, json_token token);

#endif /* WASMOD_JSON_KEYS_H */
