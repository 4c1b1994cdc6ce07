// The soname table (src/nixpkgs/sonames.json, one row a soname or {N} pattern) as typed rows, and
// lookup: exact names first, then {N} patterns. The built command ships the JSON as a file beside its
// scanner (src/build.sh), read, parsed, checked and indexed only on the first lookup (~9 ms for 4,100
// rows), so a scan that maps nothing never reads it; the library's bundle holds it as text. As object
// literals in the scanner, V8 built every row each time the scanner loaded (~3 ms a scan at 3,090 rows);
// as text in it, the scanner loaded 1.25 MB more (~3 ms at 4,022; README, Performance).
import { NIXPKGS_RELEASES, type NixpkgsRelease } from "../loader/profiles.js";
import { EVIDENCE_KINDS, type Evidence } from "../model/mapping.js";
// @ts-expect-error TS1543: no `type: "json"` on purpose, which would make esbuild parse it into the bundle.
// Under vitest (vite) the import gives the parsed rows, in the library's bundle the text, in the scanner's
// bundle the name of the file beside it (src/build.sh); tableRows() takes each.
import SONAMES from "./sonames.json";
import type { SonameClass, SonameRow } from "./types.js";

const CLASSES: ReadonlySet<string> = new Set<SonameClass>(["nixpkgs", "glibc", "driver", "musl", "app-internal", "none"]);
const KINDS: ReadonlySet<string> = new Set<string>(EVIDENCE_KINDS);
const RELEASES: ReadonlySet<string> = new Set<string>(NIXPKGS_RELEASES);

const str = (v: unknown): v is string => typeof v === "string" && v !== "";
const optStr = (v: unknown): v is string | undefined => v === undefined || str(v);

/**
 * Rows from the data file's JSON, checked: every row names its evidence kind and the nixpkgs file(s)
 * behind it (a row without them is an error, not a row with less confidence).
 */
export function parseRows(data: unknown): SonameRow[] {
  if (!Array.isArray(data)) throw new Error("sonames.json: not an array");
  return data.map((x: unknown, i): SonameRow => {
    const r = (typeof x === "object" && x !== null ? x : {}) as Record<string, unknown>;
    const bad = (what: string) => new Error(`sonames.json: row ${i + 1} (${String(r.soname)}): ${what}`);
    if (!str(r.soname)) throw bad("no soname");
    if (r.attr !== null && !str(r.attr)) throw bad("attr must be a name or null");
    if (!optStr(r.output)) throw bad("output must be a name");
    if (!str(r.class) || !CLASSES.has(r.class)) throw bad(`unknown class ${String(r.class)}`);
    if (!str(r.evidence) || !KINDS.has(r.evidence)) throw bad(`evidence must be one of ${EVIDENCE_KINDS.join(", ")}`);
    if (!Array.isArray(r.files) || r.files.length === 0 || !r.files.every(str)) throw bad("no nixpkgs file");
    if (!optStr(r.shows) || !optStr(r.read) || !optStr(r.note)) throw bad("shows, read and note must be text");
    const releases: Partial<Record<NixpkgsRelease, string | null>> = {};
    if (r.releases !== undefined) {
      if (typeof r.releases !== "object" || r.releases === null) throw bad("releases must be an object");
      for (const [rel, a] of Object.entries(r.releases)) {
        if (!RELEASES.has(rel)) throw bad(`unknown release ${rel}`);
        if (a !== null && !str(a)) throw bad(`releases.${rel} must be a name or null`);
        releases[rel as NixpkgsRelease] = a;
      }
    }
    return {
      soname: r.soname,
      attr: r.attr,
      output: r.output ?? null,
      class: r.class as SonameClass,
      releases,
      evidence: r.evidence as Evidence,
      files: r.files,
      shows: r.shows ?? null,
      read: r.read ?? null,
      note: r.note ?? null,
    };
  });
}

let rows: readonly SonameRow[] | null = null;
let readShipped: ((name: string) => string) | null = null;

/**
 * How to read the table when the build ships it as a file beside the command (src/build.sh: the
 * scanner's bundle then holds only its name): set by the command before it scans.
 */
export function readTableWith(read: (name: string) => string): void {
  readShipped = read;
}

/** Every row, in the file's order (sorted by soname). Parsed on first use. */
export function tableRows(): readonly SonameRow[] {
  if (rows === null) {
    // The rows (under vitest), their JSON text (the library's bundle), or the name of the file that holds it.
    let data: unknown = SONAMES;
    if (typeof data === "string" && !data.startsWith("[")) {
      if (readShipped === null) throw new Error(`the soname table is the file ${data} beside the command, and nothing was given to read it`);
      data = readShipped(data);
    }
    rows = parseRows(typeof data === "string" ? JSON.parse(data) : data);
  }
  return rows;
}

export interface TableHit {
  row: SonameRow;
  /**
   * The attribute with {N} replaced by the number the soname carries (the last {N} of the pattern). A
   * pattern row names an attribute only when it carries that {N} (or the row is a GPU driver's, which is
   * never printed): one nixpkgs release installs one soname, which gets its own exact row.
   */
  attr: string | null;
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
    for (const r of tableRows()) {
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
  if (row) return { row, attr: row.attr };
  // In table order, the first pattern that matches; only patterns whose literal prefix fits are
  // compiled and run (a scan asks about a few hundred names, the table has ~175 patterns).
  for (const p of patterns) {
    if (!soname.startsWith(p.prefix)) continue;
    p.re ??= patternRegex(p.source);
    const m = p.re.exec(soname);
    if (!m) continue;
    const n = m[m.length - 1]!;
    return { row: p.row, attr: p.row.attr === null ? null : p.row.attr.replaceAll("{N}", n) };
  }
  return null;
}
