// The app that only formats and validates JSON, in two spellings: main.js
// imports 'wasmod/json' (every bundler leaves the code modules out), and
// main-entry.js the main entry 'wasmod' (webpack and esbuild leave them out
// too; Vite and Rollup copy every .wasm the package's main entry names).
// The test checks that the build has no code module's .wasm or JS, and runs it.
export async function start(formatJson, validateJson) {
  try {
    const { valid, errors } = await validateJson('{"a": [1 2]}');
    const validate = { valid, line: errors[0]?.line, column: errors[0]?.column, code: errors[0]?.code };
    globalThis.wasmodResults = { validate, format: await formatJson('{"n":12345678901234567890}', { indent: 0 }) };
    document.title = 'done';
  } catch (error) {
    globalThis.wasmodResults = { failed: String(error) };
    document.title = 'failed';
  }
}
