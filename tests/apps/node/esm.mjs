// A Node program importing the installed package (ESM).
import { analyzeCode, createRuntime, formatJson } from 'wasmod';
import * as code from 'wasmod/code';
import * as json from 'wasmod/json';

const rt = await createRuntime({ workers: 1 });
const pooled = await rt.call('json', 'validate', '[1]');
await rt.close();
console.log(JSON.stringify({
  format: await formatJson('[12345678901234567890]', { indent: 0 }),
  complexity: (await analyzeCode('function f(a) { return a ? 1 : 2; }', { language: 'javascript' })).functions[0].complexity,
  pooled: [pooled.status, pooled.engine],
  // The family entries: their own functions, the very ones of the main entry.
  families: [json.formatJson === formatJson && !('analyzeCode' in json) && 'formatJson', code.analyzeCode === analyzeCode && !('formatJson' in code) && 'analyzeCode'],
}));
