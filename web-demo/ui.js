// Small DOM pieces the panels share.

export const $ = (selector, root = document) => root.querySelector(selector);

/** Calls fn once input has been quiet for `ms` milliseconds. */
export function debounce(fn, ms) {
  let timer = 0;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** "0.42 ms", "12.3 ms", "1.25 s". */
export function formatMs(ms) {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "812 B", "61.9 KB", "2.15 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** An element with text and attributes: el('td', { className: 'num' }, '12'). */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Shows a note (why something is unavailable, or what went wrong), or hides it when text is empty. */
export function setNote(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

/** Fills a <dl> with label/value pairs. */
export function fillTotals(dl, pairs) {
  dl.replaceChildren(...pairs.map(([label, value]) => el('div', {}, el('dt', {}, label), el('dd', {}, String(value)))));
}

/** Offers text as a file download. */
export function download(text, filename, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Copies text to the clipboard; true when it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission (or no clipboard API): the caller says so
  }
}

/** Reads a served sample; throws with the URL and HTTP status when it cannot. */
export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
  return response.text();
}

/** Text saying where and what a diagnostic is: "line 3, column 7: expected ':'". */
export function describeDiagnostic(d) {
  return `line ${d.line}, column ${d.column}: ${d.message}`;
}
