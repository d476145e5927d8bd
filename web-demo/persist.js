// What survives a reload (localStorage) and what a link carries (the URL
// hash): the input and options of each panel. A shared link holds only a
// small example, so that URLs stay short enough to paste anywhere.

const STORAGE_KEY = 'wasmod-demo-v1';
const SHARE_PREFIX = '#share=';
/** Longest input (in UTF-16 units) a shared link carries. */
export const SHARE_LIMIT = 2000;
/** Longest input kept in localStorage (its quota is a few MB for the whole origin). */
const STORE_LIMIT = 1 << 20;

/** The saved state, or {} when there is none (or it is unreadable). */
export function loadState() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY)) ?? {};
  } catch {
    return {};
  }
}

/**
 * Saves one panel's state. Returns false when the input was too large to keep
 * (its options are kept anyway).
 */
export function savePanel(panel, { text, ...options }) {
  const state = loadState();
  const keepText = text.length <= STORE_LIMIT;
  state[panel] = keepText ? { text, ...options } : { ...options };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    return false; // quota or storage disabled: the page still works, it just forgets
  }
  return keepText;
}

const toBase64Url = (text) => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (encoded) => {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

/** A link to this page that restores `example` ({ panel, text, ...options }), or null when the text is too long. */
export function shareUrl(example) {
  if (example.text.length > SHARE_LIMIT) return null;
  const url = new URL(location.href);
  url.hash = SHARE_PREFIX.slice(1) + toBase64Url(JSON.stringify(example));
  return url.href;
}

/** The example carried by the URL hash, or null. */
export function sharedExample(hash = location.hash) {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  try {
    const example = JSON.parse(fromBase64Url(hash.slice(SHARE_PREFIX.length)));
    return typeof example?.text === 'string' && typeof example.panel === 'string' ? example : null;
  } catch {
    return null;
  }
}
