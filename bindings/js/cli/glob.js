// File arguments -> file paths, the way prettier reads them: a literal file,
// a folder (every file in it with one of the command's extensions), or a
// quoted glob expanded here (Node 20's fs has no glob): `**` (any folders),
// `*`, `?`, `[abc]`, `{a,b}`. Wildcards skip dot files and node_modules unless
// the pattern names them; matches come sorted, each path once.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

const MAGIC = /[*?[{]/;
// {a,b} groups multiply: twenty of them make a million patterns.
const MAX_PATTERNS = 10000;

/** True when the argument is a glob rather than a path. */
export function isGlob(argument) {
  return MAGIC.test(argument);
}

/** Expands `{a,b}` alternatives (nested too) into plain patterns. */
export function expandBraces(pattern) {
  const done = [];
  const pending = [pattern];
  while (pending.length) {
    if (done.length + pending.length > MAX_PATTERNS) throw new UsageError(`the pattern '${pattern}' expands to more than ${MAX_PATTERNS} patterns`);
    const p = pending.pop();
    const open = findBraceGroup(p);
    if (!open) {
      done.push(p);
      continue;
    }
    for (const alternative of open.alternatives) pending.push(p.slice(0, open.start) + alternative + p.slice(open.end));
  }
  return done.reverse();
}

// The first top-level {..,..} group: its bounds and its alternatives (a group without a comma is literal).
function findBraceGroup(p) {
  for (let start = p.indexOf('{'); start !== -1; start = p.indexOf('{', start + 1)) {
    let depth = 0;
    const cuts = [];
    for (let i = start; i < p.length; i++) {
      if (p[i] === '\\') i++;
      else if (p[i] === '{') depth++;
      else if (p[i] === ',' && depth === 1) cuts.push(i);
      else if (p[i] === '}' && --depth === 0) {
        if (!cuts.length) break;
        const bounds = [start, ...cuts, i];
        const alternatives = bounds.slice(1).map((cut, k) => p.slice(bounds[k] + 1, cut));
        return { start, end: i + 1, alternatives };
      }
    }
  }
  return null;
}

/** A RegExp for one path segment of a glob (no '/' inside). */
export function segmentRegExp(segment) {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\' && i + 1 < segment.length) source += escape(segment[++i]);
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) source += '\\[';
      else {
        let body = segment.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body[0] === '!') body = `^${body.slice(1)}`;
        source += `[${body}]`;
        i = close;
      }
    } else source += escape(c);
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    throw new UsageError(`'${segment}' is not a valid pattern (a range such as [z-a] is backwards?)`);
  }
}

function escape(c) {
  return /[.+^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function entries(dir) {
  try {
    return readdirSync(dir || '.', { withFileTypes: true });
  } catch {
    return [];
  }
}

// Wildcards do not reach into hidden entries or node_modules unless the segment asks for them.
function hiddenFrom(name, segment) {
  return (name.startsWith('.') && !segment.startsWith('.')) || (name === 'node_modules' && segment !== 'node_modules');
}

function isRegularFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(dir, entry) {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path.join(dir, entry.name)).isDirectory();
  } catch {
    return false;
  }
}

/** The files matching one brace-free glob, relative to cwd (as the pattern was written), sorted. */
function matchGlob(pattern, skipped) {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || (i === 0 && absolute));
  // The literal prefix is walked as is; wildcards start after it.
  let first = 0;
  while (first < segments.length - 1 && !isGlob(segments[first])) first++;
  const base = segments.slice(0, first).join('/') || (absolute ? '/' : '');
  const matchers = segments.slice(first).map((s) => (s === '**' ? s : { text: s, re: segmentRegExp(s) }));
  const found = new Set();
  // Only regular files: a FIFO or a device found by a wildcard would block the run or never end.
  const addFile = (file, entry) => {
    if (entry.isFile() || (entry.isSymbolicLink() && isRegularFile(file))) found.add(file);
    else skipped.add(file);
  };
  const stack = [[base, 0]];
  const seen = new Set();
  while (stack.length) {
    const [dir, index] = stack.pop();
    const key = `${dir}\0${index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const matcher = matchers[index];
    const last = index === matchers.length - 1;
    if (matcher === '**') {
      if (last) {
        // a trailing ** means every file below
        for (const e of entries(dir)) {
          if (hiddenFrom(e.name, '*')) continue;
          const child = dir ? path.join(dir, e.name) : e.name;
          if (isDirectory(dir, e)) stack.push([child, index]);
          else addFile(child, e);
        }
        continue;
      }
      stack.push([dir, index + 1]);
      for (const e of entries(dir)) if (!hiddenFrom(e.name, '*') && isDirectory(dir, e)) stack.push([dir ? path.join(dir, e.name) : e.name, index]);
      continue;
    }
    for (const e of entries(dir)) {
      if (hiddenFrom(e.name, matcher.text) || !matcher.re.test(e.name)) continue;
      const child = dir ? path.join(dir, e.name) : e.name;
      const directory = isDirectory(dir, e);
      if (last && !directory) addFile(child, e);
      else if (!last && directory) stack.push([child, index + 1]);
    }
  }
  return [...found].sort();
}

/**
 * Expands the file arguments of a command. `-` stays as is (stdin). A folder
 * becomes the files below it whose extension is in `extensions`. Returns
 * { files, problems }: problems are arguments that match nothing, and
 * what wildcards found that is not a regular file (a FIFO, a device), skipped.
 * @param {string[]} args
 * @param {string[]} extensions e.g. ['.json']
 */
export function expandFileArguments(args, extensions) {
  const files = [];
  const seen = new Set();
  const problems = [];
  const skipped = new Set();
  const add = (file) => {
    if (!seen.has(file)) files.push(file);
    seen.add(file);
  };
  for (const arg of args) {
    if (arg === '-') {
      if (seen.has(arg)) throw new UsageError('stdin (-) can be read only once');
      add(arg);
      continue;
    }
    let stat = null;
    try {
      stat = statSync(arg);
    } catch {
      // not a path: maybe a glob
    }
    if (stat?.isDirectory()) {
      const ours = (f) => extensions.includes(path.extname(f).toLowerCase());
      const odd = new Set();
      const below = matchGlob(`${arg.replace(/\/+$/, '')}/**`, odd).filter(ours);
      for (const f of odd) if (ours(f)) skipped.add(f);
      if (!below.length) problems.push(`no ${extensions.join(' or ')} files in folder '${arg}'`);
      below.forEach(add);
    } else if (stat || !isGlob(arg)) {
      add(arg); // a missing literal file is reported when it is read
    } else {
      const matches = [...new Set(expandBraces(arg).flatMap((p) => matchGlob(p, skipped)))].sort();
      if (!matches.length) problems.push(`no files match the pattern '${arg}'`);
      matches.forEach(add);
    }
  }
  for (const file of skipped) problems.push(`skipped '${file}': not a regular file`);
  return { files, problems };
}
