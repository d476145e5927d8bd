// The CLI's exit codes and the error that ends a run with exit 2 before any file is read.

/** Exit codes, as documented in --help. */
export const Exit = Object.freeze({ OK: 0, INVALID: 1, FAILURE: 2 });

/** A usage problem (bad flag, missing argument, op not in this build): exit 2 with a message. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = Exit.FAILURE;
  }
}
