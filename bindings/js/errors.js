// One error class for everything wasmod throws, with stable codes.

/** The stable error codes. */
export const ErrorCode = Object.freeze({
  TIMEOUT: 'E_TIMEOUT',
  BUDGET_EXCEEDED: 'E_BUDGET_EXCEEDED',
  MEMORY_LIMIT: 'E_MEMORY_LIMIT',
  INPUT_TOO_LARGE: 'E_INPUT_TOO_LARGE',
  LIMIT_EXCEEDED: 'E_LIMIT_EXCEEDED',
  MODULE_NOT_FOUND: 'E_MODULE_NOT_FOUND',
  VERSION: 'E_VERSION',
  INTEGRITY: 'E_INTEGRITY',
  ABI: 'E_ABI',
  BAD_MODULE: 'E_BAD_MODULE',
  WORKER_CRASHED: 'E_WORKER_CRASHED',
  CANCELLED: 'E_CANCELLED',
  QUEUE_FULL: 'E_QUEUE_FULL',
  BAD_OPTIONS: 'E_BAD_OPTIONS',
  UNSUPPORTED: 'E_UNSUPPORTED',
  INVALID_INPUT: 'E_INVALID_INPUT',
  PERMISSION: 'E_PERMISSION',
  HOST: 'E_HOST',
  STORE: 'E_STORE',
  INTERNAL: 'E_INTERNAL',
});

/** The error code for each non-ok status a module returns (see core/include/wasmod/abi.h). */
export const STATUS_ERROR_CODES = Object.freeze({
  'invalid-input': ErrorCode.INVALID_INPUT,
  'bad-options': ErrorCode.BAD_OPTIONS,
  'limit-exceeded': ErrorCode.LIMIT_EXCEEDED,
  'out-of-memory': ErrorCode.MEMORY_LIMIT,
  unsupported: ErrorCode.UNSUPPORTED,
  internal: ErrorCode.INTERNAL,
});

export class WasmodError extends Error {
  /**
   * @param {string} code one of ErrorCode
   * @param {string} message
   * @param {{ module?: string, op?: string, diagnostics?: object[], cause?: unknown }} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'WasmodError';
    this.code = code;
    if (details.module !== undefined) this.module = details.module;
    if (details.op !== undefined) this.op = details.op;
    this.diagnostics = details.diagnostics ?? [];
  }
}

/** The error for a call that ended with a non-ok status. */
export function statusError(status, diagnostics, module, op) {
  const code = STATUS_ERROR_CODES[status] ?? ErrorCode.INTERNAL;
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
  const where = module && op ? `${module}.${op}: ` : '';
  return new WasmodError(code, `${where}${first ? first.message : status}`, { module, op, diagnostics });
}

/** A WasmodError as plain data, to cross a worker boundary. */
export function serializeError(error) {
  if (error instanceof WasmodError) return { code: error.code, message: error.message, diagnostics: error.diagnostics };
  return { code: ErrorCode.INTERNAL, message: String(error?.message ?? error), diagnostics: [] };
}

/** The WasmodError back from serializeError(), with the call it belongs to. */
export function deserializeError(data, module, op) {
  return new WasmodError(data.code, data.message, { module, op, diagnostics: data.diagnostics });
}
