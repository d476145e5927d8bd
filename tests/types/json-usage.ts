// Compiles only if types/ describes the public API as it is used.
import {
  createRuntime, formatJson, formatNdjson, jsonStats, minifyJson, queryJson, validateJson, validateNdjson,
  WasmodError, ErrorCode, type Diagnostic, type JsonStats,
} from 'wasmod';

async function* chunks(): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode('{"a":1}\n');
}

async function main(): Promise<void> {
  const v = await validateJson('{"a":1}', { mode: 'jsonc', maxDepth: 100, duplicateKeys: 'warn' });
  const first: Diagnostic | undefined = v.errors[0];
  if (!v.valid && first) console.log(first.line, first.column, first.message);
  console.log(v.warnings.length);

  const pretty: string = await formatJson('{"b":1,"a":2}', { indent: '\t', sortKeys: true, asciiOnly: true, finalNewline: true });
  const small: string = await minifyJson(new Uint8Array([123, 125]));
  const found: string | undefined = await queryJson('{"a":[1]}', '/a/0', { indent: 0 });
  const stats: JsonStats = await jsonStats('[1]');
  const lines: string = await formatNdjson('{"a": 1}\n', { sortKeys: true });
  const streamed = await validateNdjson(chunks(), { duplicateKeys: 'error' });
  console.log(pretty, small, found, stats.depth, lines, streamed.valid);

  const rt = await createRuntime({ moduleUrl: new URL('../../dist/modules/', import.meta.url), maxMemoryMb: 64 });
  const r = await rt.call('json', 'validate', new Uint8Array([123, 125]));
  const engine: 'wasm-simd' | 'wasm-scalar' | 'native' | 'js' = r.engine;
  console.log(engine, r.durationMs, r.output.length);
  await rt.close();

  try {
    await rt.call('json', 'nope', '');
  } catch (e) {
    if (e instanceof WasmodError && e.code === ErrorCode.UNSUPPORTED) console.log(e.diagnostics.length);
  }
}
void main();
