/*
 * Object keys crafted against the duplicate-key check (modules/json/json_keys.c),
 * whose hash is 64-bit FNV-1a of the key with its basis xored with the object's
 * serial number (1 for the outermost object):
 *
 * - fnv_collisions: keys whose hashes share their low FNV_COLLISION_BITS bits,
 *   the attack on a table indexed by the hash's low bits. The low k bits of an
 *   FNV state depend only on the low k bits of the state before, so two blocks
 *   that lead one state to the same low bits make a stage, and stages chain:
 *   every key made of one block of each stage shares those bits.
 * - bucket_collisions: keys that share a bucket of the table as it is indexed,
 *   found by trial: what an attacker can always do, at a cost.
 *
 * Keys are alphanumeric: they need no escapes.
 */
#ifndef WASMOD_TEST_CRAFTED_KEYS_H
#define WASMOD_TEST_CRAFTED_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../modules/json/json_keys.h"

#define FNV_COLLISION_BITS 20
#define FNV_COLLISION_MAX_STAGES 24

static const char crafted_alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
#define CRAFTED_ALPHABET_SIZE (sizeof crafted_alphabet - 1)

/* Writes the `len` letters that spell i, least significant first. */
static void crafted_spell(size_t i, char *out, int len) {
  for (int j = 0; j < len; j++, i /= CRAFTED_ALPHABET_SIZE) out[j] = crafted_alphabet[i % CRAFTED_ALPHABET_SIZE];
}

typedef struct fnv_collisions {
  int stages;
  char blocks[FNV_COLLISION_MAX_STAGES][2][3];
} fnv_collisions;

static uint32_t fnv_low_step(uint32_t state, const char *block) {
  for (int i = 0; i < 3; i++) state = ((state ^ (uint8_t)block[i]) * 0x1b3u) & ((1u << FNV_COLLISION_BITS) - 1);
  return state;
}

/* Finds `stages` stages for keys of the object with that serial number; false when out of memory. */
static bool fnv_collisions_find(fnv_collisions *c, size_t object, int stages) {
  const size_t n = CRAFTED_ALPHABET_SIZE * CRAFTED_ALPHABET_SIZE * CRAFTED_ALPHABET_SIZE;
  uint32_t *seen = malloc(sizeof *seen << FNV_COLLISION_BITS); /* state -> stage << 18 | block + 1 */
  if (!seen || stages > FNV_COLLISION_MAX_STAGES) return free(seen), false;
  memset(seen, 0xff, sizeof *seen << FNV_COLLISION_BITS);
  uint32_t state = (uint32_t)((14695981039346656037ull ^ object) & ((1u << FNV_COLLISION_BITS) - 1));
  c->stages = stages;
  for (int s = 0; s < stages; s++) {
    for (size_t i = 0;; i++) {
      if (i == n) return free(seen), false; /* never seen: each stage has hundreds of pairs */
      char block[3];
      crafted_spell(i, block, 3);
      uint32_t next = fnv_low_step(state, block), *slot = &seen[next];
      if (*slot >> 18 == (uint32_t)s) {
        crafted_spell((*slot & 0x3ffff) - 1, c->blocks[s][0], 3);
        memcpy(c->blocks[s][1], block, 3);
        state = next;
        break;
      }
      *slot = (uint32_t)s << 18 | (uint32_t)(i + 1);
    }
  }
  free(seen);
  return true;
}

/* Writes key number i (its bits pick the blocks) to out: 3 * stages bytes, no quotes, no NUL. */
static void fnv_collisions_key(const fnv_collisions *c, size_t i, char *out) {
  for (int s = 0; s < c->stages; s++) memcpy(out + 3 * s, c->blocks[s][(i >> s) & 1], 3);
}

#define BUCKET_KEY_LEN 6

/*
 * Fills keys (count * BUCKET_KEY_LEN bytes) with distinct keys of the object
 * with that serial number that all fall in one bucket of any table of up to
 * 2^bits buckets: about count * 2^bits tries.
 */
static void bucket_collisions(size_t object, unsigned bits, size_t count, char *keys) {
  size_t target = 0;
  for (size_t i = 0, found = 0; found < count; i++) {
    char *key = keys + found * BUCKET_KEY_LEN;
    crafted_spell(i, key, BUCKET_KEY_LEN);
    size_t bucket = json_keys_bucket(json_keys_hash(object, (const uint8_t *)key, BUCKET_KEY_LEN), bits);
    if (!i) target = bucket;
    if (bucket == target) found++;
  }
}

#endif
