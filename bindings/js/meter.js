// Metering: a module's bytes rewritten so that its calls can be given a CPU
// budget, on any thread. An exported mutable i64 global, `wm_fuel`, is charged
// at every function entry and every loop iteration with the static cost of
// the code that point starts: the instructions of the function (or loop) body
// outside its nested loops. When the fuel goes below zero the module traps.
// The charge depends only on the code and the path taken, so the same call
// costs the same units on every run. Nothing else moves: globals, functions
// and types keep their indices (the global is appended), so the module's
// behaviour is unchanged but for the check. The rewriter reads the binary as
// untrusted input: anything it cannot read is an E_BAD_MODULE with the reason.
import { ErrorCode, WasmodError } from './errors.js';

/** Changes when the units change: compiled metered modules are cached under it. */
export const METER_VERSION = 2;
/** The name of the exported fuel global. */
export const FUEL_EXPORT = 'wm_fuel';
/** The largest budget the i64 counter is given (it starts there when no budget is set). */
export const MAX_BUDGET = 2n ** 62n;

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    Object.assign(this, { bytes, pos, end });
  }

  fail(what) {
    throw new WasmodError(ErrorCode.BAD_MODULE, `cannot meter this module: ${what} at byte ${this.pos}`);
  }

  byte() {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++];
  }

  u32() {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
    return this.fail('an over-long LEB128 number');
  }

  /** A signed LEB128 of up to `bits` bits, skipped. */
  skipSigned(bits) {
    for (let n = 0; n < Math.ceil(bits / 7); n++) if (!(this.byte() & 0x80)) return;
    this.fail('an over-long LEB128 number');
  }

  skip(n) {
    if (this.pos + n > this.end) this.fail('unexpected end');
    this.pos += n;
  }
}

function uleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb64(n) {
  const out = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && !(b & 0x40)) || (n === -1n && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

// The immediates of each opcode, as a kind (a number: the loop below runs once per
// instruction of every function, so it does table lookups, not string work).
const NONE = 0, U32 = 1, U32_U32 = 2, BLOCK = 3, BR_TABLE = 4, VALTYPES = 5, BYTE = 6, S32 = 7, S64 = 8;
const BYTES4 = 9, BYTES8 = 10, MEMARG = 11, U32_BYTE = 12, BYTE_BYTE = 13, BYTES16 = 14, MEMARG_BYTE = 15, UNKNOWN = 255;
// Opcodes not listed are ones this reader does not know (exceptions, say): a module that has
// one is refused rather than miscounted.
const KIND = new Uint8Array(256).fill(UNKNOWN);
// unreachable, nop, else, end, return, drop, select, the numeric instructions, ref.is_null
for (const op of [0x00, 0x01, 0x05, 0x0b, 0x0f, 0x1a, 0x1b, 0xd1]) KIND[op] = NONE;
for (let op = 0x45; op <= 0xc4; op++) KIND[op] = NONE;
for (const op of [0x02, 0x03, 0x04]) KIND[op] = BLOCK;
for (const op of [0x0c, 0x0d, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xd2]) KIND[op] = U32;
for (const op of [0x11, 0x13]) KIND[op] = U32_U32;
for (let op = 0x28; op <= 0x3e; op++) KIND[op] = MEMARG;
Object.assign(KIND, { [0x0e]: BR_TABLE, [0x1c]: VALTYPES, [0x3f]: BYTE, [0x40]: BYTE, [0x41]: S32, [0x42]: S64, [0x43]: BYTES4, [0x44]: BYTES8, [0xd0]: BYTE });
// 0xFC: saturating truncation (0-7), bulk memory and tables (8-17).
const MISC = [NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, U32_BYTE, U32, BYTE_BYTE, BYTE, U32_U32, U32, U32_U32, U32, U32, U32];
// 0xFD: SIMD. Loads and stores take a memarg, v128.const and i8x16.shuffle 16 bytes, lane ops a lane byte.
function simdKind(op) {
  if (op <= 11 || op === 92 || op === 93) return MEMARG;
  if (op === 12 || op === 13) return BYTES16;
  if (op >= 21 && op <= 34) return BYTE;
  if (op >= 84 && op <= 91) return MEMARG_BYTE;
  return NONE;
}

function skipImmediates(r, kind) {
  switch (kind) {
    case NONE: return;
    case U32: r.u32(); return;
    case U32_U32: r.u32(); r.u32(); return;
    case U32_BYTE: r.u32(); r.byte(); return;
    case BYTE: r.byte(); return;
    case BYTE_BYTE: r.byte(); r.byte(); return;
    case S32: r.skipSigned(32); return;
    case S64: r.skipSigned(64); return;
    case BYTES4: r.skip(4); return;
    case BYTES8: r.skip(8); return;
    case BYTES16: r.skip(16); return;
    case MEMARG:
    case MEMARG_BYTE: {
      if (r.u32() & 0x40) r.u32(); // the alignment; a memory index (multi-memory)
      r.u32();
      if (kind === MEMARG_BYTE) r.byte();
      return;
    }
    case BLOCK: {
      const b = r.bytes[r.pos];
      if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.byte();
      else r.skipSigned(33); // a type index
      return;
    }
    case BR_TABLE:
      for (let n = r.u32(); n >= 0; n--) r.u32();
      return;
    case VALTYPES:
      for (let n = r.u32(); n > 0; n--) r.byte();
      return;
    default:
      r.fail(`an instruction 0x${r.bytes[r.pos - 1].toString(16).padStart(2, '0')} it does not know`);
  }
}

/** Bytes appended in pieces (large bodies never go through a spread). */
class Writer {
  #pieces = [];
  length = 0;

  push(piece) {
    const bytes = piece instanceof Uint8Array ? piece : Uint8Array.from(piece);
    this.#pieces.push(bytes);
    this.length += bytes.length;
  }

  bytes() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.#pieces) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * The bytes that charge `cost` units, and with `check`, trap when the fuel has
 * run out. Only loops check: code runs without end only by looping or by
 * recursing, and recursion ends at the stack's limit (the runtime then finds
 * the fuel spent, as it does after a call that overran its budget in straight code).
 */
function charge(global, cost, check) {
  const g = uleb(global);
  // fuel -= cost; if (fuel < 0) unreachable
  const spend = [0x23, ...g, 0x42, ...sleb64(BigInt(cost)), 0x7d, 0x24, ...g];
  return check ? [...spend, 0x23, ...g, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b] : spend;
}

/**
 * One function body (locals and code, bytes[start..end)) with its charges: at
 * entry, and after each `loop`'s block type.
 * @returns {Writer}
 */
function meterBody(bytes, start, end, global) {
  const r = new Reader(bytes, start, end);
  for (let groups = r.u32(); groups > 0; groups--) {
    r.u32();
    r.byte();
  }
  const codeStart = r.pos;
  // The open blocks (true for a loop); a loop's cost counts its own instructions, those of
  // blocks and ifs within it included, those of nested loops not (the function is a loop here).
  const open = [true];
  const loops = [{ cost: 0, insertAt: codeStart }];
  const costOf = [loops[0]]; // per open loop, innermost last
  let counting = loops[0];
  while (open.length) {
    if (r.pos >= end) r.fail('unexpected end');
    const op = bytes[r.pos++];
    let kind = KIND[op];
    // The commonest immediates read here (a one-byte index or constant); the rest by skipImmediates.
    if ((kind === U32 || kind === S32) && r.pos < end && bytes[r.pos] < 0x80 && (kind === U32 || bytes[r.pos] < 0x40)) r.pos++;
    else {
      if (op === 0xfc) kind = MISC[r.u32()] ?? r.fail('an unknown 0xFC instruction');
      else if (op === 0xfd) kind = simdKind(r.u32());
      skipImmediates(r, kind);
    }
    counting.cost++;
    if (op === 0x03) {
      counting = { cost: 0, insertAt: r.pos };
      loops.push(counting);
      costOf.push(counting);
      open.push(true);
    } else if (op === 0x02 || op === 0x04) {
      open.push(false);
    } else if (op === 0x0b && open.pop()) {
      costOf.pop();
      counting = costOf[costOf.length - 1];
    }
  }
  if (r.pos !== end) r.fail('code after the end of a function');
  const out = new Writer();
  out.push(bytes.subarray(start, codeStart));
  let from = codeStart;
  for (const frame of loops) {
    out.push(bytes.subarray(from, frame.insertAt));
    out.push(charge(global, Math.max(1, frame.cost), frame !== loops[0]));
    from = frame.insertAt;
  }
  out.push(bytes.subarray(from, end));
  return out;
}

// The order sections must come in (by id); custom sections (0) may stand anywhere.
const ORDER = new Map([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [13, 6], [6, 7], [7, 8], [8, 9], [9, 10], [12, 11], [10, 12], [11, 13]]);
const encoder = new TextEncoder();

/** What an import section holds that moves indices: the number of imported globals. */
function importedGlobals(r) {
  let globals = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.skip(r.u32());
    r.skip(r.u32());
    const kind = r.byte();
    if (kind === 0) r.u32();
    else if (kind === 1 || kind === 2) {
      if (kind === 1) r.byte();
      const flags = r.byte();
      r.u32();
      if (flags & 1) r.u32();
    } else if (kind === 3) {
      r.byte();
      r.byte();
      globals++;
    } else r.fail(`an import of unknown kind ${kind}`);
  }
  return globals;
}

/**
 * The module's bytes, metered: a mutable i64 global exported as `wm_fuel`
 * (starting at MAX_BUDGET), charged as this file's header says.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array}
 */
export function meterModule(bytes) {
  const r = new Reader(bytes);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) r.fail('no WebAssembly magic number');
  if (bytes[4] !== 1 || bytes[5] || bytes[6] || bytes[7]) r.fail('a WebAssembly version other than 1');
  r.pos = 8;
  const sections = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    if (id !== 0 && !ORDER.has(id)) r.fail(`a section of unknown id ${id}`);
    sections.push({ id, start, end: r.pos });
  }
  let fuel = 0; // the new global's index: after the imported globals and the module's own
  for (const s of sections) {
    if (s.id === 2) fuel += importedGlobals(new Reader(bytes, s.start, s.end));
    if (s.id === 6) fuel += new Reader(bytes, s.start, s.end).u32();
  }
  const fuelGlobal = [0x7e, 0x01, 0x42, ...sleb64(MAX_BUDGET), 0x0b];
  const fuelExport = [...uleb(FUEL_EXPORT.length), ...encoder.encode(FUEL_EXPORT), 0x03, ...uleb(fuel)];
  const out = new Writer();
  out.push([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const put = (id, count, pieces) => {
    const size = uleb(count).length + pieces.reduce((n, p) => n + p.length, 0);
    out.push([id, ...uleb(size), ...uleb(count)]);
    for (const p of pieces) out.push(p);
  };
  let written = 0; // the rank of the last section written
  // A section the module lacks is written where it would have stood.
  const fill = (rank) => {
    if (written < ORDER.get(6) && rank > ORDER.get(6)) put(6, 1, [fuelGlobal]);
    if (written < ORDER.get(7) && rank > ORDER.get(7)) put(7, 1, [fuelExport]);
    written = Math.max(written, rank);
  };
  for (const s of sections) {
    const sr = new Reader(bytes, s.start, s.end);
    if (s.id === 0) {
      out.push([0, ...uleb(s.end - s.start)]);
      out.push(bytes.subarray(s.start, s.end));
      continue;
    }
    const rank = ORDER.get(s.id);
    if (rank <= written) sr.fail(`section ${s.id} out of order`);
    fill(rank - 0.5);
    written = rank;
    if (s.id === 6 || s.id === 7) {
      const count = sr.u32();
      put(s.id, count + 1, [bytes.subarray(sr.pos, s.end), s.id === 6 ? fuelGlobal : fuelExport]);
    } else if (s.id === 10) {
      const bodies = [];
      const count = sr.u32();
      for (let n = 0; n < count; n++) {
        const size = sr.u32();
        const start = sr.pos;
        sr.skip(size);
        const body = meterBody(bytes, start, sr.pos, fuel).bytes();
        bodies.push(Uint8Array.from(uleb(body.length)), body);
      }
      if (sr.pos !== s.end) sr.fail('bytes after the last function body');
      put(10, count, bodies);
    } else {
      out.push([s.id, ...uleb(s.end - s.start)]);
      out.push(bytes.subarray(s.start, s.end));
    }
  }
  fill(Infinity);
  return out.bytes();
}
