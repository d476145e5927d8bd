#!/usr/bin/env node
// Rewrites a linked .wasm in place so that its active data segments are joined
// across the zero gaps between them: node join-data-segments.mjs <file.wasm>.
//
// Why: the link-time optimizer drops every run of zeros from the data (the
// memory starts zeroed), which cuts a grammar's parse tables into thousands of
// segments. Each segment header (offset, length) is a few bytes that gzip
// cannot compress, while a run of zeros costs it almost nothing: joining them
// back makes the file larger raw and about a third smaller gzipped for the
// larger grammars. The memory the data lands in is the same byte for byte.
//
// Only the plain form is touched (active segments of memory 0 at an i32.const
// offset, in order, not overlapping); any other module is left as it is.
import { readFileSync, writeFileSync } from 'node:fs';

import { encodeSection, i32, readSections, reader, u32 } from './wasm-binary.mjs';

// Gaps up to this size are filled with zeros; a larger one (a big zeroed
// array in the middle of the data) stays a gap.
const MAX_GAP = 64 * 1024;
const DATA = 11;
const DATA_COUNT = 12;

/** The segments of a data section payload, or null when they are not all plain active ones. */
function parseSegments(bytes, start) {
  const r = reader(bytes, start);
  const segments = [];
  for (let count = r.u32(); count > 0; count--) {
    if (r.u32() !== 0 || r.byte() !== 0x41) return null; // active, memory 0, i32.const
    const offset = r.i32();
    if (r.byte() !== 0x0b) return null;
    const length = r.u32();
    segments.push({ offset, data: bytes.subarray(r.pos, r.pos + length) });
    r.pos += length;
  }
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1];
    if (segments[i].offset < previous.offset + previous.data.length) return null;
  }
  return segments;
}

function joinSegments(segments) {
  const joined = [];
  for (const s of segments) {
    const last = joined.at(-1);
    const gap = last ? s.offset - (last.offset + last.length) : Infinity;
    if (gap <= MAX_GAP) {
      last.parts.push(new Uint8Array(gap), s.data);
      last.length += gap + s.data.length;
    } else {
      joined.push({ offset: s.offset, length: s.data.length, parts: [s.data] });
    }
  }
  return joined;
}

function encodeData(joined) {
  const chunks = [Uint8Array.from(u32(joined.length))];
  for (const s of joined) {
    chunks.push(Uint8Array.from([0, 0x41, ...i32(s.offset), 0x0b, ...u32(s.length)]), ...s.parts);
  }
  return chunks;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: join-data-segments.mjs <file.wasm>');
  process.exit(2);
}
const bytes = readFileSync(file);
const sections = readSections(bytes);
const data = sections.find((s) => s.id === DATA);
const segments = data && parseSegments(bytes, data.start);
if (!segments) process.exit(0);
const joined = joinSegments(segments);
if (joined.length === segments.length) process.exit(0);

const out = [bytes.subarray(0, 8)];
for (const s of sections) {
  let payload = [bytes.subarray(s.start, s.end)];
  if (s.id === DATA) payload = encodeData(joined);
  if (s.id === DATA_COUNT) payload = [Uint8Array.from(u32(joined.length))];
  out.push(...encodeSection(s.id, payload));
}
writeFileSync(file, Buffer.concat(out));
