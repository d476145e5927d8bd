// What a call takes as input: a string or bytes. Checked once, before any copy.
import { ErrorCode, WasmodError } from './errors.js';

/**
 * The UTF-8 size of a string, or a bound that already decides `limit`: a
 * string never has fewer bytes than UTF-16 units, nor more than three per unit.
 */
export function inputBytes(input, limit) {
  if (input instanceof Uint8Array) {
    if (input.length === 0 && isDetached(input.buffer))
      throw new WasmodError(ErrorCode.BAD_OPTIONS, 'the input\'s buffer is detached (transferred to a worker by an earlier call?)');
    return input.length;
  }
  if (typeof input !== 'string') throw new WasmodError(ErrorCode.BAD_OPTIONS, 'input must be a string or a Uint8Array');
  // UTF-8 has no lone surrogates: encoding would replace one with U+FFFD, silently changing the input.
  if (input.isWellFormed?.() === false) {
    const at = loneSurrogate(input);
    throw new WasmodError(ErrorCode.INVALID_INPUT, `the input string has a lone surrogate (\\u${input.charCodeAt(at).toString(16)}) at index ${at}, which UTF-8 cannot hold; pass well-formed text or bytes`);
  }
  if (input.length > limit || input.length * 3 <= limit) return input.length;
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

/** The index of the first lone surrogate of a string that has one. */
function loneSurrogate(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if (c >= 0xd800 && c <= 0xdfff) return i;
  }
  return -1;
}

/** Whether an ArrayBuffer was transferred away (a detached one reads as empty). */
export function isDetached(buffer) {
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  try {
    new Uint8Array(buffer); // eslint-disable-line no-new
    return false;
  } catch {
    return true;
  }
}
