// The json module's convenience functions (bindings/js/json.js).
import type { CallOptions, Diagnostic } from './runtime.js';

/** Every option bag also takes the call's own `timeoutMs` and `signal` (as rt.call's last argument). */
export interface JsonReaderOptions extends Pick<CallOptions, 'timeoutMs' | 'signal'> {
  /** 'strict' (RFC 8259, the default) or 'jsonc' (comments and trailing commas allowed). */
  mode?: 'strict' | 'jsonc';
  /** Deepest nesting allowed (default 10000; 0 = no limit). */
  maxDepth?: number;
  /** Accept a UTF-8 byte order mark at the start. */
  allowBom?: boolean;
  /** Accept \uD800-style escapes without their pair. */
  allowLoneSurrogates?: boolean;
}

export interface ValidateJsonOptions extends JsonReaderOptions {
  /** Repeated keys in an object: accepted (default), warnings, or an error. Compared by decoded text. */
  duplicateKeys?: 'allow' | 'warn' | 'error';
}

export interface FormatJsonOptions extends JsonReaderOptions {
  /** Spaces per level (0..16, default 2; 0 minifies) or '\t'. */
  indent?: number | '\t';
  /** Sort object members by key, by code point; stable for repeated keys. */
  sortKeys?: boolean;
  /** Escape every non-ASCII character as \uXXXX. */
  asciiOnly?: boolean;
  /** End the output with a newline. */
  finalNewline?: boolean;
}

export interface ValidateJsonResult {
  valid: boolean;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export interface JsonStats {
  depth: number;
  objects: number;
  arrays: number;
  keys: number;
  strings: number;
  numbers: number;
  booleans: number;
  nulls: number;
  comments: number;
  bytes: number;
}

export declare function validateJson(input: string | Uint8Array, options?: ValidateJsonOptions): Promise<ValidateJsonResult>;
/** Lossless: number lexemes and string escapes are kept. Invalid input rejects with E_INVALID_INPUT. */
export declare function formatJson(input: string | Uint8Array, options?: FormatJsonOptions): Promise<string>;
export declare function minifyJson(input: string | Uint8Array, options?: Omit<FormatJsonOptions, 'indent'>): Promise<string>;
/** The value an RFC 6901 JSON Pointer names, formatted; undefined when it names nothing. */
export declare function queryJson(input: string | Uint8Array, pointer: string, options?: FormatJsonOptions): Promise<string | undefined>;
export declare function jsonStats(input: string | Uint8Array, options?: JsonReaderOptions): Promise<JsonStats>;
/** One document per line; a stream of chunks is validated with bounded memory. */
export declare function validateNdjson(input: string | Uint8Array | AsyncIterable<Uint8Array>, options?: ValidateJsonOptions): Promise<ValidateJsonResult>;
/** Each document minified on its own line; blank lines dropped. */
export declare function formatNdjson(input: string | Uint8Array, options?: Pick<FormatJsonOptions, 'sortKeys' | 'asciiOnly' | keyof JsonReaderOptions>): Promise<string>;
