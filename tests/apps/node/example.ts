// Type-checked against the installed package's declarations (tsc --noEmit).
import { analyzeCode, createRuntime, formatJson, validateJson, WasmodError, type RuntimeOptions } from 'wasmod';
import { codeLanguages } from 'wasmod/code';
import { minifyJson, ErrorCode } from 'wasmod/json';

const options: RuntimeOptions = { workers: 1, timeoutMs: 1000, inlineBelowBytes: 0 };
const rt = await createRuntime(options);
const result = await rt.call('json', 'format', '[1]', { indent: 2 }, { timeoutMs: 500 });
const text: string = new TextDecoder().decode(result.output);
const { valid, errors } = await validateJson(text);
const line: number | undefined = errors[0]?.line;
const formatted: string = await formatJson(text);
const { functions } = await analyzeCode('function f() {}', { language: 'javascript' });
const complexity: number = functions[0].complexity;
const minified: string = await minifyJson(formatted);
const languages: string[] = Object.keys(codeLanguages);
try {
  await rt.call('nope', 'validate', '');
} catch (error) {
  if (error instanceof WasmodError && error.code === ErrorCode.MODULE_NOT_FOUND) console.log(valid, line, minified, complexity, languages);
}
await rt.close();
