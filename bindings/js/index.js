// wasmod: the package's public API.
export { ErrorCode, WasmodError } from './errors.js';
export { Runtime, createRuntime } from './runtime.js';
export { formatJson, jsonStats, minifyJson, queryJson, formatNdjson, validateJson, validateNdjson } from './json.js';
