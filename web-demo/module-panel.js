// The module panel: the registry, what this page has loaded (variant,
// engine, cold start, call times), the runtime's counters (cache, workers),
// errors by code, and a long call stopped by its timeout while the pool
// recovers.
import { simdSupported } from '../dist/browser/index.js';
import { $, el, fillTotals, formatBytes, formatMs, setNote } from './ui.js';

const VARIANT_OF_ENGINE = { 'wasm-simd': 'simd', 'wasm-scalar': 'scalar' };

/** A JSON document of about `mb` megabytes: an array of small records, built once per size. */
function largeDocument(mb) {
  const record = (i) => `{"id":${i},"name":"item ${i}","tags":["a","b","c"],"price":${(i * 0.37).toFixed(2)},"ok":${i % 2 === 0}}`;
  const count = Math.ceil((mb * 1e6) / record(100000).length);
  const parts = new Array(count);
  for (let i = 0; i < count; i++) parts[i] = record(i);
  return `[${parts.join(',\n')}]`;
}

export class ModulePanel {
  #documents = new Map();
  #pending = 0;
  /** Milestones the page reports: { interactiveMs, jsonReadyMs, jsonFirstAnswerMs }. */
  timings = {};

  /** @param {import('./session.js').Session} session */
  constructor(session) {
    this.session = session;
    session.addEventListener('change', () => this.refreshSoon());
    $('#timeout-run').addEventListener('click', () => this.runTimeout());
  }

  async init() {
    const capabilities = await this.session.capabilities();
    this.capabilities = capabilities;
    // The runtime's fixture module has an op that never returns: the clearest long call there is.
    for (const name of await this.session.registerFixtures().catch(() => [])) {
      const ops = (await this.session.module(name))?.ops ?? [];
      if (ops.some((op) => (op.name ?? op) === 'spin')) this.spinModule = name;
    }
    if (this.spinModule) {
      $('#timeout-call').prepend(el('option', { value: 'spin' }, `${this.spinModule}.spin (never returns)`));
      $('#timeout-call').value = 'spin';
    }
    $('#timeout-run').disabled = !capabilities.pool;
    if (!capabilities.pool) {
      setNote($('#timeout-note'), 'Per-call timeouts: not available in this build. They need the worker pool (createRuntime({ workers })), where a call past its deadline has its worker stopped and replaced; the inline runtime here runs calls on the page\'s own thread, which cannot be interrupted.');
    }
    if (capabilities.health) this.engines = (await this.session.runtime.health()).engines;
    await this.refresh();
    if (capabilities.pool) setInterval(() => this.refresh(), 1000); // workers go busy/idle on their own
  }

  refreshSoon() {
    if (this.#pending) return;
    this.#pending = requestAnimationFrame(() => {
      this.#pending = 0;
      this.refresh();
    });
  }

  async refresh() {
    if (!this.capabilities) return; // init() has not run yet: it refreshes when it has
    const [modules, stats] = await Promise.all([this.session.modules(), this.session.stats()]);
    this.#renderRegistry(modules);
    this.#renderLoaded(stats);
    this.#renderRuntime(stats);
    const errors = [...this.#errorsByCode(stats)].sort();
    fillTotals($('#module-errors'), errors.length ? errors : [['errors', 0]]);
    const metrics = $('#module-metrics');
    if (typeof this.session.runtime.metrics === 'function') metrics.textContent = await this.session.runtime.metrics();
    else metrics.textContent = 'not available in this build (the runtime has no metrics())';
  }

  /** Errors by code: the runtime's count per module summed when it keeps one, else what this page saw. */
  #errorsByCode(stats) {
    if (!stats.modules) return this.session.errors;
    const byCode = new Map();
    for (const m of Object.values(stats.modules)) {
      for (const [code, n] of Object.entries(m.errors ?? {})) byCode.set(code, (byCode.get(code) ?? 0) + n);
    }
    return byCode;
  }

  #renderRegistry(modules) {
    $('#module-registry tbody').replaceChildren(...modules.map((m) => el('tr', {},
      el('td', {}, m.name),
      el('td', {}, m.version ?? ''),
      el('td', {}, Object.entries(m.variants ?? {}).map(([variant, v]) => `${variant} ${v.bytes ? formatBytes(v.bytes) : ''}`).join(' · ')),
      el('td', { className: 'wrap' }, (m.ops ?? []).map((op) => op.name ?? op).join(', ')))));
  }

  /** What has been loaded: the runtime's per-module counters where it keeps them, and what this page saw. */
  #renderLoaded(stats) {
    const names = new Set([...Object.keys(stats.modules ?? {}), ...this.session.loaded.keys()]);
    const rows = [...names].map((name) => {
      const counted = stats.modules?.[name] ?? {};
      const seen = this.session.loaded.get(name) ?? {};
      const engine = counted.engine ?? seen.engine;
      const variant = VARIANT_OF_ENGINE[engine];
      const ms = (value) => (value === undefined ? '—' : formatMs(value));
      return el('tr', {},
        el('td', {}, name),
        el('td', {}, counted.version ?? seen.version ?? ''),
        el('td', { className: 'variant' }, variant ?? '—'),
        el('td', { className: 'engine' }, engine ?? '—'),
        el('td', { className: 'num' }, ms(counted.coldStartMs)),
        el('td', { className: 'num' }, ms(seen.firstAnswerMs)),
        el('td', { className: 'num' }, String(counted.calls ?? seen.calls ?? 0)),
        el('td', { className: 'num' }, ms(seen.lastMs)));
    });
    $('#module-loaded tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 8 }, 'nothing yet'))]));
  }

  #renderRuntime(stats) {
    const pairs = [['WebAssembly SIMD', simdSupported() ? 'yes' : 'no']];
    if (this.engines) pairs.push(['engines', Object.entries(this.engines).map(([name, e]) => `${name} ${e.available ? '✓' : '✗'}`).join(' · ')]);
    const { pool, cache } = stats;
    if (this.capabilities.pool) pairs.push(['workers busy', pool.busy], ['workers idle', pool.idle], ['queued', pool.queued], ['workers replaced', pool.replaced ?? 0]);
    else pairs.push(['workers', 'not available in this build (inline)']);
    pairs.push(['cache hits', cache?.hits ?? '?'], ['cache misses', cache?.misses ?? '?']);
    pairs.push(['timeouts', this.session.timeouts]);
    if (this.timings.interactiveMs !== undefined) pairs.push(['interactive after', formatMs(this.timings.interactiveMs)]);
    if (this.timings.jsonReadyMs !== undefined) pairs.push(['json ready after load', formatMs(this.timings.jsonReadyMs)], ['json first answer', formatMs(this.timings.jsonFirstAnswerMs)]);
    fillTotals($('#module-runtime'), pairs);
  }

  /** A call too long for its timeout, then a small one to show the pool serving again. */
  async runTimeout() {
    const log = $('#timeout-log');
    const line = (kind, text) => log.append(el('li', { className: kind }, text));
    const timeoutMs = Math.max(1, Number($('#timeout-ms').value) || 20);
    const choice = $('#timeout-call').value;
    const button = $('#timeout-run');
    button.disabled = true;
    try {
      let call;
      if (choice === 'spin') {
        line('', `${this.spinModule}.spin with a ${timeoutMs} ms timeout…`);
        call = () => this.session.call(this.spinModule, 'spin', '', undefined, { timeoutMs });
      } else {
        const mb = Number(choice);
        if (!this.#documents.has(mb)) this.#documents.set(mb, largeDocument(mb));
        const doc = this.#documents.get(mb);
        line('', `json validate of ${formatBytes(doc.length)} with a ${timeoutMs} ms timeout…`);
        call = () => this.session.call('json', 'validate', doc, {}, { timeoutMs });
      }
      const start = performance.now();
      try {
        const r = await call();
        line('ok', `finished in ${formatMs(r.ms)}, inside the timeout: try a smaller timeout or a larger document`);
      } catch (error) {
        line('error', `stopped after ${formatMs(performance.now() - start)}: ${error.code} (${error.message})`);
      }
      const r = await this.session.call('json', 'validate', '{"after":"timeout"}', {}, { timeoutMs: 5000 });
      line('ok', `pool recovered: the next call answered '${r.status}' in ${formatMs(r.ms)} (${r.engine})`);
    } catch (error) {
      line('error', `the pool did not recover: ${error.code ?? 'Error'}: ${error.message}`);
    } finally {
      button.disabled = false;
      await this.refresh();
    }
  }
}
