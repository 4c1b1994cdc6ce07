// The soname table as typed rows, and lookup: exact names first, then {N} patterns.
import { RAW_TABLE } from "./table-data.js";
import type { SonameClass, SonameRow } from "./types.js";

const CLASSES: ReadonlySet<string> = new Set<SonameClass>(["nixpkgs", "glibc", "driver", "musl", "app-internal", "none"]);

export const TABLE: readonly SonameRow[] = RAW_TABLE.map(([soname, attr, output, cls, verified, source, note]) => {
  if (!CLASSES.has(cls)) throw new Error(`table-data.ts: row ${soname} has unknown class ${cls}`);
  return {
    soname,
    attr: attr === "" ? null : attr,
    output: output === "" ? null : output,
    class: cls as SonameClass,
    verified: verified === 1,
    source,
    note: note === "" ? null : note,
  };
});

export interface TableHit {
  row: SonameRow;
  /** The attribute with {N} replaced by the number the soname carries (the last {N} of the pattern). */
  attr: string | null;
  /** A pattern row whose attribute does not follow the soname's version: nixpkgs may ship another. */
  versionAgnostic: boolean;
}

/** `{N}` pattern -> regex with one capture per `{N}`. */
export function patternRegex(pattern: string): RegExp {
  const parts = pattern.split("{N}").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("(\\d+)")}$`);
}

interface Pattern {
  /** The literal text before the first {N}: a cheap filter before the regex. */
  prefix: string;
  source: string;
  re: RegExp | null;
  row: SonameRow;
}

let exact: Map<string, SonameRow> | null = null;
const patterns: Pattern[] = [];

function index(): Map<string, SonameRow> {
  if (exact === null) {
    exact = new Map();
    for (const r of TABLE) {
      const at = r.soname.indexOf("{N}");
      if (at >= 0) patterns.push({ prefix: r.soname.slice(0, at), source: r.soname, re: null, row: r });
      else exact.set(r.soname, r);
    }
  }
  return exact;
}

const hits = new Map<string, TableHit | null>();

/** The row for a soname: an exact row wins over a pattern. Memoised. */
export function lookup(soname: string): TableHit | null {
  let h = hits.get(soname);
  if (h === undefined) {
    h = lookupUncached(soname);
    // Module-wide, so bounded: a long-lived process mapping many trees must not grow it forever.
    if (hits.size >= 50_000) hits.clear();
    hits.set(soname, h);
  }
  return h;
}

function lookupUncached(soname: string): TableHit | null {
  const row = index().get(soname);
  if (row) return { row, attr: row.attr, versionAgnostic: false };
  // In table order, the first pattern that matches; only patterns whose literal prefix fits are
  // compiled and run (a scan asks about a few hundred names, the table has ~140 patterns).
  for (const p of patterns) {
    if (!soname.startsWith(p.prefix)) continue;
    p.re ??= patternRegex(p.source);
    const m = p.re.exec(soname);
    if (!m) continue;
    const n = m[m.length - 1]!;
    const attr = p.row.attr === null ? null : p.row.attr.replaceAll("{N}", n);
    return { row: p.row, attr, versionAgnostic: p.row.attr !== null && !p.row.attr.includes("{N}") };
  }
  return null;
}
