// The code modules' convenience functions (the main entry's and 'wasmod/code'):
// source as a string or UTF-8 bytes, Promises out. The language comes from
// options.language or, failing that, from the extension of options.filename;
// each language is its own module (code-javascript, code-python, ...), whose
// .wasm is fetched the first time it is used.
import languageModules from '../../dist/modules/code-languages.js';
import { ErrorCode, WasmodError, statusError } from './errors.js';
import { splitCallOptions } from './config.js';
import { sharedRuntime } from './runtime.js';

export { ErrorCode, WasmodError };

const decoder = new TextDecoder();

/** The languages and the file extensions that select them (from the modules' manifests). */
export const codeLanguages = Object.freeze(Object.fromEntries(Object.entries(languageModules).map(([name, m]) => [name, Object.freeze([...m.extensions])])));

const ALIASES = { js: 'javascript', ts: 'typescript', py: 'python' };

/**
 * The language of a call: options.language (a name or an alias such as 'js'),
 * else the one options.filename's extension selects.
 * @param {{ language?: string, filename?: string }} [options]
 * @returns {string}
 */
export function codeLanguageOf(options = {}) {
  const { language, filename } = options;
  if (language !== undefined) {
    const name = ALIASES[language] ?? language;
    if (Object.hasOwn(codeLanguages, name)) return name;
    throw new WasmodError(ErrorCode.MODULE_NOT_FOUND,
      `no code module for language '${language}' (known: ${Object.keys(codeLanguages).join(', ')})`);
  }
  if (typeof filename === 'string') {
    const dot = filename.lastIndexOf('.');
    const ext = dot >= 0 ? filename.slice(dot).toLowerCase() : '';
    for (const [name, extensions] of Object.entries(codeLanguages)) if (extensions.includes(ext)) return name;
    throw new WasmodError(ErrorCode.MODULE_NOT_FOUND,
      `no code module for the extension of '${filename}' (known: ${Object.values(codeLanguages).flat().join(' ')})`);
  }
  throw new WasmodError(ErrorCode.BAD_OPTIONS, 'say which language: options.language or options.filename');
}

/** Runs `op` on the language's module (the shared runtime knowing it); options other than language/filename go to the module. */
async function call(op, source, options = {}, extra = {}) {
  const { language, filename, ...moduleOptions } = options;
  const descriptor = languageModules[codeLanguageOf({ language, filename })];
  const [opOptions, callOptions] = splitCallOptions(moduleOptions);
  const result = await sharedRuntime([descriptor]).call(descriptor.name, op, source, { ...opOptions, ...extra }, callOptions);
  return { module: descriptor.name, result };
}

async function json(op, source, options, extra) {
  const { module, result } = await call(op, source, options, extra);
  if (result.status !== 'ok') throw statusError(result.status, result.diagnostics, module, op);
  return { ...JSON.parse(decoder.decode(result.output)), diagnostics: result.diagnostics };
}

/**
 * Syntax errors: { valid, errors, warnings }. Warnings with the code
 * 'grammar-limit' mark errors that may be the grammar's limit (C macros,
 * TypeScript variance annotations) rather than the author's.
 * @param {string | Uint8Array} source
 * @param {{ language?: string, filename?: string, maxBytes?: number }} [options]
 */
export async function validateCode(source, options) {
  const { module, result } = await call('validate', source, options);
  if (result.status !== 'ok' && result.status !== 'invalid-input') throw statusError(result.status, result.diagnostics, module, 'validate');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return { valid: errors.length === 0, errors, warnings: result.diagnostics.filter((d) => d.severity === 'warning') };
}

/**
 * Functions (complexity, nesting, parameters, lines), classes, imports,
 * exports, totals and the number of syntax errors; code with syntax errors is
 * analysed as far as the parser recovers.
 * @param {string | Uint8Array} source
 * @param {{ language?: string, filename?: string, maxBytes?: number }} [options]
 */
export function analyzeCode(source, options) {
  return json('analyze', source, options);
}

/**
 * The symbol tree: classes and named functions, nested.
 * @param {string | Uint8Array} source
 * @param {{ language?: string, filename?: string, maxBytes?: number }} [options]
 */
export function outlineCode(source, options) {
  return json('outline', source, options);
}

/**
 * Runs a tree-sitter query (S-expressions) and returns its captures.
 * A malformed query is a WasmodError E_BAD_OPTIONS whose message has the offset.
 * @param {string | Uint8Array} source
 * @param {string} query
 * @param {{ language?: string, filename?: string, maxBytes?: number, maxCaptures?: number }} [options]
 */
export async function queryCode(source, query, options) {
  if (typeof query !== 'string') throw new WasmodError(ErrorCode.BAD_OPTIONS, 'the query must be a string');
  return json('query', source, options, { query });
}
