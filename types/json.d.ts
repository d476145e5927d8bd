// The json module's convenience functions (bindings/js/json.js).
import type { Diagnostic } from './runtime.js';

export interface JsonReaderOptions {
  /** 'strict' (RFC 8259, the default) or 'jsonc' (comments and trailing commas allowed). */
  mode?: 'strict' | 'jsonc';
  /** Deepest nesting allowed (default 10000; 0 = no limit). */
  maxDepth?: number;
  /** Accept a UTF-8 byte order mark at the start. */
  allowBom?: boolean;
  /** Accept \uD800-style escapes without their pair. */
  allowLoneSurrogates?: boolean;
}

export interface ValidateJsonResult {
  valid: boolean;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export declare function validateJson(input: string | Uint8Array, options?: JsonReaderOptions): Promise<ValidateJsonResult>;
