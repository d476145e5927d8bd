#include "json_keys.h"

#include <stdlib.h>

#include "json_string.h"

void json_keys_init(json_keys *self, const uint8_t *p) {
  memset(self, 0, sizeof *self);
  self->p = p;
  wm_buf_init(&self->arena);
  wm_buf_init(&self->objects);
}

void json_keys_free(json_keys *self) {
  free(self->table);
  wm_buf_free(&self->arena);
  wm_buf_free(&self->objects);
  self->table = NULL;
}

static const uint8_t *text_of(const json_keys *k, const json_key_entry *e) {
  return (e->text_in_arena ? k->arena.data : k->p) + e->text;
}

/* FNV-1a over the decoded text, mixed with the object's serial. */
static uint64_t hash_key(size_t object, const uint8_t *t, size_t n) {
  uint64_t h = 14695981039346656037ull ^ (uint64_t)object;
  for (size_t i = 0; i < n; i++) h = (h ^ t[i]) * 1099511628211ull;
  return h;
}

static bool grow(json_keys *k) {
  size_t capacity = k->capacity ? k->capacity * 2 : 64;
  json_key_entry *table = calloc(capacity, sizeof *table);
  if (!table) return false;
  for (size_t i = 0; i < k->capacity; i++) {
    if (!k->table[i].object) continue;
    size_t j = k->table[i].hash & (capacity - 1);
    while (table[j].object) j = (j + 1) & (capacity - 1);
    table[j] = k->table[i];
  }
  free(k->table);
  k->table = table;
  k->capacity = capacity;
  return true;
}

const json_key_entry *json_keys_feed(json_keys *self, const json_reader *reader, json_token token) {
  if (self->failed) return NULL;
  if (token == JSON_OBJECT_BEGIN || token == JSON_ARRAY_BEGIN) {
    size_t serial = token == JSON_OBJECT_BEGIN ? ++self->serial : 0;
    wm_buf_append(&self->objects, &serial, sizeof serial);
    self->failed = wm_buf_failed(&self->objects);
    return NULL;
  }
  if (token == JSON_OBJECT_END || token == JSON_ARRAY_END) {
    self->objects.len -= sizeof(size_t);
    return NULL;
  }
  if (token != JSON_KEY) return NULL;
  json_key_entry e = {0};
  memcpy(&e.object, self->objects.data + self->objects.len - sizeof(size_t), sizeof e.object);
  e.start = reader->start;
  e.end = reader->end;
  const uint8_t *lit = self->p + e.start;
  if (json_string_is_plain(lit, e.end - e.start)) {
    e.text = e.start + 1;
    e.text_len = e.end - e.start - 2;
  } else {
    e.text = self->arena.len;
    json_string_decode(lit, e.end - e.start, &self->arena);
    e.text_len = self->arena.len - e.text;
    e.text_in_arena = true;
    if (wm_buf_failed(&self->arena)) return self->failed = true, NULL;
  }
  e.hash = hash_key(e.object, text_of(self, &e), e.text_len);
  if (2 * (self->count + 1) > self->capacity && !grow(self)) return self->failed = true, NULL;
  size_t mask = self->capacity - 1, i = e.hash & mask;
  for (; self->table[i].object; i = (i + 1) & mask) {
    const json_key_entry *old = &self->table[i];
    if (old->hash == e.hash && old->object == e.object && old->text_len == e.text_len &&
        memcmp(text_of(self, old), text_of(self, &e), e.text_len) == 0)
      return old;
  }
  self->table[i] = e;
  self->count++;
  return NULL;
}
