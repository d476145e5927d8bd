// Counters per module and per pool: an object for code (rt.stats()) and the
// Prometheus text exposition format for scrapers (rt.metrics()).

const RESERVOIR = 1024; // latency percentiles come from the last this-many calls

/** Latencies of the most recent calls, in a ring, with percentiles on demand. */
class Latencies {
  #samples = new Float64Array(RESERVOIR);
  #count = 0;

  add(ms) {
    this.#samples[this.#count++ % RESERVOIR] = ms;
  }

  percentiles() {
    const n = Math.min(this.#count, RESERVOIR);
    if (!n) return { p50: 0, p95: 0, p99: 0 };
    const sorted = this.#samples.slice(0, n).sort();
    const at = (q) => sorted[Math.min(n - 1, Math.ceil(q * n) - 1)];
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}

/** What one module has done. */
export class ModuleMetrics {
  calls = 0;
  errors = {}; // code -> count
  timeouts = 0;
  bytesIn = 0;
  bytesOut = 0;
  memoryPages = 0;
  memoryPeakPages = 0;
  memoryLimitHits = 0;
  budgetUnits = 0; // units spent by calls with a budget
  budgetHits = 0; // calls stopped by their budget
  permissionDenied = 0; // calls refused E_PERMISSION (host capabilities)
  kvWrites = 0; // keys written or deleted by committed calls
  coldStartMs = 0;
  latencySumMs = 0;
  engine = null;
  version = null;
  latency = new Latencies();

  /** One finished call (result or error). */
  record({ durationMs, bytesIn, bytesOut = 0, errorCode, memoryPages, budgetUsed }) {
    this.calls++;
    if (budgetUsed !== undefined) this.budgetUnits += budgetUsed;
    this.latency.add(durationMs);
    this.latencySumMs += durationMs;
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
    if (memoryPages !== undefined) {
      this.memoryPages = memoryPages;
      if (memoryPages > this.memoryPeakPages) this.memoryPeakPages = memoryPages;
    }
    if (errorCode) {
      this.errors[errorCode] = (this.errors[errorCode] ?? 0) + 1;
      if (errorCode === 'E_TIMEOUT') this.timeouts++;
      if (errorCode === 'E_MEMORY_LIMIT') this.memoryLimitHits++;
      if (errorCode === 'E_BUDGET_EXCEEDED') this.budgetHits++;
      if (errorCode === 'E_PERMISSION') this.permissionDenied++;
    }
  }

  snapshot() {
    const { latency, ...counters } = this;
    return { ...counters, errors: { ...this.errors }, latencyMs: latency.percentiles() };
  }
}

const escapeLabel = (v) => String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (obj) => {
  const parts = Object.entries(obj).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

/**
 * The Prometheus text exposition (version 0.0.4) of a stats() snapshot.
 * @param {ReturnType<import('./runtime.js').Runtime['stats']>} stats
 */
export function prometheusText(stats) {
  const lines = [];
  const metric = (name, type, help, samples) => {
    lines.push(`# HELP wasmod_${name} ${help}`, `# TYPE wasmod_${name} ${type}`);
    for (const [labelSet, value] of samples) lines.push(`wasmod_${name}${labels(labelSet)} ${Number.isFinite(value) ? value : 0}`);
  };
  const modules = Object.entries(stats.modules);
  const perModule = (pick) => modules.map(([module, m]) => [{ module }, pick(m)]);
  metric('calls_total', 'counter', 'Calls per module.', perModule((m) => m.calls));
  metric('errors_total', 'counter', 'Failed calls per module and error code.',
    modules.flatMap(([module, m]) => Object.entries(m.errors).map(([code, n]) => [{ module, code }, n])));
  metric('timeouts_total', 'counter', 'Calls stopped at their deadline.', perModule((m) => m.timeouts));
  metric('memory_limit_hits_total', 'counter', 'Calls that hit the memory cap.', perModule((m) => m.memoryLimitHits));
  metric('budget_units_total', 'counter', 'CPU budget units spent by calls with a budget.', perModule((m) => m.budgetUnits));
  metric('budget_hits_total', 'counter', 'Calls stopped by their CPU budget.', perModule((m) => m.budgetHits));
  metric('permission_denied_total', 'counter', 'Calls refused for reaching past their grants.', perModule((m) => m.permissionDenied));
  metric('kv_writes_total', 'counter', 'Keys written or deleted by committed calls.', perModule((m) => m.kvWrites));
  metric('bytes_in_total', 'counter', 'Input bytes.', perModule((m) => m.bytesIn));
  metric('bytes_out_total', 'counter', 'Output bytes.', perModule((m) => m.bytesOut));
  metric('call_latency_ms', 'summary', 'Call latency in milliseconds (quantiles over the last 1024 calls).',
    modules.flatMap(([module, m]) => [['0.5', m.latencyMs.p50], ['0.95', m.latencyMs.p95], ['0.99', m.latencyMs.p99]].map(([quantile, v]) => [{ module, quantile }, v])));
  for (const [module, m] of modules) lines.push(`wasmod_call_latency_ms_sum${labels({ module })} ${m.latencySumMs}`, `wasmod_call_latency_ms_count${labels({ module })} ${m.calls}`);
  metric('memory_pages', 'gauge', 'Linear memory pages (64 KiB) after the last call.', perModule((m) => m.memoryPages));
  metric('memory_peak_pages', 'gauge', 'Peak linear memory pages.', perModule((m) => m.memoryPeakPages));
  metric('cold_start_ms', 'gauge', 'Compile and instantiate time of the first load, in milliseconds.', perModule((m) => m.coldStartMs));
  metric('cache_hits_total', 'counter', 'Compiled-module cache hits.', [[{}, stats.cache.hits]]);
  metric('cache_misses_total', 'counter', 'Compiled-module cache misses.', [[{}, stats.cache.misses]]);
  const pool = stats.pool;
  metric('workers', 'gauge', 'Pool workers by state.', [[{ state: 'busy' }, pool.busy], [{ state: 'idle' }, pool.idle], [{ state: 'spare' }, pool.spare]]);
  metric('queue_length', 'gauge', 'Calls waiting for a worker.', [[{}, pool.queued]]);
  metric('workers_replaced_total', 'counter', 'Workers terminated (timeout, cancellation, crash) and replaced.', [[{}, pool.replaced]]);
  metric('workers_crashed_total', 'counter', 'Workers that died on their own.', [[{}, pool.crashed]]);
  return `${lines.join('\n')}\n`;
}
