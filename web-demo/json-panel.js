// The JSON panel: live validation with the first error marked at its line
// and column, format / minify / JSON Pointer query / stats with the json
// module's options, output with copy and download, and the time each took.
import { Editor } from './editor.js';
import { SHARE_LIMIT, savePanel, shareUrl } from './persist.js';
import { $, copyText, debounce, describeDiagnostic, download, el, fetchText, formatBytes, formatMs, setNote } from './ui.js';

const JSON_EXAMPLE = `{
  "name": "wasmod",
  "modules": ["json", "code-javascript"],
  "limits": { "maxMemoryMb": 256, "timeoutMs": 1000 },
  "big": 12345678901234567890,
  "ok": true
}
`;

const decoder = new TextDecoder();

/** "in 1.20 ms (wasm-simd)", saying when the time includes loading the module. */
const took = (result) => `in ${formatMs(result.ms)} (${result.engine}${result.first ? ', first call: loading included' : ''})`;

/** The buttons each op serves (disabled when this build lacks the op). */
const OP_BUTTONS = {
  validate: ['#json-validate'],
  format: ['#json-format', '#json-minify'],
  query: ['#json-query'],
  stats: ['#json-stats'],
};

/** Only the options an op declares (a build without an option must not be sent it). */
const pick = (options, names) => Object.fromEntries(Object.entries(options).filter(([key]) => names.includes(key)));

export class JsonPanel {
  #sequence = 0; // the latest validation; older answers are dropped
  #filename = 'document.json';
  #output = '';

  /** @param {import('./session.js').Session} session */
  constructor(session) {
    this.session = session;
    this.editor = new Editor($('#json-editor'), {
      onInput: () => this.#changed(),
      onFile: (file) => (this.#filename = file.name),
    });
    this.status = $('#json-status');
    this.controls = {
      mode: $('#json-mode'),
      indent: $('#json-indent'),
      sortKeys: $('#json-sort'),
      asciiOnly: $('#json-ascii'),
      finalNewline: $('#json-newline'),
      duplicateKeys: $('#json-duplicates'),
      pointer: $('#json-pointer'),
    };
    this.validateSoon = debounce(() => this.validate(), 200);
    this.saveSoon = debounce(() => this.#save(), 500);

    // Mode and duplicate keys change what validation says; the other options only what the output ops write.
    const { mode, duplicateKeys } = this.controls;
    for (const control of Object.values(this.controls)) control.addEventListener('change', () => (control === mode || control === duplicateKeys ? this.#changed(true) : this.saveSoon()));
    $('#json-validate').addEventListener('click', () => this.#changed(true));
    $('#json-format').addEventListener('click', () => this.format(false));
    $('#json-minify').addEventListener('click', () => this.format(true));
    $('#json-query').addEventListener('click', () => this.query());
    this.controls.pointer.addEventListener('keydown', (event) => event.key === 'Enter' && this.query());
    $('#json-stats').addEventListener('click', () => this.#produce('stats', this.options('stats'), 'counted', 'Counting…'));
    $('#json-copy').addEventListener('click', () => this.#copy());
    $('#json-download').addEventListener('click', () => download(this.#output, this.#filename.replace(/(\.jsonc?)?$/, '.out.json')));
    $('#json-share').addEventListener('click', () => this.#share());
    $('#json-sample').addEventListener('change', (event) => this.loadSample(event.target.value));
    $('#json-file').addEventListener('change', async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      this.#filename = file.name;
      this.editor.value = await file.text();
      this.#changed();
    });
    this.editor.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.format(false);
      }
    });
  }

  /**
   * Restores saved (or shared) state, offers the samples and checks which ops this build has.
   * @param {object} saved
   * @param {Promise<{ name: string, bytes: number }[]>} samples
   */
  async init(saved, samples) {
    for (const [key, control] of Object.entries(this.controls)) {
      if (saved[key] === undefined) continue;
      if (control.type === 'checkbox') control.checked = Boolean(saved[key]);
      else control.value = String(saved[key]);
    }
    this.editor.value = typeof saved.text === 'string' ? saved.text : JSON_EXAMPLE;
    const select = $('#json-sample');
    samples.then((list) => {
      for (const { name, bytes } of list) select.append(el('option', { value: name }, `${name} (${formatBytes(bytes)})`));
    });

    // The options each op of this build declares; an op it lacks is a disabled button and a note, never a stand-in.
    this.opOptions = {};
    const missing = [];
    for (const [op, buttons] of Object.entries(OP_BUTTONS)) {
      this.opOptions[op] = await this.session.opOptions('json', op);
      if (this.opOptions[op]) continue;
      missing.push(op);
      for (const id of buttons) $(id).disabled = true;
    }
    if (missing.length) setNote($('#json-note'), `Not available in this build (the json module here has no such op): ${missing.join(', ')}.`);
    if (!this.opOptions.validate) {
      this.#showFailure('not available in this build: the json module has no "validate" op');
      return;
    }
    await this.validate();
  }

  /** The options the controls say, as far as `op` declares them. */
  options(op) {
    const c = this.controls;
    const all = {
      mode: c.mode.value,
      duplicateKeys: c.duplicateKeys.value,
      indent: c.indent.value === 'tab' ? '\t' : Number(c.indent.value),
      sortKeys: c.sortKeys.checked,
      asciiOnly: c.asciiOnly.checked,
      finalNewline: c.finalNewline.checked,
      pointer: c.pointer.value,
    };
    return pick(all, this.opOptions[op]);
  }

  async loadSample(name) {
    if (!name) return;
    this.status.textContent = `Loading ${name}…`;
    try {
      this.editor.value = await fetchText(`samples/json/${encodeURIComponent(name)}`);
    } catch (error) {
      this.#showFailure(error.message);
      return;
    }
    this.#filename = name;
    this.#changed(true);
  }

  #changed(now = false) {
    this.saveSoon();
    this.#setStatus('', 'Checking…');
    this.#sequence++; // answers for the text as it was are now stale
    if (now) {
      this.validateSoon.cancel();
      this.validate();
    } else {
      this.validateSoon();
    }
  }

  async validate() {
    if (!this.opOptions.validate) return;
    const sequence = ++this.#sequence;
    const text = this.editor.value;
    let result;
    try {
      result = await this.session.call('json', 'validate', text, this.options('validate'));
    } catch (error) {
      if (sequence === this.#sequence) this.#showFailure(`${error.code ?? 'Error'}: ${error.message}`);
      return;
    }
    if (sequence !== this.#sequence) return;
    this.editor.clearMarks();
    const timing = took(result);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    const warningText = warnings.length ? ` · ${warnings.length} warning${warnings.length > 1 ? 's' : ''}, first at ${describeDiagnostic(warnings[0])}` : '';
    if (result.status === 'ok') {
      this.#setStatus('ok', `✓ valid JSON · ${formatBytes(new TextEncoder().encode(text).length)} · validated ${timing}${warningText}`);
      return;
    }
    this.#showDiagnostic(errors[0] ?? result.diagnostics[0], `validated ${timing}`);
  }

  /** Formats (or minifies) the input into the output area. */
  format(minify) {
    const options = this.options('format');
    if (minify) options.indent = 0;
    return minify ? this.#produce('format', options, 'minified', 'Minifying…') : this.#produce('format', options, 'formatted', 'Formatting…');
  }

  /** The sub-document the JSON Pointer names. */
  query() {
    return this.#produce('query', this.options('query'), 'queried', 'Querying…');
  }

  /** Runs an op whose output is text (format, query, stats) into the output area, saying how long it took. */
  async #produce(op, options, done, doing) {
    const info = $('#json-output-info');
    info.textContent = doing;
    let result;
    try {
      result = await this.session.call('json', op, this.editor.value, options);
    } catch (error) {
      info.textContent = `✗ ${error.code ?? 'Error'}: ${error.message}`;
      return;
    }
    if (result.status !== 'ok') {
      const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
      info.textContent = `✗ ${first ? describeDiagnostic(first) : 'invalid input'} (${op} ${took(result)})`;
      return;
    }
    this.#output = decoder.decode(result.output);
    $('#json-output').value = this.#output;
    info.textContent = `${done} ${took(result)} · ${formatBytes(result.output.length)}`;
    $('#json-copy').disabled = $('#json-download').disabled = false;
  }

  #showDiagnostic(diagnostic, timing) {
    this.editor.clearMarks();
    if (!diagnostic) {
      this.#setStatus('error', `✗ invalid (no diagnostic given) · ${timing}`);
      return;
    }
    const { line, column, message } = diagnostic;
    this.editor.markError(line, column, message);
    this.editor.scrollToLine(line);
    this.status.replaceChildren(
      '✗ ',
      el('span', { className: 'where' }, `line ${line}, column ${column}`),
      `: ${message} · ${timing}`,
      el('button', { type: 'button', onclick: () => this.editor.focusAt(line, column) }, 'Go to error'),
    );
    this.status.className = 'status error';
    Object.assign(this.status.dataset, { line, column });
  }

  #showFailure(text) {
    this.#setStatus('error', `✗ ${text}`);
  }

  #setStatus(kind, text) {
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
    delete this.status.dataset.line;
    delete this.status.dataset.column;
  }

  async #copy() {
    const info = $('#json-output-info');
    info.textContent = (await copyText(this.#output)) ? 'Copied to the clipboard.' : 'The browser refused the clipboard: select the output and copy it by hand.';
  }

  #share() {
    const url = shareUrl({ panel: 'json', text: this.editor.value, mode: this.controls.mode.value });
    if (!url) {
      this.status.textContent = `Share links carry small examples only (up to ${SHARE_LIMIT} characters); this input is larger.`;
      return;
    }
    history.replaceState(null, '', url);
    copyText(url);
    this.status.textContent = 'The link in the address bar restores this example (copied when the browser allows).';
  }

  #save() {
    const c = this.controls;
    savePanel('json', {
      text: this.editor.value,
      mode: c.mode.value,
      indent: c.indent.value,
      sortKeys: c.sortKeys.checked,
      asciiOnly: c.asciiOnly.checked,
      finalNewline: c.finalNewline.checked,
      duplicateKeys: c.duplicateKeys.value,
      pointer: c.pointer.value,
    });
  }
}
