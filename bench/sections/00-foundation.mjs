// Foundation figures: json validate on the bench corpus, wasm-simd vs wasm-scalar vs JSON.parse.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from 'wasmod';

export const title = 'json validate (foundation): aggregate over ../shared/corpus/json/bench';

export async function run({ measure, mbPerSecond, table, machine }) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/json/bench');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const texts = files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const simd = await createRuntime({ engines: ['wasm-simd'] });
  const scalar = await createRuntime({ engines: ['wasm-scalar'] });
  const rows = [];
  const parse = await measure(() => texts.forEach((t) => JSON.parse(t)));
  rows.push(['JSON.parse (anchor)', parse.median, mbPerSecond(bytes, parse.median), 1]);
  for (const [name, rt] of [['wasmod validate, wasm-simd', simd], ['wasmod validate, wasm-scalar', scalar]]) {
    const m = await measure(async () => { for (const t of texts) await rt.call('json', 'validate', t); });
    rows.push([name, m.median, mbPerSecond(bytes, m.median), parse.median / m.median]);
  }
  console.log(`${files.length} files, ${bytes} bytes, from JS strings; ${machine()}\n`);
  table(['what', 'median ms', 'MB/s', '× JSON.parse'], rows);
}
