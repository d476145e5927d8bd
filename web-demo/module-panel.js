// The module panel: the registry, what this page has loaded (variant,
// engine, cold start, call times), the runtime's counters (cache, workers),
// errors by code, and a long call stopped by its timeout while the pool
// recovers.
import { simdSupported } from '../bindings/js/loader.js';
import { findNumber } from './session.js';
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
  /** Milestones the page reports: { interactiveMs, jsonReadyMs, jsonColdStartMs }. */
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
    if (!capabilities.pool) {
      $('#timeout-run').disabled = true;
      setNote($('#timeout-note'), 'Per-call timeouts: not available in this build. They need the worker pool (createRuntime({ workers })), where a call past its deadline has its worker stopped and replaced; the inline runtime here runs calls on the page\'s own thread, which cannot be interrupted.');
    }
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
    const [modules, stats] = await Promise.all([this.session.modules(), this.session.stats()]);
    this.#renderRegistry(modules);
    this.#renderLoaded(modules);
    this.#renderRuntime(stats);
    const errors = [...this.session.errors].sort();
    fillTotals($('#module-errors'), errors.length ? errors : [['errors', 0]]);
  }

  #renderRegistry(modules) {
    $('#module-registry tbody').replaceChildren(...modules.map((m) => el('tr', {},
      el('td', {}, m.name),
      el('td', {}, m.version ?? ''),
      el('td', {}, Object.entries(m.variants ?? {}).map(([variant, v]) => `${variant} ${v.bytes ? formatBytes(v.bytes) : ''}`).join(' · ')),
      el('td', { className: 'wrap' }, (m.ops ?? []).map((op) => op.name ?? op).join(', ')))));
  }

  #renderLoaded(modules) {
    const rows = [...this.session.loaded].map(([name, m]) => {
      const variant = VARIANT_OF_ENGINE[m.engine];
      const bytes = modules.find((d) => d.name === name)?.variants?.[variant]?.bytes;
      return el('tr', {},
        el('td', {}, name),
        el('td', {}, m.version),
        el('td', { className: 'variant' }, variant ? `${variant}${bytes ? ` (${formatBytes(bytes)})` : ''}` : '—'),
        el('td', { className: 'engine' }, m.engine),
        el('td', { className: 'num' }, formatMs(m.coldStartMs)),
        el('td', { className: 'num' }, String(m.calls)),
        el('td', { className: 'num' }, formatMs(m.lastMs)));
    });
    $('#module-loaded tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 7 }, 'nothing yet'))]));
  }

  #renderRuntime(stats) {
    const pairs = [['WebAssembly SIMD', simdSupported() ? 'yes' : 'no']];
    if (this.capabilities.pool) {
      pairs.push(['workers busy', findNumber(stats, 'busy') ?? '?'], ['workers idle', findNumber(stats, 'idle') ?? '?']);
      const queued = findNumber(stats, 'queued') ?? findNumber(stats, 'queueLength');
      if (queued !== undefined) pairs.push(['queued', queued]);
    } else {
      pairs.push(['workers', 'not available in this build (inline)']);
    }
    pairs.push(['cache hits', findNumber(stats, 'hits') ?? '?'], ['cache misses', findNumber(stats, 'misses') ?? '?']);
    pairs.push(['timeouts', this.session.timeouts]);
    if (this.timings.interactiveMs !== undefined) pairs.push(['interactive after', formatMs(this.timings.interactiveMs)]);
    if (this.timings.jsonReadyMs !== undefined) pairs.push(['json ready after load', formatMs(this.timings.jsonReadyMs)], ['json cold start', formatMs(this.timings.jsonColdStartMs)]);
    fillTotals($('#module-runtime'), pairs);
  }

  /** A call too long for its timeout, then a small one to show the pool serving again. */
  async runTimeout() {
    const log = $('#timeout-log');
    const line = (kind, text) => log.append(el('li', { className: kind }, text));
    const timeoutMs = Math.max(1, Number($('#timeout-ms').value) || 20);
    const mb = Number($('#timeout-size').value);
    const button = $('#timeout-run');
    button.disabled = true;
    try {
      if (!this.#documents.has(mb)) this.#documents.set(mb, largeDocument(mb));
      const doc = this.#documents.get(mb);
      line('', `validate ${formatBytes(doc.length)} with a ${timeoutMs} ms timeout…`);
      const start = performance.now();
      try {
        const r = await this.session.call('json', 'validate', doc, {}, { timeoutMs });
        line('ok', `finished in ${formatMs(r.wallMs)}, inside the timeout: try a smaller timeout or a larger document`);
      } catch (error) {
        line('error', `stopped after ${formatMs(performance.now() - start)}: ${error.code} (${error.message})`);
      }
      const r = await this.session.call('json', 'validate', '{"after":"timeout"}', {}, { timeoutMs: 5000 });
      line('ok', `pool recovered: the next call answered '${r.status}' in ${formatMs(r.wallMs)} (${r.engine})`);
    } catch (error) {
      line('error', `the pool did not recover: ${error.code ?? 'Error'}: ${error.message}`);
    } finally {
      button.disabled = false;
      await this.refresh();
    }
  }
}
