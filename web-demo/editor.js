// A plain-textarea source editor: line numbers, marks drawn over the text
// (an error at a line and column, a highlighted range of lines), and files
// dropped onto it. No framework: the textarea stays a textarea, so paste,
// undo, selection and keyboard behave as the browser makes them.
import { el } from './ui.js';

const LINE_HEIGHT = 20; // px; the same number as --line-height in demo.css
const TAB_SIZE = 4;

/** The UTF-16 index in `text` of a 1-based line and code-point column (as diagnostics give them). */
function indexOfPosition(text, line, column) {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const eol = text.indexOf('\n', index);
    if (eol < 0) return text.length;
    index = eol + 1;
  }
  for (let c = 1; c < column && index < text.length && text[index] !== '\n'; c++) {
    index += text.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

/** The column on screen (0-based, tabs expanded) of a code-point column in a line. */
function visualColumn(lineText, column) {
  let visual = 0;
  let c = 1;
  for (const ch of lineText) {
    if (c >= column) break;
    visual = ch === '\t' ? visual + TAB_SIZE - (visual % TAB_SIZE) : visual + 1;
    c++;
  }
  return visual;
}

export class Editor {
  #gutterLines = 0;

  /**
   * @param {HTMLElement} root an element holding the textarea; the gutter and marks are added around it
   * @param {{ onInput?: (text: string) => void, onFile?: (file: File, text: string) => void }} [handlers]
   */
  constructor(root, { onInput, onFile } = {}) {
    this.root = root;
    this.textarea = root.querySelector('textarea');
    // Gutter and marks repeat what the textarea says: hidden from assistive technology.
    this.gutter = el('div', { className: 'gutter', ariaHidden: 'true' });
    this.marks = el('div', { className: 'marks', ariaHidden: 'true' });
    root.replaceChildren(this.gutter, el('div', { className: 'text-area' }, this.marks, this.textarea));
    this.textarea.addEventListener('input', () => {
      this.clearMarks();
      this.#renderGutter();
      onInput?.(this.value);
    });
    this.textarea.addEventListener('scroll', () => this.#syncScroll());
    root.addEventListener('dragover', (event) => {
      event.preventDefault();
      root.classList.add('dropping');
    });
    root.addEventListener('dragleave', () => root.classList.remove('dropping'));
    root.addEventListener('drop', async (event) => {
      event.preventDefault();
      root.classList.remove('dropping');
      const file = event.dataTransfer?.files?.[0];
      if (!file) return;
      const text = await file.text();
      onFile?.(file, text);
      this.value = text;
      onInput?.(text);
    });
    this.#renderGutter();
  }

  get value() {
    return this.textarea.value;
  }

  /** Replaces the text (no input event: the caller decides what follows). */
  set value(text) {
    this.textarea.value = text;
    this.textarea.scrollTop = 0;
    this.clearMarks();
    this.#renderGutter();
  }

  clearMarks() {
    this.marks.replaceChildren();
    for (const el of this.gutter.querySelectorAll('.marked')) el.classList.remove('marked', 'error', 'range');
  }

  /** Marks an error at a 1-based line and code-point column; `title` is the message. */
  markError(line, column, title) {
    const lineText = this.value.split('\n', line)[line - 1] ?? '';
    this.#addMark('mark-line error', line, line);
    const caret = document.createElement('div');
    caret.className = 'mark-caret';
    caret.style.top = `${(line - 1) * LINE_HEIGHT}px`;
    caret.style.left = `${visualColumn(lineText, column)}ch`;
    caret.title = title;
    this.marks.append(caret);
    this.#markGutter(line, line, 'error');
  }

  /** Highlights lines first..last (1-based, inclusive) and scrolls them into view. */
  markLines(first, last) {
    this.#addMark('mark-line range', first, last);
    this.#markGutter(first, last, 'range');
    this.scrollToLine(first);
  }

  /** Scrolls so that a line is visible, a little below the top. */
  scrollToLine(line) {
    const top = (line - 1) * LINE_HEIGHT;
    const { scrollTop, clientHeight } = this.textarea;
    if (top < scrollTop || top > scrollTop + clientHeight - 2 * LINE_HEIGHT) this.textarea.scrollTop = Math.max(0, top - 3 * LINE_HEIGHT);
    this.#syncScroll();
  }

  /** Puts the caret at a 1-based line and code-point column and focuses the text. */
  focusAt(line, column) {
    const index = indexOfPosition(this.value, line, column);
    this.textarea.focus();
    this.textarea.setSelectionRange(index, index);
    this.scrollToLine(line);
  }

  #addMark(className, first, last) {
    const mark = document.createElement('div');
    mark.className = className;
    mark.style.top = `${(first - 1) * LINE_HEIGHT}px`;
    mark.style.height = `${(last - first + 1) * LINE_HEIGHT}px`;
    this.marks.append(mark);
  }

  #markGutter(first, last, kind) {
    const numbers = this.gutter.children;
    for (let l = first; l <= last && l <= numbers.length; l++) numbers[l - 1].classList.add('marked', kind);
  }

  #renderGutter() {
    let lines = 1;
    const text = this.value;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (lines === this.#gutterLines) return;
    const fragment = document.createDocumentFragment();
    for (let l = 1; l <= lines; l++) {
      const number = document.createElement('span');
      number.textContent = l;
      fragment.append(number);
    }
    this.gutter.replaceChildren(fragment);
    this.#gutterLines = lines;
    this.#syncScroll();
  }

  #syncScroll() {
    const { scrollTop, scrollLeft } = this.textarea;
    this.gutter.scrollTop = scrollTop;
    this.marks.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
  }
}
