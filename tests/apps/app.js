// The app every bundler builds: what a web page does with wasmod, through the
// package's public API only (?tamper and ?failures: what it does when the
// server breaks its modules; ?longtasks: whether long work blocks the page). The test reads window.wasmodResults once
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

/** With ?failures the server breaks module loading (a CSP without wasm, HTML for .wasm): what each module says. */
async function failures() {
  const rt = await createRuntime({ engines: ['wasm-simd', 'wasm-scalar', 'js'] });
  const results = {};
  for (const [name, op, input] of [['json', 'validate', '[1]'], ['code-javascript', 'analyze', 'f()']]) {
    try {
      results[name] = { engine: (await rt.call(name, op, input)).engine };
    } catch (error) {
      results[name] = { code: error.code, message: error.message };
    }
  }
  return results;
}

/** With ?longtasks: the main thread's tasks over 50 ms while a 1 MB JavaScript file is analysed through the main-thread API. */
async function longTasks() {
  // 1 MB in functions of 20 lines: the analysis, not the size of its answer, is what is measured.
  const source = `function f(a, b) {\n${'  if (a) { b = g(a, b ? a : 0); }\n  for (const x of b) g(x);\n'.repeat(10)}}\n`.repeat(1600);
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => Math.round(e.duration))));
  observer.observe({ type: 'longtask' });
  const { functions } = await analyzeCode(source, { language: 'javascript' });
  await new Promise((resolve) => setTimeout(resolve, 200)); // the observer reports after the task
  observer.disconnect();
  return { bytes: source.length, functions: functions.length, longTasks: tasks };
}

export async function start() {
  const search = location.search;
  try {
    const run = search.includes('tamper') ? tampered : search.includes('failures') ? failures : search.includes('longtasks') ? longTasks : scenario;
    globalThis.wasmodResults = await run();
    document.title = 'done';
  } catch (error) {
    globalThis.wasmodResults = { failed: String(error) };
    document.title = 'failed';
  }
}
