// wasmod: the package's public API.
export { ErrorCode, WasmodError } from './errors.js';
export { Runtime, createRuntime, getDefaultRuntime } from './runtime.js';
export { Registry, parseModuleSpec } from './registry.js';
export { satisfies, parseRange, parseVersion, compareVersions } from './semver.js';
export { sha256Hex } from './loader.js';
export { formatJson, jsonStats, minifyJson, queryJson, formatNdjson, validateJson, validateNdjson } from './json.js';
export { analyzeCode, codeLanguageOf, codeLanguages, outlineCode, queryCode, validateCode } from './code.js';
