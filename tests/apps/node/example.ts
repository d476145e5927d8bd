// Type-checked against the installed package's declarations (tsc --noEmit).
import { analyzeCode, createRuntime, formatJson, validateJson, WasmodError, type RuntimeOptions } from 'wasmod';

const options: RuntimeOptions = { workers: 1, timeoutMs: 1000, inlineBelowBytes: 0 };
const rt = await createRuntime(options);
const result = await rt.call('json', 'format', '[1]', { indent: 2 }, { timeoutMs: 500 });
const text: string = new TextDecoder().decode(result.output);
const { valid, errors } = await validateJson(text);
const line: number | undefined = errors[0]?.line;
const formatted: string = await formatJson(text);
const { functions } = await analyzeCode('function f() {}', { language: 'javascript' });
const complexity: number = functions[0].complexity;
try {
  await rt.call('nope', 'validate', '');
} catch (error) {
  if (error instanceof WasmodError) console.log(error.code, valid, line, formatted, complexity);
}
await rt.close();
