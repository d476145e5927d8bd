// The parts of the WebAssembly binary format that the post-link steps read and
// write (join-data-segments.mjs, wasm-capabilities.mjs): LEB128 numbers,
// names, and the module's sections.

/** A cursor over `bytes` from `pos` that reads LEB128 numbers, bytes and names. */
export function reader(bytes, pos) {
  return {
    pos,
    byte() {
      return bytes[this.pos++];
    },
    u32() {
      let result = 0;
      let shift = 0;
      let b;
      do {
        b = bytes[this.pos++];
        result += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      return result;
    },
    i32() {
      let result = 0;
      let shift = 0;
      let b;
      do {
        b = bytes[this.pos++];
        result |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      return shift < 32 && b & 0x40 ? result | (-1 << shift) : result;
    },
    name() {
      const length = this.u32();
      const text = new TextDecoder().decode(bytes.subarray(this.pos, this.pos + length));
      this.pos += length;
      return text;
    },
  };
}

/** The unsigned LEB128 bytes of n. */
export function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The signed LEB128 bytes of n. */
export function i32(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/**
 * The sections of a module after its 8-byte header: { id, header, start, end }
 * of each, where the section begins (its id) and where its payload begins and ends.
 */
export function readSections(bytes) {
  const list = [];
  const r = reader(bytes, 8);
  while (r.pos < bytes.length) {
    const header = r.pos;
    const id = r.byte();
    const size = r.u32();
    list.push({ id, header, start: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return list;
}

/** A section's bytes: its id, its size, then the payload given as chunks. */
export function encodeSection(id, payload) {
  const size = payload.reduce((n, p) => n + p.length, 0);
  return [Uint8Array.from([id, ...u32(size)]), ...payload];
}
