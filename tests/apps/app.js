// The app every bundler builds: what a web page does with wasmod, through the
// package's public API only. The test reads window.wasmodResults once
// document.title is 'done' (or 'failed').
import { analyzeCode, createRuntime, formatJson, validateJson } from 'wasmod';

/** What the page measured, each step's answer or the error code it got. */
async function scenario() {
  const results = {};
  const step = async (name, fn) => {
    try {
      results[name] = await fn();
    } catch (error) {
      results[name] = { error: error.code ?? String(error) };
    }
  };
  await step('validate', async () => {
    const { valid, errors } = await validateJson('{"a": [1 2]}');
    return { valid, line: errors[0]?.line, column: errors[0]?.column, code: errors[0]?.code };
  });
  await step('format', () => formatJson('{"n":12345678901234567890}', { indent: 0 }));
  await step('javascript', async () => {
    const { functions } = await analyzeCode('function pick(a, b) {\n  if (a && b) return a;\n  return b ?? 0;\n}\n', { language: 'javascript' });
    return functions.map((f) => [f.name, f.complexity]);
  });
  await step('python', async () => {
    const { functions } = await analyzeCode('def pick(a, b):\n    if a and b:\n        return a\n    return b\n', { language: 'python' });
    return functions.map((f) => [f.name, f.complexity]);
  });
  await step('pool', async () => {
    const rt = await createRuntime({ workers: 1 });
    const source = 'function f(a) { if (a) { return g(a); } return 0; }\n'.repeat(40000);
    let timedOut;
    try {
      await rt.call('code-javascript', 'analyze', source, undefined, { timeoutMs: 1 });
      timedOut = 'answered';
    } catch (error) {
      timedOut = error.code;
    }
    const next = await rt.call('json', 'validate', '[1]');
    const engine = next.engine;
    await rt.close();
    return { timedOut, next: next.status, engine };
  });
  return results;
}

/** With ?tamper the server corrupts every .wasm it sends: nothing may run. */
async function tampered() {
  try {
    await formatJson('[1]');
    return { format: 'ran' };
  } catch (error) {
    return { format: error.code };
  }
}

export async function start() {
  try {
    globalThis.wasmodResults = await (location.search.includes('tamper') ? tampered() : scenario());
    document.title = 'done';
  } catch (error) {
    globalThis.wasmodResults = { failed: String(error) };
    document.title = 'failed';
  }
}
