// The code panel: a code-<language> module validates and analyses the source;
// syntax errors are marked in it, functions listed in a table sortable by
// complexity and drawn as a bar chart; selecting a function highlights its lines.
import { codeLanguageOf } from '../dist/browser/index.js';
import { Editor } from './editor.js';
import { SHARE_LIMIT, savePanel, shareUrl } from './persist.js';
import { $, debounce, describeDiagnostic, el, fetchText, fillTotals, formatBytes, formatMs, setNote } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Complexity above which a function is drawn as worrying, and as alarming (ESLint's default max is 20). */
const HIGH = 10;
const VERY_HIGH = 20;

/** Labels for the analysis totals (modules/code/code_analyze.c names them for machines). */
const TOTAL_LABELS = {
  lines: 'lines',
  codeLines: 'code lines',
  commentLines: 'comment lines',
  blankLines: 'blank lines',
  functions: 'functions',
  complexityAvg: 'average complexity',
  complexityMax: 'highest complexity',
};

const CODE_EXAMPLE = `function classify(n) {
  if (n < 0) return 'negative';
  for (const d of [2, 3, 5]) {
    if (n % d === 0 && n !== d) return 'composite';
  }
  return n > 1 ? 'prime-ish' : 'unit';
}
`;

/** The language a file name implies (the modules' manifests say which extensions), or null. */
function languageOf(filename) {
  try {
    return codeLanguageOf({ filename });
  } catch {
    return null;
  }
}

/** A row of the functions table from one function of the analyze output (see modules/code/code_analyze.c). */
function functionRow(f, index) {
  return {
    index,
    name: f.class ? `${f.class}.${f.name}` : f.name,
    kind: f.kind,
    start: f.startLine,
    end: f.endLine,
    params: f.params,
    complexity: f.complexity,
    nesting: f.maxNesting,
  };
}

export class CodePanel {
  #sequence = 0;
  #rows = [];
  #sort = { key: 'complexity', descending: true };
  #selected = -1;

  /** @param {import('./session.js').Session} session */
  constructor(session) {
    this.session = session;
    this.editor = new Editor($('#code-editor'), {
      onInput: () => this.#changed(),
      onFile: (file) => this.#detect(file.name),
    });
    this.language = $('#code-language');
    this.status = $('#code-status');
    this.analyzeSoon = debounce(() => this.analyze(), 300);
    this.saveSoon = debounce(() => this.#save(), 500);

    this.language.addEventListener('change', () => this.#changed(true));
    $('#code-analyze').addEventListener('click', () => this.analyze());
    $('#code-share').addEventListener('click', () => this.#share());
    $('#code-sample').addEventListener('change', (event) => this.loadSample(event.target.value));
    $('#code-file').addEventListener('change', async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      this.#detect(file.name);
      this.editor.value = await file.text();
      this.#changed(true);
    });
    this.editor.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.analyze();
      }
    });
    for (const button of $('#code-functions thead').querySelectorAll('button')) {
      button.addEventListener('click', () => {
        const key = button.dataset.sort;
        const textual = key === 'name' || key === 'start';
        this.#sort = { key, descending: this.#sort.key === key ? !this.#sort.descending : !textual };
        this.#renderTable();
      });
    }
  }

  /**
   * Restores saved (or shared) state, offers the samples, and says whether this build has the language's module.
   * @param {object} saved
   * @param {Promise<{ name: string, bytes: number }[]>} samples
   */
  async init(saved, samples) {
    if (saved.language) this.language.value = saved.language;
    this.editor.value = typeof saved.text === 'string' ? saved.text : CODE_EXAMPLE;
    const select = $('#code-sample');
    samples.then((list) => {
      for (const { name, bytes } of list) select.append(el('option', { value: name }, `${name} (${formatBytes(bytes)})`));
    });
    await this.#checkModule();
  }

  /** Analyses once the panel comes into view: the language's module loads on first use, not with the page. */
  analyzeWhenVisible() {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      if (this.#sequence === 0) this.analyze();
    });
    observer.observe($('#code'));
  }

  get moduleName() {
    return `code-${this.language.value}`;
  }

  async loadSample(name) {
    if (!name) return;
    this.#setStatus('', `Loading ${name}…`);
    try {
      const text = await fetchText(`samples/code/${encodeURIComponent(name)}`);
      this.#detect(name);
      this.editor.value = text;
    } catch (error) {
      this.#setStatus('error', `✗ ${error.message}`);
      return;
    }
    this.#changed(true);
  }

  /** Validates and analyses the source with the language's module. */
  async analyze() {
    const module = this.moduleName;
    const sequence = ++this.#sequence;
    this.#setStatus('', `Analysing with ${module}…`); // at once: an older answer must not look like this one's
    if (!(await this.#checkModule())) return;
    const source = this.editor.value;
    let validation, analysis;
    try {
      [validation, analysis] = await Promise.all([
        this.session.call(module, 'validate', source),
        this.session.call(module, 'analyze', source),
      ]);
    } catch (error) {
      if (sequence === this.#sequence) this.#setStatus('error', `✗ ${error.code ?? 'Error'}: ${error.message}`);
      return;
    }
    if (sequence !== this.#sequence) return;
    let report;
    try {
      report = JSON.parse(new TextDecoder().decode(analysis.output));
    } catch (error) {
      this.#setStatus('error', `✗ ${module} answered analyze with unreadable JSON: ${error.message}`);
      return;
    }
    const first = validation.first || analysis.first; // the two ran side by side: either may have loaded the module
    const timing = `analysed in ${formatMs(analysis.ms)} (${analysis.engine}${first ? ', first call: loading included' : ''})`;
    this.#showErrors(validation.diagnostics.filter((d) => d.severity === 'error'), timing);
    this.#rows = (report.functions ?? []).map(functionRow);
    this.#selected = -1;
    const totals = Object.entries(report.totals ?? {}).filter(([, v]) => typeof v === 'number');
    fillTotals($('#code-totals'), totals.map(([key, v]) => [TOTAL_LABELS[key] ?? key, Number.isInteger(v) ? v : v.toFixed(2)]));
    this.#renderTable();
    this.#renderChart();
  }

  /** Whether this build has the language's module; says so, and disables analysis, when not. */
  async #checkModule() {
    const module = this.moduleName;
    const available = Boolean(await this.session.module(module));
    $('#code-analyze').disabled = !available;
    if (available) setNote($('#code-note'), '');
    else this.#unavailable(module);
    return available;
  }

  #unavailable(module) {
    setNote($('#code-note'), `${module}: not available in this build (dist/modules/index.json has no such module). Analysis needs the code modules.`);
    this.#setStatus('', '');
    $('#code-errors').replaceChildren();
    $('#code-totals').replaceChildren();
    this.#rows = [];
    this.#renderTable();
    this.#renderChart();
  }

  /** Picks the language a file name implies (the caller analyses next). */
  #detect(filename) {
    const language = languageOf(filename);
    if (language) this.language.value = language;
  }

  #changed(now = false) {
    this.saveSoon();
    this.#setStatus('', 'Analysing…');
    this.#sequence++; // answers for the text as it was are now stale
    if (now) {
      this.analyzeSoon.cancel();
      this.analyze();
    } else {
      this.analyzeSoon();
    }
  }

  #showErrors(errors, timing) {
    this.editor.clearMarks();
    const list = $('#code-errors');
    list.replaceChildren(...errors.slice(0, 20).map((d) =>
      el('li', {}, el('button', { type: 'button', onclick: () => this.editor.focusAt(d.line, d.column) }, describeDiagnostic(d)))));
    if (errors.length === 0) {
      this.#setStatus('ok', `✓ no syntax errors · ${timing}`);
      return;
    }
    for (const d of errors) this.editor.markError(d.line, d.column, d.message);
    this.editor.scrollToLine(errors[0].line);
    this.#setStatus('error', `✗ ${errors.length} syntax error${errors.length > 1 ? 's' : ''}, first at ${describeDiagnostic(errors[0])} · ${timing}`);
  }

  #renderTable() {
    const table = $('#code-functions');
    table.hidden = this.#rows.length === 0;
    const { key, descending } = this.#sort;
    const sorted = [...this.#rows].sort((a, b) => {
      const order = typeof a[key] === 'string' ? a[key].localeCompare(b[key]) : a[key] - b[key];
      return (descending ? -order : order) || a.start - b.start;
    });
    for (const th of table.querySelectorAll('th')) {
      if (th.querySelector('button').dataset.sort === key) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    table.tBodies[0].replaceChildren(...sorted.map((row) => {
      const tr = el('tr', { className: row.index === this.#selected ? 'selected' : '' },
        el('td', {}, el('button', { type: 'button', title: row.kind, onclick: () => this.#select(row.index) }, row.name)),
        el('td', {}, row.start === row.end ? `${row.start}` : `${row.start}–${row.end}`),
        el('td', { className: 'num' }, String(row.params ?? '')),
        el('td', { className: 'num' }, String(row.complexity)),
        el('td', { className: 'num' }, String(row.nesting ?? '')));
      tr.dataset.index = row.index;
      return tr;
    }));
  }

  /** Bars of complexity per function, in source order. */
  #renderChart() {
    const svg = $('#code-chart');
    svg.hidden = this.#rows.length === 0;
    if (svg.hidden) return;
    const max = Math.max(...this.#rows.map((r) => r.complexity), 1);
    const barWidth = 12;
    const width = Math.max(this.#rows.length * barWidth, 240);
    const height = 110;
    svg.setAttribute('viewBox', `0 0 ${width} ${height + 10}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    const bars = this.#rows.map((row, i) => {
      const h = Math.max(2, (row.complexity / max) * height);
      const rect = document.createElementNS(SVG, 'rect');
      for (const [name, value] of Object.entries({ x: i * barWidth + 1, y: height - h + 5, width: barWidth - 2, height: h })) rect.setAttribute(name, value);
      rect.classList.toggle('high', row.complexity > HIGH);
      rect.classList.toggle('very-high', row.complexity > VERY_HIGH);
      rect.classList.toggle('selected', row.index === this.#selected);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${row.name}: complexity ${row.complexity} (line ${row.start})`;
      rect.append(title);
      rect.addEventListener('click', () => this.#select(row.index));
      return rect;
    });
    svg.replaceChildren(...bars);
    svg.setAttribute('aria-label', `Complexity per function, highest ${max}`);
  }

  #select(index) {
    this.#selected = index;
    const row = this.#rows[index];
    this.editor.clearMarks();
    this.editor.markLines(row.start, row.end);
    this.#renderTable();
    this.#renderChart();
  }

  #setStatus(kind, text) {
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
  }

  #share() {
    const url = shareUrl({ panel: 'code', text: this.editor.value, language: this.language.value });
    if (!url) {
      this.#setStatus('', `Share links carry small examples only (up to ${SHARE_LIMIT} characters); this source is larger.`);
      return;
    }
    history.replaceState(null, '', url);
    this.#setStatus('', 'The link in the address bar restores this example.');
  }

  #save() {
    savePanel('code', { text: this.editor.value, language: this.language.value });
  }
}
