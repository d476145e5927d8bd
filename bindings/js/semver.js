// A small semver range matcher for registry lookups: exact ('1.2.3'), caret
// ('^1.2'), tilde ('~1.2.3'), x-ranges ('1.x', '1.2.*', '*'), comparators
// ('>=1.2.0 <2'), and unions ('^1 || ^2'). Pre-release versions match only a
// range that names the same major.minor.patch with a pre-release.

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses 'MAJOR.MINOR.PATCH[-pre][+build]'; null when it is not semver. */
export function parseVersion(text) {
  const m = VERSION.exec(String(text).trim());
  return m ? { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ? m[4].split('.') : [] } : null;
}

function comparePre(a, b) {
  if (!a.length || !b.length) return b.length - a.length; // a release sorts after its pre-releases
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const [na, nb] = [/^\d+$/.test(a[i]), /^\d+$/.test(b[i])];
    if (na && nb && +a[i] !== +b[i]) return +a[i] - +b[i];
    if (na !== nb) return na ? -1 : 1;
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Orders two parsed versions: negative, zero or positive. */
export function compareVersions(a, b) {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

// One partial version of a range: missing or 'x' / '*' parts are null.
function parsePartial(text) {
  const m = /^v?(\d+|[xX*])?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?$/.exec(text);
  if (!m) return null;
  const part = (s) => (s === undefined || /^[xX*]$/.test(s) ? null : +s);
  const [major, minor, patch] = [part(m[1]), part(m[2]), part(m[3])];
  if (major === null && (minor !== null || patch !== null)) return null;
  if (minor === null && patch !== null) return null;
  return { major, minor, patch, pre: m[4] ? m[4].split('.') : [] };
}

const at = (major, minor, patch, pre = []) => ({ major, minor, patch, pre });

// A comparator set as [lower, lowerInclusive, upper, upperInclusive] bounds (null = open).
function bounds(op, p) {
  const { major, minor, patch, pre } = p;
  if (major === null) return [null, true, null, false];
  const low = at(major, minor ?? 0, patch ?? 0, pre);
  const nextOf = () => (minor === null ? at(major + 1, 0, 0) : patch === null ? at(major, minor + 1, 0) : null);
  switch (op) {
    case '^': {
      const up = major > 0 || minor === null ? at(major + 1, 0, 0) : minor > 0 || patch === null ? at(0, minor + 1, 0) : at(0, 0, patch + 1);
      return [low, true, up, false];
    }
    case '~':
      return [low, true, minor === null ? at(major + 1, 0, 0) : at(major, minor + 1, 0), false];
    case '>=':
      return [low, true, null, false];
    case '>':
      return nextOf() ? [nextOf(), true, null, false] : [low, false, null, false];
    case '<':
      return [null, true, low, false];
    case '<=':
      return nextOf() ? [null, true, nextOf(), false] : [null, true, low, true];
    default: // '=' or bare: an x-range when partial
      return nextOf() ? [low, true, nextOf(), false] : [low, true, low, true];
  }
}

function parseComparators(text) {
  const tokens = text.trim().replace(/(>=|<=|[<>=^~])\s+/g, '$1').split(/\s+/).filter(Boolean);
  if (!tokens.length) return [[null, true, null, false, []]];
  return tokens.map((token) => {
    const m = /^(>=|<=|[<>=^~])?(.*)$/.exec(token);
    const partial = parsePartial(m[2]);
    if (!partial) throw new Error(`not a semver range: '${text}'`);
    return [...bounds(m[1] ?? '=', partial), partial.pre.length ? [partial.major, partial.minor ?? 0, partial.patch ?? 0] : null];
  });
}

/** Parses a range once, for many tests; throws on a malformed range. */
export function parseRange(range) {
  const sets = String(range).split('||').map(parseComparators);
  return (version) => {
    const v = typeof version === 'string' ? parseVersion(version) : version;
    if (!v) return false;
    return sets.some((set) => {
      if (v.pre.length && !set.some((c) => c[4] && c[4][0] === v.major && c[4][1] === v.minor && c[4][2] === v.patch)) return false;
      return set.every(([low, lowIn, high, highIn]) => {
        if (low) {
          const c = compareVersions(v, low);
          if (c < 0 || (c === 0 && !lowIn)) return false;
        }
        if (high) {
          const c = compareVersions(v, high);
          if (c > 0 || (c === 0 && !highIn)) return false;
        }
        return true;
      });
    });
  };
}

/** True when `version` satisfies `range`. */
export function satisfies(version, range) {
  return parseRange(range)(version);
}
