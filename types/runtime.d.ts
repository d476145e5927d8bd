/// <reference lib="esnext.disposable" />
// The runtime, registry, errors and diagnostics (bindings/js/runtime.js, registry.js, errors.js, semver.js).

export type ErrorCodeName =
  | 'E_TIMEOUT' | 'E_BUDGET_EXCEEDED' | 'E_MEMORY_LIMIT' | 'E_INPUT_TOO_LARGE' | 'E_LIMIT_EXCEEDED' | 'E_MODULE_NOT_FOUND'
  | 'E_VERSION' | 'E_INTEGRITY' | 'E_ABI' | 'E_BAD_MODULE' | 'E_WORKER_CRASHED' | 'E_CANCELLED'
  | 'E_QUEUE_FULL' | 'E_BAD_OPTIONS' | 'E_UNSUPPORTED' | 'E_INVALID_INPUT' | 'E_PERMISSION' | 'E_HOST' | 'E_STORE'
  | 'E_INTERNAL';

export declare const ErrorCode: Readonly<{
  TIMEOUT: 'E_TIMEOUT'; BUDGET_EXCEEDED: 'E_BUDGET_EXCEEDED'; MEMORY_LIMIT: 'E_MEMORY_LIMIT'; INPUT_TOO_LARGE: 'E_INPUT_TOO_LARGE';
  LIMIT_EXCEEDED: 'E_LIMIT_EXCEEDED'; MODULE_NOT_FOUND: 'E_MODULE_NOT_FOUND'; VERSION: 'E_VERSION';
  INTEGRITY: 'E_INTEGRITY'; ABI: 'E_ABI'; BAD_MODULE: 'E_BAD_MODULE'; WORKER_CRASHED: 'E_WORKER_CRASHED';
  CANCELLED: 'E_CANCELLED'; QUEUE_FULL: 'E_QUEUE_FULL'; BAD_OPTIONS: 'E_BAD_OPTIONS';
  UNSUPPORTED: 'E_UNSUPPORTED'; INVALID_INPUT: 'E_INVALID_INPUT'; PERMISSION: 'E_PERMISSION'; HOST: 'E_HOST';
  STORE: 'E_STORE'; INTERNAL: 'E_INTERNAL';
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
  /** Pool workers, up to 256; 0 runs calls inline on this thread. Default 0 in Node, 1 in a browser window. Env: WASMOD_WORKERS. */
  workers?: number;
  /** With a pool, calls on smaller inputs (UTF-8 bytes) without a timeoutMs or signal of their own run inline. Default 0 in Node (every call to the pool), 65536 in a browser window. Env: WASMOD_INLINE_BELOW_BYTES. */
  inlineBelowBytes?: number;
  /** Workers kept warm (started at once, never shrunk away). Env: WASMOD_MIN_WORKERS. */
  minWorkers?: number;
  /** An idle worker above minWorkers stops after this long. Env: WASMOD_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number;
  /** Deadline per call in a pool (0 = none; beyond 2^31-1 ms, Infinity included, none too); overridable per call. Env: WASMOD_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Cap on each instance's linear memory, in MiB (1 to 4096). Env: WASMOD_MAX_MEMORY_MB. */
  maxMemoryMb?: number;
  /** Inputs larger than this (UTF-8 bytes) fail with E_INPUT_TOO_LARGE. Env: WASMOD_MAX_INPUT_BYTES. */
  maxInputBytes?: number;
  /** Calls waiting for a worker beyond this fail with E_QUEUE_FULL. Env: WASMOD_MAX_QUEUE. */
  maxQueue?: number;
  /** Modules ('name' or 'name@range') to load at createRuntime(). */
  preload?: string[];
  /** Where module files and their index.json live: a URL, a path (Node) or a URL string. Env: WASMOD_MODULE_URL. */
  moduleUrl?: URL | string;
  /** A custom fetch for module bytes. */
  fetch?: (url: string) => Promise<Response>;
  /** CPU units each call may spend (0: none); per call too. Env: WASMOD_BUDGET. */
  budget?: number;
  /** The engines to try, in order. Env: WASMOD_ENGINES (comma-separated). */
  engines?: Engine[];
  /** The pool's worker script (default: the package's worker.js). */
  workerUrl?: URL | string;
  /** The key-value store of modules granted kv: a directory (Node), an IndexedDB database name (browsers), or ':memory:'. */
  store?: string;
  /** The app's host functions: a module URL whose exports are HostFunction definitions (each worker imports it), or the definitions themselves (a runtime without workers). */
  hostFunctions?: URL | string | Record<string, HostFunction>;
  /** Where modules' log lines go (capability log); default: the console. */
  onLog?: (entry: { module: string; level: 'debug' | 'info' | 'warn' | 'error'; message: string }) => void;
}

type ValueType = 'i32' | 'i64' | 'f32' | 'f64';

/** An app's host function: bytes in and out (WM_APP_FUNCTION in host.h), or plain numbers with a declared signature. */
export type HostFunction =
  | { signature?: 'bytes'; fn: (input: Uint8Array) => Uint8Array | string }
  | { params: ValueType[]; results: [] | [ValueType]; fn: (...args: (number | bigint)[]) => number | bigint | void };

/** What a registration grants a module (core/include/wasmod/host.h): nothing that is left out. */
export interface Grants {
  /** Its log lines from this level on (true: all). */
  log?: boolean | 'debug' | 'info' | 'warn' | 'error';
  clock?: boolean;
  random?: boolean;
  /** The config it reads with wm_host_config_get. */
  config?: Record<string, string | Uint8Array>;
  /** The keys it may touch (globs: 'user:*'), and whether it may write them. */
  kv?: { keys: string[]; write?: boolean };
  /** The app's host functions it may call (hostFunctions). */
  functions?: string[];
}

export interface CallOptions {
  /** This call's deadline in ms (pool only; 0 = none). */
  timeoutMs?: number;
  /** Cancels the call: E_CANCELLED (a running call's worker is replaced). */
  signal?: AbortSignal;
  /** Hand a Uint8Array input's buffer to the worker instead of copying it (it is detached). */
  transfer?: boolean;
  /** CPU units this call may spend (the module runs metered); past them, E_BUDGET_EXCEEDED. */
  budget?: number;
  /** The keys a call to a module granted kv may touch: keys, or prefixes as 'prefix*' (within its grant, else E_PERMISSION). */
  keys?: string[];
}

export interface CallResult {
  status: 'ok' | 'invalid-input';
  output: Uint8Array;
  diagnostics: Diagnostic[];
  engine: Engine;
  module: string;
  version: string;
  durationMs: number;
  /** The CPU units the call spent, when it had a budget. */
  budgetUsed?: number;
}

export interface BatchCall extends CallOptions {
  module: string;
  op: string;
  input: string | Uint8Array;
  options?: object;
}

/** Where a variant's bytes are, and their sha256 (hex). */
export type VariantSource = { url: URL | string; sha256: string } | { bytes: Uint8Array; sha256: string };

export type ModuleRegistration = {
  name: string;
  /** semver */
  version: string;
  description?: string;
  ops?: { name: string; options: string[] }[];
  /** The host capabilities it may use; none when left out. */
  grants?: Grants;
} & (VariantSource | { variants: { simd?: VariantSource; scalar?: VariantSource } });

export interface ModuleDescriptor {
  name: string;
  version: string;
  description: string;
  ops: { name: string; options: string[] }[];
  builtin: boolean;
  variants: {
    simd?: { file?: string; url?: string; sha256: string; bytes?: number };
    scalar?: { file?: string; url?: string; sha256: string; bytes?: number };
  };
  [fact: string]: unknown;
}

export declare class Registry {
  /** Adds a third-party module (a version registered again replaces it). */
  register(descriptor: ModuleRegistration): ModuleDescriptor;
  /** Every known module version. */
  list(): ModuleDescriptor[];
  /** Newest version of each module whose name, description or ops contain the text. */
  search(text: string): ModuleDescriptor[];
  /** The newest version matching 'name' or 'name@range' (^, ~, x, >=, <, exact, ||). */
  info(spec: string): ModuleDescriptor | undefined;
  /** Like info(), after the index is read; E_MODULE_NOT_FOUND or E_VERSION when nothing matches. */
  resolve(spec: string): Promise<ModuleDescriptor>;
}

export interface ModuleStats {
  calls: number;
  errors: Partial<Record<ErrorCodeName, number>>;
  timeouts: number;
  bytesIn: number;
  bytesOut: number;
  memoryPages: number;
  memoryPeakPages: number;
  memoryLimitHits: number;
  /** CPU units spent by calls with a budget, and calls stopped by theirs. */
  budgetUnits: number;
  budgetHits: number;
  /** Calls refused E_PERMISSION, and keys written by committed calls (host capabilities). */
  permissionDenied: number;
  kvWrites: number;
  coldStartMs: number;
  latencySumMs: number;
  engine: Engine | null;
  version: string | null;
  latencyMs: { p50: number; p95: number; p99: number };
}

export interface PoolStats {
  workers: number;
  busy: number;
  idle: number;
  spare: number;
  queued: number;
  maxWorkers: number;
  spawned: number;
  replaced: number;
  crashed: number;
  timeouts: number;
}

export interface RuntimeStats {
  modules: Record<string, ModuleStats>;
  pool: PoolStats;
  cache: { hits: number; misses: number };
}

export interface Health {
  ok: boolean;
  closed: boolean;
  engines: Partial<Record<Engine, { available: boolean; note?: string }>>;
  modules: Record<string, { engine: Engine; version: string; notes: string[] }>;
  index: string;
  pool: PoolStats;
  settings: Record<string, unknown>;
  environment: Record<string, string>;
}

export declare class Runtime {
  constructor(options?: RuntimeOptions);
  readonly registry: Registry;
  /** Reads the module index and loads the preload modules (createRuntime() does it). */
  init(): Promise<this>;
  call(module: string, op: string, input: string | Uint8Array, options?: object | string, call?: CallOptions): Promise<CallResult>;
  batch(calls: BatchCall[]): Promise<PromiseSettledResult<CallResult>[]>;
  stats(): RuntimeStats;
  /** stats() in the Prometheus text exposition format. */
  metrics(): string;
  health(): Promise<Health>;
  /** Whether close() or destroy() was called. */
  readonly closed: boolean;
  /** Lets accepted calls finish, then stops the workers; every caller gets the same promise. */
  close(): Promise<void>;
  /** Stops now; queued and running calls fail with E_CANCELLED. */
  destroy(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export declare function createRuntime(options?: RuntimeOptions): Promise<Runtime>;
/** The runtime behind the convenience functions (settings from WASMOD_* in Node); made again after it is closed. */
export declare function getDefaultRuntime(): Runtime;

export declare function parseModuleSpec(spec: string): { name: string; range: string };
export declare function satisfies(version: string, range: string): boolean;
export declare function parseRange(range: string): (version: string) => boolean;
export declare function parseVersion(text: string): { major: number; minor: number; patch: number; pre: string[] } | null;
export declare function compareVersions(a: NonNullable<ReturnType<typeof parseVersion>>, b: NonNullable<ReturnType<typeof parseVersion>>): number;
/** Hex sha256 of bytes (node:crypto in Node, WebCrypto in browsers). */
export declare function sha256Hex(bytes: Uint8Array): Promise<string>;
/** Whether this engine runs WebAssembly SIMD (simd128). */
export declare function simdSupported(): boolean;
/** What a module file says of itself, without running any op: rejects with E_BAD_MODULE or E_ABI as the loader would. */
export declare function inspectModule(bytes: Uint8Array): Promise<{
  manifest: Record<string, unknown> & { name: string; version: string };
  abi: [number, number];
  /** The host capabilities it declares. */
  capabilities: string[];
  /** Its imports; functions with their signatures. */
  imports: (WebAssembly.ModuleImportDescriptor & { params?: string[]; results?: string[] })[];
}>;
