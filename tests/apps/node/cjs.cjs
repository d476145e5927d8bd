// A Node program requiring the installed package (CommonJS, Node 20: no require of ESM).
const { analyzeCode, createRuntime, formatJson } = require('wasmod');
const code = require('wasmod/code');
const json = require('wasmod/json');

(async () => {
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
})();
