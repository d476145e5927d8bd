// The json module's convenience functions.
import { getDefaultRuntime } from './runtime.js';

/**
 * Validates JSON text (string or UTF-8 bytes).
 * @param {string | Uint8Array} input
 * @param {{ mode?: 'strict' | 'jsonc', maxDepth?: number, allowBom?: boolean, allowLoneSurrogates?: boolean }} [options]
 */
export async function validateJson(input, options) {
  const result = await getDefaultRuntime().call('json', 'validate', input, options);
  return {
    valid: result.status === 'ok',
    errors: result.diagnostics.filter((d) => d.severity === 'error'),
    warnings: result.diagnostics.filter((d) => d.severity === 'warning'),
  };
}
