// The last engine of the chain: plain JavaScript for the json module's
// `validate` and `format` ops, for when no WebAssembly engine can run.
//
// It is a byte-level tokenizer over the UTF-8 input that copies every lexeme
// as it is (JSON.parse + JSON.stringify would round numbers and rewrite
// escapes), so formatting stays lossless. It supports strict RFC 8259 with
// the options maxDepth and allowBom, and for format also indent and
// finalNewline; jsonc, sortKeys, asciiOnly, allowLoneSurrogates and the other
// ops answer `unsupported`. Diagnostics have the shape and positions of the C
// module's; their wording may differ.

const encoder = new TextEncoder();
export const JS_BASELINE_OPS = ['validate', 'format'];
const READER_OPTIONS = ['mode', 'maxDepth', 'allowBom', 'allowLoneSurrogates', 'duplicateKeys'];
const FORMAT_OPTIONS = ['indent', 'sortKeys', 'asciiOnly', 'finalNewline'];

/** 1-based line and code-point column of a byte offset. */
function locate(bytes, offset) {
  let line = 1, column = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) { line++; column = 1; }
    else if ((bytes[i] & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}

class JsonSyntaxError extends Error {
  constructor(code, offset, message) {
    super(message);
    Object.assign(this, { code, offset });
  }
}

const isDigit = (b) => b >= 0x30 && b <= 0x39;
const describe = (bytes, i) => (i >= bytes.length ? 'the end of the input' : bytes[i] >= 0x20 && bytes[i] < 0x7f ? `'${String.fromCharCode(bytes[i])}'` : `byte 0x${bytes[i].toString(16).padStart(2, '0')}`);

// The end of the string lexeme starting at the quote at i; checks escapes, controls and UTF-8.
function scanString(bytes, i) {
  const start = i++;
  for (;;) {
    if (i >= bytes.length) throw new JsonSyntaxError('unterminated-string', start, 'string is not terminated');
    const b = bytes[i];
    if (b === 0x22) return i + 1;
    if (b < 0x20) throw new JsonSyntaxError('control-character', i, 'control characters must be escaped in strings');
    if (b === 0x5c) {
      const e = bytes[i + 1];
      if (e === 0x75) {
        let unit = 0;
        for (let k = 2; k < 6; k++) {
          const h = bytes[i + k];
          const v = isDigit(h) ? h - 0x30 : (h | 0x20) >= 0x61 && (h | 0x20) <= 0x66 ? (h | 0x20) - 0x57 : -1;
          if (v < 0) throw new JsonSyntaxError('invalid-escape', i, '\\u must be followed by four hex digits');
          unit = unit * 16 + v;
        }
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const next = bytes[i + 6] === 0x5c && bytes[i + 7] === 0x75 ? parseInt(String.fromCharCode(...bytes.subarray(i + 8, i + 12)), 16) : -1;
          if (!(next >= 0xdc00 && next <= 0xdfff)) throw new JsonSyntaxError('lone-surrogate', i, 'high surrogate escape without its low surrogate');
          i += 12;
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          throw new JsonSyntaxError('lone-surrogate', i, 'low surrogate escape without a high surrogate before it');
        } else i += 6;
        continue;
      }
      if (![0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(e)) throw new JsonSyntaxError('invalid-escape', i, `invalid escape sequence in string`);
      i += 2;
      continue;
    }
    if (b < 0x80) { i++; continue; }
    // UTF-8: lead byte, continuation count, and the range of the second byte (no overlongs, no surrogates).
    const [n, lo, hi] = b >= 0xc2 && b <= 0xdf ? [1, 0x80, 0xbf] : b === 0xe0 ? [2, 0xa0, 0xbf] : b === 0xed ? [2, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [2, 0x80, 0xbf] : b === 0xf0 ? [3, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [3, 0x80, 0xbf] : b === 0xf4 ? [3, 0x80, 0x8f] : [0];
    let ok = n > 0 && bytes[i + 1] >= lo && bytes[i + 1] <= hi;
    for (let k = 2; ok && k <= n; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (!ok) throw new JsonSyntaxError('invalid-utf8', i, 'invalid UTF-8 in string');
    i += n + 1;
  }
}

function scanNumber(bytes, i) {
  const start = i;
  if (bytes[i] === 0x2d) i++;
  if (bytes[i] === 0x30) i++;
  else if (isDigit(bytes[i])) while (isDigit(bytes[i])) i++;
  else throw new JsonSyntaxError('invalid-number', start, 'a number needs digits');
  if (bytes[i] === 0x2e) {
    if (!isDigit(bytes[++i])) throw new JsonSyntaxError('invalid-number', i, 'a fraction needs digits after the point');
    while (isDigit(bytes[i])) i++;
  }
  if ((bytes[i] | 0x20) === 0x65) {
    i++;
    if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
    if (!isDigit(bytes[i])) throw new JsonSyntaxError('invalid-number', i, 'an exponent needs digits');
    while (isDigit(bytes[i])) i++;
  }
  if (isDigit(bytes[i]) && bytes[start + (bytes[start] === 0x2d ? 1 : 0)] === 0x30 && i === start + (bytes[start] === 0x2d ? 2 : 1))
    throw new JsonSyntaxError('leading-zero', start, 'numbers cannot have leading zeros');
  return i;
}

const LITERALS = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

/**
 * Walks the document without recursion, calling emit(kind, start, end) for each
 * token: 'open' / 'close' (one bracket), 'key' and 'scalar' (a lexeme).
 */
function walk(bytes, { maxDepth, allowBom }, emit) {
  let i = allowBom && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const stack = []; // 0x7b or 0x5b
  const skip = () => { while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++; };
  const expect = (what) => { throw new JsonSyntaxError(i >= bytes.length ? 'unexpected-end' : 'unexpected-character', i, `expected ${what}, found ${describe(bytes, i)}`); };
  for (;;) {
    // A value.
    skip();
    const b = bytes[i];
    if (b === 0x7b || b === 0x5b) {
      if (maxDepth && stack.length >= maxDepth) throw new JsonSyntaxError('depth-limit', i, `nesting deeper than maxDepth (${maxDepth})`);
      stack.push(b);
      emit('open', i, ++i);
      skip();
      if (bytes[i] === b + 2) { emit('close', i, ++i); stack.pop(); }
      else if (b === 0x7b) {
        if (bytes[i] !== 0x22) expect("a string key or '}'");
        const end = scanString(bytes, i);
        emit('key', i, end);
        i = end;
        skip();
        if (bytes[i++] !== 0x3a) { i--; expect("':' after the key"); }
        continue;
      } else continue;
    } else if (b === 0x22) {
      const end = scanString(bytes, i);
      emit('scalar', i, end);
      i = end;
    } else if (b === 0x2d || isDigit(b)) {
      const end = scanNumber(bytes, i);
      emit('scalar', i, end);
      i = end;
    } else if (LITERALS[b]) {
      const word = LITERALS[b];
      for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) { i += k; expect(`'${word}'`); }
      emit('scalar', i, (i += word.length));
    } else expect('a value');
    // After a value: ',' or the end of containers.
    for (;;) {
      skip();
      if (!stack.length) {
        if (i < bytes.length) expect('the end of the input after the document');
        return;
      }
      const top = stack[stack.length - 1];
      if (bytes[i] === top + 2) { emit('close', i, ++i); stack.pop(); continue; }
      if (bytes[i] !== 0x2c) expect(`',' or '${String.fromCharCode(top + 2)}'`);
      i++;
      if (top === 0x7b) {
        skip();
        if (bytes[i] !== 0x22) expect('a string key');
        const end = scanString(bytes, i);
        emit('key', i, end);
        i = end;
        skip();
        if (bytes[i] !== 0x3a) expect("':' after the key");
        i++;
      }
      break;
    }
  }
}

/** Lays tokens out like JSON.stringify(value, null, indent), copying lexemes. */
function formatter(bytes, indentUnit) {
  const chunks = [];
  let depth = 0, afterOpen = false, needComma = false;
  const newline = () => { if (indentUnit) chunks.push(`\n${indentUnit.repeat(depth)}`); };
  const begin = () => {
    if (needComma) chunks.push(',');
    if (afterOpen || needComma) newline();
    afterOpen = needComma = false;
  };
  const text = (start, end) => new TextDecoder().decode(bytes.subarray(start, end));
  return {
    emit(kind, start, end) {
      if (kind === 'open') { begin(); chunks.push(text(start, end)); depth++; afterOpen = true; return; }
      if (kind === 'close') {
        depth--;
        if (!afterOpen) newline();
        chunks.push(text(start, end));
        afterOpen = false;
        needComma = true;
        return;
      }
      if (kind === 'key') { begin(); chunks.push(text(start, end), indentUnit ? ': ' : ':'); return; }
      if (chunks.length && !needComma && !afterOpen) chunks.push(text(start, end)); // the value of a key
      else { begin(); chunks.push(text(start, end)); }
      needComma = true;
    },
    text: () => chunks.join(''),
  };
}

function unsupported(message) {
  return { status: 'unsupported', output: new Uint8Array(0), diagnostics: [{ severity: 'error', code: 'unsupported', message, offset: 0, line: 1, column: 1 }] };
}

function badOption(message) {
  return { status: 'bad-options', output: new Uint8Array(0), diagnostics: [{ severity: 'error', code: 'bad-option', message, offset: 0, line: 1, column: 1 }] };
}

/**
 * Runs a json op in plain JavaScript. Same result shape as a module call.
 * @param {string} op
 * @param {string | Uint8Array} input
 * @param {object | string} [options]
 */
export function runJsonBaseline(op, input, options = {}) {
  if (!JS_BASELINE_OPS.includes(op)) return unsupported(`the JavaScript baseline has no op '${op}' (it has ${JS_BASELINE_OPS.join(', ')})`);
  const opts = typeof options === 'string' ? (options ? JSON.parse(options) : {}) : options ?? {};
  const known = op === 'format' ? [...READER_OPTIONS, ...FORMAT_OPTIONS] : READER_OPTIONS;
  for (const key of Object.keys(opts)) if (!known.includes(key)) return badOption(`unknown option '${key}'`);
  if ((opts.mode ?? 'strict') !== 'strict' || opts.sortKeys || opts.asciiOnly || opts.allowLoneSurrogates || (opts.duplicateKeys ?? 'allow') !== 'allow')
    return unsupported('the JavaScript baseline supports strict mode without sortKeys, asciiOnly, allowLoneSurrogates or duplicateKeys checks');
  const indent = opts.indent ?? 2;
  if (!(indent === '\t' || (Number.isInteger(indent) && indent >= 0 && indent <= 16))) return badOption('option \'indent\' must be an integer from 0 to 16 or "\\t"');
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const layout = op === 'format' ? formatter(bytes, indent === '\t' ? '\t' : ' '.repeat(indent)) : null;
  try {
    walk(bytes, { maxDepth: opts.maxDepth ?? 10000, allowBom: Boolean(opts.allowBom) }, layout ? layout.emit : () => {});
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const diagnostic = { severity: 'error', code: error.code, message: error.message, offset: error.offset, ...locate(bytes, error.offset) };
    return { status: 'invalid-input', output: new Uint8Array(0), diagnostics: [diagnostic] };
  }
  const output = layout ? encoder.encode(layout.text() + (opts.finalNewline ? '\n' : '')) : new Uint8Array(0);
  return { status: 'ok', output, diagnostics: [] };
}
