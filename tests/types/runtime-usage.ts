// Compiles only if types/runtime.d.ts describes the runtime's API as it is used.
import {
  createRuntime, getDefaultRuntime, satisfies, sha256Hex, WasmodError, ErrorCode,
  type CallResult, type Engine, type ModuleDescriptor, type RuntimeStats, type Health,
} from 'wasmod';

async function main(): Promise<void> {
  const rt = await createRuntime({
    workers: 2, minWorkers: 1, idleTimeoutMs: 30000, timeoutMs: 5000, maxMemoryMb: 256,
    maxInputBytes: 256 << 20, maxQueue: 1000, preload: ['json'],
    moduleUrl: new URL('../../dist/modules/', import.meta.url),
    engines: ['wasm-simd', 'wasm-scalar', 'native', 'js'],
  });
  const controller = new AbortController();
  const r: CallResult = await rt.call('json', 'format', '{"a":1}', { indent: 2 }, { timeoutMs: 100, signal: controller.signal });
  const engine: Engine = r.engine;
  console.log(engine, r.module, r.version, r.durationMs, r.output.byteLength, r.diagnostics[0]?.line);

  const settled = await rt.batch([{ module: 'json', op: 'validate', input: new Uint8Array([91, 93]) }, { module: 'json', op: 'stats', input: '{}', timeoutMs: 10 }]);
  for (const s of settled) {
    if (s.status === 'fulfilled') console.log(s.value.status);
    else if (s.reason instanceof WasmodError && s.reason.code === ErrorCode.TIMEOUT) console.log(s.reason.op);
  }

  const bytes = new Uint8Array(8);
  const d: ModuleDescriptor = rt.registry.register({ name: 'mine', version: '1.0.0', bytes, sha256: await sha256Hex(bytes) });
  rt.registry.register({ name: 'mine', version: '1.1.0', variants: { simd: { url: 'https://example.com/mine-simd.wasm', sha256: d.variants.scalar!.sha256 } } });
  const found: ModuleDescriptor | undefined = rt.registry.info('mine@^1');
  console.log(found?.version, rt.registry.list().length, rt.registry.search('json').map((m) => m.name), satisfies('1.2.3', '~1.2'));

  const stats: RuntimeStats = rt.stats();
  console.log(stats.modules.json?.latencyMs.p99, stats.pool.busy, stats.cache.hits);
  const text: string = rt.metrics();
  const health: Health = await rt.health();
  console.log(text.length, health.ok, health.engines.native?.note);
  await rt.close();
  await rt.destroy();

  // Host capabilities: grants at registration, keys per call, the app's functions and a store.
  const hosted = await createRuntime({
    store: ':memory:',
    hostFunctions: { upper: { fn: (input: Uint8Array) => new TextDecoder().decode(input).toUpperCase() }, add: { params: ['i32', 'i32'], results: ['i32'], fn: (a, b) => Number(a) + Number(b) } },
    onLog: ({ module, level, message }) => console.log(module, level, message),
  });
  hosted.registry.register({ name: 'kv-user', version: '1.0.0', bytes, sha256: d.variants.scalar!.sha256, grants: { kv: { keys: ['user:*'], write: true }, log: 'info', clock: true, config: { greeting: 'hello' }, functions: ['upper', 'add'] } });
  const kv: CallResult = await hosted.call('kv-user', 'kv-get', 'user:1', undefined, { keys: ['user:1', 'user:*'] });
  console.log(kv.status, hosted.stats().modules['kv-user']?.permissionDenied, ErrorCode.PERMISSION, ErrorCode.HOST, ErrorCode.STORE);

  await using scoped = await createRuntime({ workers: 0 });
  console.log((await scoped.call('json', 'validate', '[]')).status, getDefaultRuntime().registry.info('json')?.builtin);
}
void main();
