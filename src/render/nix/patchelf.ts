// --emit patchelf: a derivation per scanned root whose source is only what autoPatchelfHook can patch
// (the ELF files built for the target, and symlinks to them), with buildInputs for exactly the names the
// hook will ask for. The hook resolves every DT_NEEDED (and .note.dlopen entry) of every ELF file it
// patches, whoever loads the file at run time: it takes a name as found when a file of that name is in
// the output (`*.so*`) or in glibc's lib/, and otherwise looks in buildInputs or stops the build.
import { knownRelease, SYSTEMS, targetProfile } from "../../loader/profiles.js";
import type { Analysis } from "../../loader/types.js";
import { isMissing } from "../../model/findings.js";
import { isUnder } from "../../model/paths.js";
import type { FileReport, ScanReport } from "../../model/report.js";
import { nixLocateCommand } from "../../nixpkgs/locate.js";
import { mapReport } from "../../nixpkgs/select.js";
import type { DriverNeed, Mapping, PackageChoice, UnmappedSoname } from "../../nixpkgs/types.js";
import { unmappedText } from "../words/index.js";
import {
  anchor,
  baseName,
  choiceNotes,
  type EmitOptions,
  header,
  joinPath,
  type ListItem,
  list,
  NixEmitError,
  pkgRef,
  type Scope,
  sample,
  scope,
} from "./common.js";
import { attrName, comment, derivationName, type Nix, nix, nixIndented, nixString, type StrPart, shellQuote, shown } from "./escape.js";

/** An autoPatchelfIgnoreMissingDeps entry for a soname: the hook splits the list at spaces and matches
 *  entries with fnmatch, so spaces, glob characters and a leading dash become `?` (which matches them). */
export function ignorePattern(soname: string): string {
  return soname.replace(/[ *?[\]]/g, "?").replace(/^-/, "?");
}

/** The root as a Nix path expression (relative ones start at the directory of this file, or at baseDir). */
function pathExpr(root: string, baseDir: string | undefined): Nix {
  const { absolute, rel } = anchor(root);
  if (absolute) return rel.replace(/\/+$/, "") === "" ? nix("/.") : nix(`/. + ${nixString(rel)}`);
  if (baseDir !== undefined) return nix(`/. + ${nixString(joinPath(baseDir, rel))}`);
  return rel === "" ? nix("./.") : nix(`./. + ${nixString(`/${rel}`)}`);
}

/** Files of the scan under one root, and their paths relative to it. */
function under(scope: Scope, root: string): { root: string; files: FileReport[]; rel: (p: string) => string; isFile: boolean } {
  const r = root.replace(/\/+$/, "") || "/";
  const prefix = r === "/" ? "/" : `${r}/`;
  const files = scope.report.files.filter((f) => isUnder(r, f.path));
  return { root: r, files, rel: (p) => (p === r ? baseName(p) : p.slice(prefix.length)), isFile: files.some((f) => f.path === r) };
}

/** Why a file stays out of the source; null when autoPatchelfHook can patch it. */
type LeftOut = "foreign" | "payload" | "static" | "unreadable" | "other";

/**
 * Whether the hook can patch a file: an executable, addon or library the loader emulation judged for
 * this system. Not: files for another machine, OS or C library (the hook skips other machines but takes
 * a bionic or musl file for its own, sets glibc's loader and stops on libc.so, libdl.so, ...), files
 * carrying data after their ELF image (patchelf rewrites the file and breaks them), static ones
 * (nothing to patch), damaged ones, and objects, debug files and core dumps.
 */
function leftOut(file: FileReport): LeftOut | null {
  const a = file.analysis;
  if (file.elf === null || file.errors.length > 0) return "unreadable";
  if (a?.verdict === "foreign" || a?.verdict === "foreign-libc") return "foreign";
  if (file.elf.trailingPayload) return "payload";
  if (a?.role === "static") return "static";
  if (a === undefined || (a.role !== "executable" && a.role !== "addon" && a.role !== "library")) return "other";
  return null;
}

/** A path with "." and ".." resolved by name, relative paths kept relative ("../x" stays). */
function normalise(path: string): string {
  const abs = path.startsWith("/");
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (seg !== ".." || !abs) out.push(seg);
  }
  return abs ? `/${out.join("/")}` : out.join("/") || ".";
}

/** The directory of a normalised path ("." for a bare name). */
function parent(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

/** Where a symlink under the root points, by name, following further symlinks (at most 40, as the kernel). */
function resolveLink(path: string, links: ReadonlyMap<string, string | null>): string | null {
  let p = path;
  for (let i = 0; i < 40; i++) {
    const target = links.get(p);
    if (target === undefined) return p;
    if (target === null) return null;
    p = normalise(target.startsWith("/") ? target : `${parent(p)}/${target}`);
  }
  return null;
}

/** One name the hook will look for, and the patched files that want it. */
interface Ask {
  /** The names that satisfy it (a .note.dlopen entry may offer several). */
  names: string[];
  files: Set<string>;
}

interface Plan {
  /** Regular files the hook patches. */
  patched: FileReport[];
  /** Relative paths (to the root) of everything in the source: files, symlinks to them, their directories. */
  keep: string[];
  /** Symlinks kept (display paths). */
  links: string[];
  out: Map<LeftOut, FileReport[]>;
  asks: Ask[];
}

function plan(scope: Scope, here: ReturnType<typeof under>): Plan {
  const out = new Map<LeftOut, FileReport[]>();
  const patched: FileReport[] = [];
  for (const f of here.files) {
    const why = leftOut(f);
    if (why === null) patched.push(f);
    else out.set(why, [...(out.get(why) ?? []), f]);
  }
  // Every path of a patched file (hard links included), and the symlinks under the root that lead to
  // one of them or to a directory holding one: a DT_NEEDED usually names such a link (libfoo.so.1).
  const entries: string[] = [];
  for (const f of patched) for (const p of f.paths) if (isUnder(here.root, p)) entries.push(p);
  const rootN = normalise(here.root);
  const targets = new Set<string>();
  for (const e of entries) for (let d = normalise(e); d !== rootN && d !== "." && d !== "/"; d = parent(d)) targets.add(d);
  const linkMap = new Map(scope.report.symlinks.map((l) => [normalise(l.path), l.target]));
  const links: string[] = [];
  for (const l of scope.report.symlinks) {
    if (!isUnder(here.root, l.path) || l.path === here.root) continue;
    const to = resolveLink(normalise(l.path), linkMap);
    if (to !== null && targets.has(to)) links.push(l.path);
  }
  const kept = [...entries, ...links];
  const keep = new Set<string>();
  for (const p of kept) {
    const rel = here.rel(p);
    keep.add(rel);
    for (let i = rel.indexOf("/"); i >= 0; i = rel.indexOf("/", i + 1)) keep.add(rel.slice(0, i));
  }
  return { patched, keep: [...keep].sort(), links: links.sort(), out, asks: asksOf(scope, patched, kept) };
}

/**
 * What the hook will ask for, from the ELF facts of the files it patches: each DT_NEEDED and each
 * .note.dlopen entry, less names glibc's lib/ has (the hook skips those) and names of `*.so*` entries
 * of the source (it finds those in the output). A name with a slash is looked up by its last part.
 */
function asksOf(scope: Scope, patched: readonly FileReport[], kept: readonly string[]): Ask[] {
  const t = targetProfile(systemOf(scope.mapping), knownRelease(scope.mapping.release));
  const glibc = new Set([...t.glibcProvided, ...t.glibcHacks]);
  const inSource = new Set(kept.map(baseName).filter((n) => n.includes(".so")));
  const found = (n: string) => (n.includes("/") ? inSource.has(baseName(n)) : glibc.has(n) || inSource.has(n));
  const asks = new Map<string, Ask>();
  const ask = (names: string[], file: string) => {
    const key = names.join("\0");
    let a = asks.get(key);
    if (a === undefined) {
      a = { names, files: new Set() };
      asks.set(key, a);
    }
    a.files.add(file);
  };
  for (const f of patched) {
    const elf = f.elf!;
    for (const n of elf.needed) if (!found(n)) ask([n.includes("/") ? baseName(n) : n], f.path);
    for (const note of elf.dlopen) if (!note.sonames.some(found)) ask(note.sonames, f.path);
  }
  return [...asks.values()];
}

function systemOf(mapping: Mapping): (typeof SYSTEMS)[number] {
  const sys = SYSTEMS.find((x) => x === mapping.system);
  if (sys === undefined) throw new NixEmitError(`no NixOS profile for ${mapping.system}: the patchelf derivation needs to know what glibc provides`);
  return sys;
}

/** Where each asked name is provided: a package, the GPU driver, or nothing known. */
interface Provision {
  packages: { attr: string; sonames: Set<string>; files: Set<string>; warnings: PackageChoice["warnings"]; evidence: PackageChoice["evidence"] }[];
  drivers: DriverNeed[];
  unmapped: UnmappedSoname[];
}

/**
 * Each asked name to what the scan's mapping chose for it (pins and nix-locate answers included); names
 * the mapping never saw (a library the assumed host already had loaded, such as libstdc++.so.6 under
 * node) are mapped the same way, from the table, with the version needs of the files that ask.
 */
function provide(scope: Scope, asks: readonly Ask[], byPath: ReadonlyMap<string, FileReport>): Provision {
  const pkgOf = new Map<string, PackageChoice>();
  for (const p of scope.mapping.packages) for (const so of p.sonames) pkgOf.set(so, p);
  const driverOf = new Map(scope.mapping.drivers.map((d) => [d.soname, d]));
  const unmappedOf = new Map(scope.mapping.unmapped.map((u) => [u.soname, u]));
  const known = (n: string) => pkgOf.has(n) || driverOf.has(n) || unmappedOf.has(n);
  const fresh = new Map<string, Set<string>>();
  for (const a of asks) for (const n of a.names) if (!known(n)) for (const f of a.files) fresh.set(f, (fresh.get(f) ?? new Set()).add(n));
  if (fresh.size > 0) {
    const extra = mapReport(syntheticReport(scope.report, fresh, byPath), { release: knownRelease(scope.mapping.release), system: scope.mapping.system });
    for (const p of extra.packages) for (const so of p.sonames) if (!pkgOf.has(so)) pkgOf.set(so, p);
    for (const d of extra.drivers) if (!driverOf.has(d.soname)) driverOf.set(d.soname, d);
    for (const u of extra.unmapped) if (!unmappedOf.has(u.soname)) unmappedOf.set(u.soname, u);
  }
  const packages = new Map<string, Provision["packages"][number]>();
  const drivers = new Map<string, DriverNeed>();
  const unmapped = new Map<string, UnmappedSoname>();
  for (const a of asks) {
    // An entry with several names is satisfied by any: the first with a package, else the first name.
    const n = a.names.find((x) => pkgOf.has(x)) ?? a.names.find((x) => driverOf.has(x)) ?? a.names[0]!;
    const files = [...a.files];
    const p = pkgOf.get(n);
    if (p !== undefined) {
      const g = packages.get(p.attr) ?? { attr: p.attr, sonames: new Set<string>(), files: new Set<string>(), warnings: p.warnings, evidence: p.evidence };
      g.sonames.add(n);
      for (const f of files) g.files.add(f);
      packages.set(p.attr, g);
      continue;
    }
    const d = driverOf.get(n);
    if (d !== undefined) {
      drivers.set(n, { ...d, files: [...new Set([...(drivers.get(n)?.files ?? []), ...files])].sort() });
      continue;
    }
    for (const name of a.names) {
      const u = unmappedOf.get(name);
      unmapped.set(name, {
        soname: name,
        files: [...new Set([...(unmapped.get(name)?.files ?? []), ...files])].sort(),
        why: u?.why ?? { code: "look-up", command: nixLocateCommand(name).join(" ") },
        replacement: u?.replacement ?? null,
      });
    }
  }
  // Packages in the order the mapping (then the table) chose them.
  const order = [...new Set([...scope.mapping.packages.map((p) => p.attr), ...[...pkgOf.values()].map((p) => p.attr)])];
  return {
    packages: [...packages.values()].sort((x, y) => order.indexOf(x.attr) - order.indexOf(y.attr)),
    drivers: [...drivers.values()],
    unmapped: [...unmapped.values()],
  };
}

/** A report in which each file lacks exactly the names given, for mapReport. */
function syntheticReport(report: ScanReport, lacking: ReadonlyMap<string, Set<string>>, byPath: ReadonlyMap<string, FileReport>): ScanReport {
  const files: FileReport[] = [...lacking].map(([path, names]) => {
    const f = byPath.get(path);
    const analysis: Analysis = {
      role: f?.analysis?.role ?? "library",
      verdict: "needs-libraries",
      problems: [],
      interpreter: null,
      host: null,
      edges: [],
      missing: [...names].sort(),
      versionProblems: [],
      externalVersionNeeds: f?.analysis?.externalVersionNeeds ?? [],
      loadedBy: [],
    };
    return { path, paths: [path], size: 0, elf: null, errors: [], warnings: [], analysis };
  });
  return { ...report, files, scripts: [], problems: [] };
}

/** Sonames every missing edge of which comes from a dlopen note (runtimeDependencies, unless buildInputs has them already). */
function dlopenOnly(files: readonly FileReport[]): Set<string> {
  const seen = new Map<string, boolean>();
  for (const f of files)
    for (const e of f.analysis?.edges ?? [])
      if (isMissing(e.status)) seen.set(e.name, (seen.get(e.name) ?? true) && e.labels.some((l) => l.startsWith("dlopen-")));
  return new Set([...seen].filter(([, only]) => only).map(([n]) => n));
}

/** A root's derivation name: its last path component, "vendored" when nothing of it is usable. */
function rootName(root: string): string {
  return derivationName(baseName(anchor(root).rel), "vendored");
}

/** Comment lines naming what stays out of the source, and why. */
function leftOutNote(out: ReadonlyMap<LeftOut, FileReport[]>): string[] {
  const lines: string[] = [];
  const foreign = out.get("foreign") ?? [];
  if (foreign.length > 0) {
    lines.push("  for another machine, OS or C library (autoPatchelfHook would stop on them or give them glibc's loader):");
    lines.push(`    ${sample(foreign.map((f) => f.path))}`);
  }
  for (const f of out.get("payload") ?? []) {
    const a = f.analysis;
    const size = `${f.elf!.trailingPayload!.size} bytes appended after the ELF image`;
    const how =
      a?.role === "static" || a?.verdict === "ok"
        ? "it runs as it is"
        : a?.interpreter?.status === "fhs-missing"
          ? "run it with nix-ld (--emit nix-ld)"
          : "see the report for what it needs";
    lines.push(`  ${shown(f.path)}: ${size} (bun/deno/pkg?); patchelf would rewrite the file and break it: ${how}`);
  }
  const stat = out.get("static") ?? [];
  if (stat.length > 0) lines.push(`  static, they need no loader and no libraries: ${sample(stat.map((f) => f.path))}`);
  const bad = out.get("unreadable") ?? [];
  if (bad.length > 0) lines.push(`  damaged or unreadable as ELF: ${sample(bad.map((f) => f.path))}`);
  const other = out.get("other") ?? [];
  if (other.length > 0) lines.push(`  not a program or library (objects, debug files, core dumps): ${sample(other.map((f) => f.path))}`);
  return lines.length > 0 ? ["Left out of the store (only what autoPatchelfHook can patch goes in):", ...lines] : [];
}

function derivation(scope: Scope, root: string, here: ReturnType<typeof under>, opts: EmitOptions, indent: string): string {
  const i1 = `${indent}  `;
  const { isFile } = here;
  const name = rootName(root);
  const p = plan(scope, here);
  const byPath = new Map(here.files.flatMap((f) => f.paths.map((x) => [x, f] as const)));
  const pv = provide(scope, p.asks, byPath);
  const patchedPaths = new Set(p.patched.flatMap((f) => f.paths));
  const inputs: ListItem[] = pv.packages.map((g) => ({
    note: [`${[...g.sonames].map(shown).join(", ")}: ${sample([...g.files].sort())}`, ...choiceNotes(g)],
    code: pkgRef(scope, g.attr),
  }));
  const inputAttrs = new Set(pv.packages.map((g) => g.attr));
  const dlopen = dlopenOnly(p.patched);
  const runtime: ListItem[] = scope.mapping.packages
    .filter((pkg) => !inputAttrs.has(pkg.attr) && pkg.sonames.every((so) => dlopen.has(so)) && pkg.files.some((f) => patchedPaths.has(f)))
    .map((pkg) => ({ note: [`${pkg.sonames.map(shown).join(", ")}: ${sample(pkg.files.filter((f) => patchedPaths.has(f)))}`], code: pkgRef(scope, pkg.attr) }));
  const out: string[] = [`${scope.pkgs}.stdenv.mkDerivation {`, `${i1}name = ${nixString(name)};`];
  const left = leftOutNote(p.out);
  const src = isFile ? fileSource(root, name, opts, i1) : treeSource(root, name, p, opts, i1);
  out.push(...src);
  if (left.length > 0 && !isFile) out.push(comment(left, i1));
  const native: ListItem[] = [{ note: [], code: `${scope.pkgs}.autoPatchelfHook` }];
  if (pv.drivers.length > 0)
    native.push({
      note: [
        "GPU driver libraries: adds /run/opengl-driver/lib to the RUNPATH of every ELF file",
        ...pv.drivers.map((d) => `  ${shown(d.soname)} (needed by ${sample(d.files)})`),
      ],
      code: `${scope.pkgs}.autoAddDriverRunpath`,
    });
  out.push(`${i1}nativeBuildInputs = ${list(native, i1)};`);
  if (inputs.length > 0)
    out.push(
      comment(
        "What autoPatchelfHook will look for: each DT_NEEDED (and .note.dlopen entry) of the files it patches that neither glibc nor the source has.",
        i1,
      ),
      `${i1}buildInputs = map pkgs.lib.getLib ${list(inputs, i1)};`,
    );
  if (runtime.length > 0)
    out.push(
      comment("Only dlopen()ed (named in a .note.dlopen, not DT_NEEDED): added to every executable's RUNPATH.", i1),
      `${i1}runtimeDependencies = map pkgs.lib.getLib ${list(runtime, i1)};`,
    );
  const ignore: ListItem[] = [
    ...pv.drivers.map((d) => ({ note: [], code: nixString(ignorePattern(d.soname)) })),
    ...pv.unmapped.map((u) => ({
      note: [`no known package; needed by ${sample(u.files)}; ${unmappedText(u.why)}`, ...(u.replacement ? [`instead: ${u.replacement}`] : [])],
      code: nixString(ignorePattern(u.soname)),
    })),
  ];
  if (ignore.length > 0)
    out.push(
      comment(
        [
          "Not in buildInputs, so autoPatchelf would stop on them: driver libraries come from the system,",
          "the others have no known package (entries are fnmatch patterns).",
        ],
        i1,
      ),
      `${i1}autoPatchelfIgnoreMissingDeps = ${list(ignore, i1)};`,
    );
  out.push(comment("Prebuilt binaries: stripping gains little and can break them.", i1), `${i1}dontStrip = true;`);
  if (isFile && p.patched.length === 0) {
    out.push(
      comment([...(left.length > 0 ? left : ["Nothing here for autoPatchelfHook to patch."]), "It is installed as it is: patching is off."], i1),
      `${i1}dontAutoPatchelf = true;`,
      `${i1}dontPatchELF = true;`,
    );
  }
  out.push(`${i1}dontConfigure = true;`, `${i1}dontBuild = true;`);
  const install: StrPart[] = isFile
    ? ["runHook preInstall\n", 'install -Dm755 "$src" "$out"/bin/', shellQuote(baseName(root)), "\nrunHook postInstall\n"]
    : ['runHook preInstall\nmkdir -p "$out"\ncp -r . "$out"\nrunHook postInstall\n'];
  if (isFile) out.push(`${i1}dontUnpack = true;`);
  out.push(`${i1}installPhase = ${nixIndented(install, i1)};`, `${indent}}`);
  return out.join("\n");
}

/** A single scanned file, copied into the store under a fixed name. */
function fileSource(root: string, name: string, opts: EmitOptions, i1: string): string[] {
  return [
    comment(`The scanned file ${shown(root)}, copied into the store under a fixed name.`, i1),
    `${i1}src = builtins.path {`,
    `${i1}  path = ${pathExpr(root, opts.baseDir)};`,
    `${i1}  name = ${nixString(`${name}-source`)};`,
    `${i1}};`,
  ];
}

/**
 * A scanned directory filtered down to the files to patch, the symlinks that lead to them and the
 * directories above them. builtins.path hands the filter each entry's absolute path; a directory it
 * drops is not entered.
 */
function treeSource(root: string, name: string, plan: Plan, opts: EmitOptions, i1: string): string[] {
  const i2 = `${i1}  `;
  const i3 = `${i2}  `;
  const files = plan.patched.length;
  const links = plan.links.length;
  const keep = plan.keep.length === 0 ? "[ ]" : ["[", ...plan.keep.map((k) => `${i3}  ${nixString(k)}`), `${i3}]`].join("\n");
  const anchored = anchor(root);
  // "/" is the only root whose string form already ends with a slash.
  const prefix = anchored.absolute && anchored.rel.replace(/\/+$/, "") === "" ? nixString("/") : nix('"${toString root}/"');
  return [
    comment(
      [
        `The files of ${shown(root)} that autoPatchelfHook patches (${files} file${files === 1 ? "" : "s"}${links > 0 ? `, ${links} symlink${links === 1 ? "" : "s"} to them` : ""}) and the directories`,
        "above them (`keep`, relative to the root), copied into the store under a fixed name; nothing else goes in.",
      ],
      i1,
    ),
    `${i1}src =`,
    `${i2}let`,
    `${i3}root = ${pathExpr(root, opts.baseDir)};`,
    `${i3}keep = ${keep};`,
    `${i3}kept = builtins.listToAttrs (map (name: { inherit name; value = true; }) keep);`,
    `${i3}prefix = ${prefix};`,
    `${i2}in`,
    `${i2}builtins.path {`,
    `${i3}path = root;`,
    `${i3}name = ${nixString(`${name}-source`)};`,
    `${i3}filter = path: _type: kept ? \${builtins.substring (builtins.stringLength prefix) (builtins.stringLength path) path};`,
    `${i2}};`,
  ];
}

/** The patchelf derivation(s) for a scan: one for a single root, an attribute set for several. */
export function emitPatchelf(report: ScanReport, mapping: Mapping, opts: EmitOptions = {}): string {
  const s = scope(report, mapping);
  const roots = report.roots.length > 0 ? report.roots : ["."];
  const usage = [
    "A derivation: build it with nix-build THIS-FILE; the patched files are in ./result, laid out as in the scanned",
    "tree. It copies the ELF files autoPatchelfHook can patch into the store and sets their interpreter and RUNPATH.",
    ...(roots.some((r) => !anchor(r).absolute) && opts.baseDir === undefined
      ? ["Relative paths start at the directory holding this file: keep it where the scan ran."]
      : []),
  ];
  const head = `${header(s, "patched derivation", usage)}\n{ pkgs ? import <nixpkgs> { } }:\n`;
  if (roots.length === 1) return `${head}${derivation(s, roots[0]!, under(s, roots[0]!), opts, "")}\n`;
  const used = new Set<string>();
  const attrs = roots.map((root) => {
    let key = rootName(root);
    for (let i = 2; used.has(key); i++) key = `${key.replace(/-\d+$/, "")}-${i}`;
    used.add(key);
    const here = under(s, root);
    return `${comment(`${shown(root)}: ${sample(here.files.map((f) => f.path))}`, "  ")}\n  ${attrName(key)} = ${derivation(s, root, here, opts, "  ")};`;
  });
  return `${head}{\n${attrs.join("\n")}\n}\n`;
}
