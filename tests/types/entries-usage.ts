// Compiles only if types/ describes the family entries 'wasmod/json' and 'wasmod/code' as they are.
import { ErrorCode, WasmodError, formatJson, validateJson, type FormatJsonOptions } from 'wasmod/json';
import { analyzeCode, codeLanguages, type CodeAnalysis } from 'wasmod/code';
// @ts-expect-error: a family entry has its own functions only
import { analyzeCode as notInJson } from 'wasmod/json';
// @ts-expect-error: nor the runtime's
import { createRuntime } from 'wasmod/code';

async function main(): Promise<void> {
  const options: FormatJsonOptions = { indent: 2 };
  try {
    console.log(await formatJson('[1]', options), (await validateJson('[')).valid);
    const a: CodeAnalysis = await analyzeCode('f()', { language: 'javascript' });
    console.log(a.functions.length, Object.keys(codeLanguages));
  } catch (error) {
    if (error instanceof WasmodError && error.code === ErrorCode.INVALID_INPUT) console.log(error.diagnostics);
  }
  console.log(notInJson, createRuntime);
}

void main();
