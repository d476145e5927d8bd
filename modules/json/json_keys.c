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
  free(self->entries);
  free(self->buckets);
  wm_buf_free(&self->arena);
  wm_buf_free(&self->objects);
  self->entries = NULL;
  self->buckets = NULL;
}

static const uint8_t *text_of(const json_keys *k, const json_key_entry *e) {
  return (e->text_in_arena ? k->arena.data : k->p) + e->text;
}

/* FNV-1a over the decoded text, mixed with the object's serial. */
uint64_t json_keys_hash(size_t object, const uint8_t *t, size_t n) {
  uint64_t h = 14695981039346656037ull ^ (uint64_t)object;
  for (size_t i = 0; i < n; i++) h = (h ^ t[i]) * 1099511628211ull;
  return h;
}

/*
 * The top bits of the hash times a large odd constant (Fibonacci hashing), so
 * that every bit of the hash counts: the low k bits of FNV-1a depend only on
 * the low k bits of the state before each byte, which makes keys that share
 * them cheap to craft. (Keys crafted for this index by trial only cost a tree.)
 */
size_t json_keys_bucket(uint64_t hash, unsigned bits) {
  return bits ? (size_t)((hash * 0x9e3779b97f4a7c15ull) >> (64 - bits)) : 0;
}

/* The trees' order: by hash, then object, length and text (a total order on distinct keys). */
static int compare(json_keys *k, const json_key_entry *a, const json_key_entry *b) {
  k->compares++;
  if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
  if (a->object != b->object) return a->object < b->object ? -1 : 1;
  if (a->text_len != b->text_len) return a->text_len < b->text_len ? -1 : 1;
  return a->text_len ? memcmp(text_of(k, a), text_of(k, b), a->text_len) : 0;
}

/* AA tree rotations (Andersson, "Balanced search trees made simple"): the depth stays under 2 log2(n + 1). */
static size_t skew(json_key_entry *e, size_t t) {
  size_t l = e[t].left;
  if (!l || e[l].level != e[t].level) return t;
  e[t].left = e[l].right;
  e[l].right = t;
  return l;
}

static size_t split(json_key_entry *e, size_t t) {
  size_t r = e[t].right;
  if (!r || !e[r].right || e[e[r].right].level != e[t].level) return t;
  e[t].right = e[r].left;
  e[r].left = t;
  e[r].level++;
  return r;
}

/* Inserts entry x into the tree rooted at t unless an equal key is there (then *found is its index). */
static size_t insert(json_keys *k, size_t t, size_t x, size_t *found) {
  json_key_entry *e = k->entries;
  if (!t) return x;
  int c = compare(k, &e[x], &e[t]);
  if (!c) {
    *found = t;
    return t;
  }
  if (c < 0)
    e[t].left = insert(k, e[t].left, x, found);
  else
    e[t].right = insert(k, e[t].right, x, found);
  return *found ? t : split(e, skew(e, t));
}

/* Adds entry x (already in entries) to its bucket; returns the equal key's index, or 0 when x is new. */
static size_t place(json_keys *k, size_t x) {
  json_key_entry *e = &k->entries[x];
  e->left = e->right = 0;
  e->level = 1;
  size_t *root = &k->buckets[json_keys_bucket(e->hash, k->bits)], found = 0;
  *root = insert(k, *root, x, &found);
  return found;
}

/* Room for one more entry, and at most one entry a bucket on average. */
static bool reserve(json_keys *k) {
  if (k->count + 2 > k->entries_cap) {
    size_t cap = k->entries_cap ? k->entries_cap * 2 : 64;
    json_key_entry *entries = realloc(k->entries, cap * sizeof *entries);
    if (!entries) return false;
    k->entries = entries;
    k->entries_cap = cap;
  }
  if (k->bits && k->count + 1 <= (size_t)1 << k->bits) return true;
  unsigned bits = k->bits ? k->bits + 1 : 6;
  size_t *buckets = calloc((size_t)1 << bits, sizeof *buckets);
  if (!buckets) return false;
  free(k->buckets);
  k->buckets = buckets;
  k->bits = bits;
  for (size_t i = 1; i <= k->count; i++) place(k, i);
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
  if (!reserve(self)) return self->failed = true, NULL;
  json_key_entry *e = &self->entries[self->count + 1];
  memset(e, 0, sizeof *e);
  memcpy(&e->object, self->objects.data + self->objects.len - sizeof(size_t), sizeof e->object);
  e->start = reader->start;
  e->end = reader->end;
  const uint8_t *lit = self->p + e->start;
  if (json_string_is_plain(lit, e->end - e->start)) {
    e->text = e->start + 1;
    e->text_len = e->end - e->start - 2;
  } else {
    e->text = self->arena.len;
    json_string_decode(lit, e->end - e->start, &self->arena);
    e->text_len = self->arena.len - e->text;
    e->text_in_arena = true;
    if (wm_buf_failed(&self->arena)) return self->failed = true, NULL;
  }
  e->hash = json_keys_hash(e->object, text_of(self, e), e->text_len);
  size_t found = place(self, self->count + 1);
  if (!found) {
    self->count++;
    return NULL;
  }
  if (e->text_in_arena) self->arena.len = e->text; /* a repeat's text is not kept */
  return &self->entries[found];
}
