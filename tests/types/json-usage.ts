// Compiles only if types/ describes the public API as it is used.
import { createRuntime, validateJson, WasmodError, ErrorCode, type Diagnostic } from 'wasmod';

async function main(): Promise<void> {
  const v = await validateJson('{"a":1}', { mode: 'jsonc', maxDepth: 100 });
  const first: Diagnostic | undefined = v.errors[0];
  if (!v.valid && first) console.log(first.line, first.column, first.message);

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
