// The runtime, errors and diagnostics (bindings/js/runtime.js, errors.js).

export type ErrorCodeName =
  | 'E_TIMEOUT' | 'E_MEMORY_LIMIT' | 'E_INPUT_TOO_LARGE' | 'E_LIMIT_EXCEEDED' | 'E_MODULE_NOT_FOUND'
  | 'E_VERSION' | 'E_INTEGRITY' | 'E_ABI' | 'E_BAD_MODULE' | 'E_WORKER_CRASHED' | 'E_CANCELLED'
  | 'E_QUEUE_FULL' | 'E_BAD_OPTIONS' | 'E_UNSUPPORTED' | 'E_INVALID_INPUT' | 'E_INTERNAL';

export declare const ErrorCode: Readonly<{
  TIMEOUT: 'E_TIMEOUT'; MEMORY_LIMIT: 'E_MEMORY_LIMIT'; INPUT_TOO_LARGE: 'E_INPUT_TOO_LARGE';
  LIMIT_EXCEEDED: 'E_LIMIT_EXCEEDED'; MODULE_NOT_FOUND: 'E_MODULE_NOT_FOUND'; VERSION: 'E_VERSION';
  INTEGRITY: 'E_INTEGRITY'; ABI: 'E_ABI'; BAD_MODULE: 'E_BAD_MODULE'; WORKER_CRASHED: 'E_WORKER_CRASHED';
  CANCELLED: 'E_CANCELLED'; QUEUE_FULL: 'E_QUEUE_FULL'; BAD_OPTIONS: 'E_BAD_OPTIONS';
  UNSUPPORTED: 'E_UNSUPPORTED'; INVALID_INPUT: 'E_INVALID_INPUT'; INTERNAL: 'E_INTERNAL';
}>;

/** A diagnostic: positions are 1-based lines and columns counted in code points; offsets in bytes. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  offset: number;
  line: number;
  column: number;
  endOffset?: number;
  endLine?: number;
  endColumn?: number;
}

export declare class WasmodError extends Error {
  constructor(code: ErrorCodeName, message: string, details?: { module?: string; op?: string; diagnostics?: Diagnostic[]; cause?: unknown });
  readonly code: ErrorCodeName;
  readonly module?: string;
  readonly op?: string;
  readonly diagnostics: Diagnostic[];
}

export type Engine = 'wasm-simd' | 'wasm-scalar' | 'native' | 'js';

export interface RuntimeOptions {
  /** Where module files and their index.json live: a URL, a path (Node) or a URL string. */
  moduleUrl?: URL | string;
  /** A custom fetch for module bytes. */
  fetch?: typeof fetch;
  /** Cap on each instance's linear memory, in MiB. */
  maxMemoryMb?: number;
  /** The engines to try, in order. */
  engines?: Engine[];
}

export interface CallResult {
  status: 'ok' | 'invalid-input';
  output: Uint8Array;
  diagnostics: Diagnostic[];
  engine: Engine;
  module: string;
  version: string;
  durationMs: number;
}

export declare class Runtime {
  constructor(options?: RuntimeOptions);
  call(module: string, op: string, input: string | Uint8Array, options?: object): Promise<CallResult>;
  close(): Promise<void>;
}

export declare function createRuntime(options?: RuntimeOptions): Promise<Runtime>;

