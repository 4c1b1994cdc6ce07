// What the Nix emitters share: who needs each package (executables under nix-ld, addons, others),
// comment text for packages, drivers and unmapped names, list layout, and attribute references.
import { isFinding } from "../../model/findings.js";
import type { FileReport, ScanReport } from "../../model/report.js";
import type { DriverNeed, Mapping, PackageChoice, UnmappedSoname } from "../../nixpkgs/types.js";
import { environmentText, evidenceText, mappingNoteText, mappingWarningText, targetText, targetWarningText, unmappedText } from "../words/index.js";
import { attrPath, comment, type Nix, nix, shown } from "./escape.js";

/** Options of every emitter. */
export interface EmitOptions {
  /** --binary: only this executable (wrapper). */
  binary?: string;
  /** Absolute directory the scan's relative paths start from; default: the directory of the Nix file (`./.`). */
  baseDir?: string;
}

/** An emitter cannot produce what was asked (e.g. --binary names no executable of the scan). */
export class NixEmitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NixEmitError";
  }
}

/** Where NixOS puts the running GPU driver's libraries (/run/opengl-driver/lib), as the emitters print it. */
export const DRIVER_LINK = "pkgs.addDriverRunpath.driverLink";

/** Attribute paths the emitters print besides the mapping's packages (tests build the stand-in pkgs from them). */
export const EMITTER_ATTRS = [
  "addDriverRunpath.driverLink",
  "autoAddDriverRunpath",
  "autoPatchelfHook",
  "lib.escapeShellArg",
  "lib.getLib",
  "lib.makeLibraryPath",
  "lib.throwIfNot",
  "lib.versions.major",
  "mkShell",
  "nix-ld",
  "pkgsi686Linux",
  "stdenv.cc.bintools.dynamicLinker",
  "stdenv.mkDerivation",
  "writeShellScriptBin",
] as const;

/** Who loads a file set: executables started through nix-ld, other executables, addons. */
export interface Reach {
  nixLd: string[];
  otherExecutables: string[];
  addons: string[];
}

export interface Scope {
  report: ScanReport;
  mapping: Mapping;
  /** 32-bit x86 binaries: packages come from pkgsi686Linux. */
  is32: boolean;
  /** How package attributes are reached in code that has `pkgs` in scope. */
  pkgs: string;
  byPath: Map<string, FileReport>;
  /** reach() by the file list it was asked about (emitters ask about one package's files several times). */
  reached: Map<readonly string[], Reach>;
  /**
   * Files nothing runs once the npm variables point their packages at nixpkgs builds (replacedFiles):
   * left out of reach() and of the executables needing nix-ld. Empty unless the emitter asks.
   */
  replaced: ReadonlySet<string>;
}

/** `replaced`: the emitter accounts for the npm variables (the devShell sets them; the nix-ld module says to). */
export function scope(report: ScanReport, mapping: Mapping, replaced: ReadonlySet<string> = new Set()): Scope {
  const byPath = new Map<string, FileReport>();
  for (const f of report.files) for (const p of f.paths.length > 0 ? f.paths : [f.path]) byPath.set(p, f);
  const is32 = mapping.system === "i686-linux";
  return { report, mapping, is32, pkgs: is32 ? "pkgs.pkgsi686Linux" : "pkgs", byPath, reached: new Map(), replaced };
}

/** The executables that need nix-ld's loader, less those the npm variables replace. */
export function interpreterNeeded(scope: Scope): string[] {
  return scope.mapping.interpreterNeeded.filter((p) => !scope.replaced.has(p));
}

/**
 * A Bare addon: dlopen()ed by the Bare runtime, itself a prebuilt FHS executable that runs under nix-ld,
 * whose loader searches NIX_LD_LIBRARY_PATH (as its LD_LIBRARY_PATH) for dlopen() too. So nix-ld's
 * library path serves it, as it serves an executable, unlike an addon of a Nix-built node.
 */
export function isBareAddon(f: FileReport | undefined): boolean {
  return f?.analysis?.role === "addon" && f.analysis.host?.assumption.code === "bare-runtime";
}

/** Executables and addons of the scan that are findings, in report order. */
export function findings(scope: Scope, role: "executable" | "addon"): FileReport[] {
  return scope.report.files.filter((f) => f.analysis?.role === role && isFinding(f));
}

/** Sort the files needing something by what will load them (a library counts for each of its loaders). Shared: do not mutate. */
export function reach(scope: Scope, files: readonly string[]): Reach {
  let done = scope.reached.get(files);
  if (done === undefined) {
    done = reachUncached(scope, files);
    scope.reached.set(files, done);
  }
  return done;
}

function reachUncached(scope: Scope, files: readonly string[]): Reach {
  const r = { nixLd: new Set<string>(), otherExecutables: new Set<string>(), addons: new Set<string>() };
  const add = (path: string, f: FileReport | undefined) => {
    if (scope.replaced.has(path)) return;
    const a = f?.analysis;
    if (a?.role === "addon") (isBareAddon(f) ? r.nixLd : r.addons).add(path);
    else if (a?.role === "executable")
      (a.interpreter?.status === "fhs-missing" || a.interpreter?.status === "fhs-nix-ld" ? r.nixLd : r.otherExecutables).add(path);
  };
  for (const path of files) {
    const f = scope.byPath.get(path);
    if (f?.analysis?.role !== "library") add(path, f);
    else if (f.analysis.loadedBy.length === 0)
      r.nixLd.add(path); // loader unknown: assume a program under nix-ld
    else for (const l of f.analysis.loadedBy) add(l, scope.byPath.get(l));
  }
  const sorted = (x: Set<string>) => [...x].sort();
  return { nixLd: sorted(r.nixLd), otherExecutables: sorted(r.otherExecutables), addons: sorted(r.addons) };
}

/** True when `files` (a package's or driver's) are needed by `exe` directly or through a library it loads. */
export function neededBy(scope: Scope, files: readonly string[], exe: string): boolean {
  return files.some((p) => p === exe || (scope.byPath.get(p)?.analysis?.loadedBy.includes(exe) ?? false));
}

/** "a, b, c and 4 more", names shown safely. */
export function sample(files: readonly string[], n = 3): string {
  const head = files.slice(0, n).map(shown).join(", ");
  return files.length > n ? `${head} and ${files.length - n} more` : head;
}

/** Comment lines for one package: its sonames, a sample of who needs them, the table's evidence and the mapping's warnings. */
export function packageNote(choice: PackageChoice, files: readonly string[]): string[] {
  return [`${choice.sonames.map(shown).join(", ")}: ${sample(files)}`, ...choiceNotes(choice)];
}

/** The evidence behind a table choice and the mapping's warnings, as comment lines. */
export function choiceNotes(choice: Pick<PackageChoice, "evidence" | "warnings">): string[] {
  return [
    ...(choice.evidence === null ? [] : [`evidence: ${evidenceText(choice.evidence)}`]),
    ...choice.warnings.map((w) => `warning: ${mappingWarningText(w)}`),
  ];
}

/** `pkgs.<attr>` (or `pkgs.pkgsi686Linux.<attr>`), the attribute path validated. */
export function pkgRef(scope: Scope, attr: string): Nix {
  return nix(`${scope.pkgs}.${attrPath(attr)}`);
}

/** Names a `with pkgs;` cannot reach because lexical scope and builtins win over `with`. */
const SHADOWED = new Set([
  "pkgs",
  "lib",
  "config",
  "abort",
  "baseNameOf",
  "break",
  "builtins",
  "derivation",
  "derivationStrict",
  "dirOf",
  "false",
  "fetchGit",
  "fetchMercurial",
  "fetchTarball",
  "fetchTree",
  "fromTOML",
  "import",
  "isNull",
  "map",
  "null",
  "placeholder",
  "removeAttrs",
  "scopedImport",
  "throw",
  "toString",
  "true",
]);

/** An attribute inside `with <pkgs>;`: bare, unless its first part is shadowed. */
export function withRef(scope: Scope, attr: string): Nix {
  const first = attr.split(".")[0] ?? "";
  return SHADOWED.has(first) || first.startsWith("__") ? pkgRef(scope, attr) : attrPath(attr);
}

export interface ListItem {
  note: readonly string[];
  code: string;
}

/** A Nix list laid out like nixfmt, each item preceded by its comment lines. */
export function list(items: readonly ListItem[], indent: string): string {
  if (items.length === 0) return "[ ]";
  const only = items[0]!;
  if (items.length === 1 && only.note.length === 0 && only.code.length < 60) return `[ ${only.code} ]`;
  const inner = `${indent}  `;
  const body = items.flatMap((it) => (it.note.length > 0 ? [comment(it.note, inner), `${inner}${it.code}`] : [`${inner}${it.code}`]));
  return ["[", ...body, `${indent}]`].join("\n");
}

/** The opening comment of every emitted file. */
export function header(scope: Scope, what: string, usage: readonly string[]): string {
  const r = scope.report;
  const lines = [
    `${what}: generated by ${r.tool.name} ${r.tool.version} for nixpkgs ${scope.mapping.release} (${scope.mapping.system}).`,
    `Scanned: ${r.roots.map(shown).join(", ") || "(nothing)"}`,
    ...(r.target ? [`Judged against ${targetText(r.target)}`, ...r.target.warnings.map((w) => `warning: ${targetWarningText(w)}`)] : []),
    ...(r.judged === "host" && r.environment ? [environmentText(r.judged, r.environment)!] : []),
    ...usage,
    ...scope.mapping.notes.map((n) => `note: ${mappingNoteText(n)}`),
  ];
  return comment(lines);
}

/** Comment lines for sonames no package was chosen for. */
export function unmappedNote(list: readonly UnmappedSoname[]): string[] {
  if (list.length === 0) return [];
  return [
    "Not mapped to a nixpkgs package, so nothing was added for them; find one and add it:",
    ...list.flatMap((u) => [
      `  ${shown(u.soname)} (needed by ${sample(u.files)}): ${unmappedText(u.why)}`,
      ...(u.replacement ? [`    instead: ${u.replacement}`] : []),
    ]),
  ];
}

/** Comment lines naming GPU driver libraries and who needs them. */
export function driverNote(drivers: readonly DriverNeed[]): string[] {
  return drivers.map((d) => `  ${shown(d.soname)} (needed by ${sample(d.files)})`);
}

/** A display path split for anchoring: absolute, or relative to the scan's working directory. */
export function anchor(path: string): { absolute: boolean; rel: string } {
  if (path.startsWith("/")) return { absolute: true, rel: path };
  let rel = path;
  while (rel.startsWith("./")) rel = rel.slice(2).replace(/^\/+/, "");
  return { absolute: false, rel: rel === "." ? "" : rel };
}

/** `base` (absolute) joined with a relative path, `.` and `..` resolved by name as the scan resolved them. */
export function joinPath(base: string, rel: string): string {
  const out: string[] = [];
  for (const seg of `${base}/${rel}`.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}

/** The last component of a display path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || trimmed;
}
