// npm packages in the scanned tree: which package owns a file (the nearest package.json with a name,
// upward inside node_modules; read lazily and cached per directory), and which packages lack the binary
// their install step would have downloaded or built (installs with --ignore-scripts, Nix's npm builders,
// pnpm without approved builds). What is known about particular packages (where their install script
// puts the binary, the variables their code reads) is data: npm-packages.json, with its evidence.

import type { ElfInfo } from "../elf/types.js";
import { listDir, type Manifest, pathExists, readHead, readManifest } from "../io/package-files.js";
import type { SystemName } from "../loader/types.js";
import type { EnvVariable } from "../model/diagnostics.js";
import { compare } from "../model/order.js";
import { NIXOS_NEEDS, type NixosNeed, type NotChecked, type PackageIssue, type PackageRef, type PackageSummary } from "../model/packages.js";
import { isAddonPath } from "../model/paths.js";
import type { ScanReport } from "../model/report.js";
import known from "./npm-packages.json" with { type: "json" };

export interface KnownPackage {
  nixos: { needs: string; evidence: string };
  /** The per-platform packages holding the binary that `variables` replace. */
  binaryPackages?: Partial<Record<SystemName, string>>;
  /** For a native build: the nixpkgs attributes it builds against. */
  build?: { nixpkgs: string[]; evidence: string };
  download?: { script: string; creates: string[]; evidence: string };
  placeholderBins?: { script: string; bins: string[]; evidence: string };
  outside?: { what: string; location: string | null; evidence: string };
  /** A binary the package's code looks for inside the tree, with no download of it for NixOS. */
  inTree?: InTreeRule;
  variables: {
    name: string;
    use: string;
    evidence: string;
    nixpkgs?: {
      value: string;
      evidence: string;
      version?: { match: string; attr: string; evidence: string; read: string[]; revisions?: { file: string; evidence: string } };
    };
  }[];
}

/** npm-packages.json `inTree`: the file its code looks for on NixOS, where (in its order), and what else. */
export interface InTreeRule {
  what: string;
  file: string;
  /** The name prefix of the same binary built for other systems. */
  others: string;
  /** A dependency's directory, where node resolves it from the package, or a path relative to the package ("." is the package). */
  dirs: ({ package: string } | { path: string })[];
  /** Variables that make the package run the binary they name instead. */
  unless: string[];
  evidence: string;
}

const KNOWN: Readonly<Record<string, KnownPackage>> = known.packages;
/** Per-platform binary package -> the row that lists it. */
const BINARY_ROW: ReadonlyMap<string, string> = new Map(
  Object.entries(KNOWN).flatMap(([k, v]) => Object.values(v.binaryPackages ?? {}).map((b) => [b, k] as const)),
);
const USES: ReadonlySet<string> = new Set(["binary-path", "skip-download", "cache-dir", "skip-host-check"]);

/** A known package's row (npm-packages.json), its `nixos.needs` checked against the closed set. */
export function knownPackage(name: string): (KnownPackage & { nixos: { needs: NixosNeed } }) | null {
  const k = KNOWN[name];
  if (k === undefined) return null;
  if (!(NIXOS_NEEDS as readonly string[]).includes(k.nixos.needs))
    throw new Error(`npm-packages.json: ${name}: unknown nixos.needs ${JSON.stringify(k.nixos.needs)}`);
  return k as KnownPackage & { nixos: { needs: NixosNeed } };
}

/** The known package whose variables replace the binary in a per-platform package ("@biomejs/cli-linux-x64" -> "@biomejs/biome"). */
export function packageForBinary(name: string): string | null {
  return BINARY_ROW.get(name) ?? null;
}

/** The major version of an npm version ("41.7.1" -> "41"), or null. */
export function majorOf(version: string): string | null {
  const m = /^v?(\d+)/.exec(version);
  return m ? String(Number(m[1])) : null;
}

/**
 * The variables a known package reads (the data file's rows, checked against the closed set of uses).
 * `{major}` in a nixpkgs value or version attribute becomes the installed version's major
 * (electron_{major}-bin); without a version, a row that needs it has no nixpkgs value.
 */
export function knownVariables(name: string, version?: string): EnvVariable[] {
  const major = version !== undefined ? majorOf(version) : null;
  const fill = (s: string) => (s.includes("{major}") ? (major !== null ? s.replaceAll("{major}", major) : null) : s);
  return (KNOWN[name]?.variables ?? []).map((v) => {
    if (!USES.has(v.use)) throw new Error(`npm-packages.json: ${name}: ${v.name}: unknown use ${JSON.stringify(v.use)}`);
    const r = v.nixpkgs?.version;
    if (r && r.match !== "exact" && r.match !== "major")
      throw new Error(`npm-packages.json: ${name}: ${v.name}: unknown version match ${JSON.stringify(r.match)}`);
    const value = v.nixpkgs ? fill(v.nixpkgs.value) : null;
    const attr = r ? fill(r.attr) : null;
    return {
      name: v.name,
      use: v.use as EnvVariable["use"],
      evidence: v.evidence,
      nixpkgs: value,
      version:
        r && attr !== null && value !== null
          ? { match: r.match as "exact" | "major", attr, evidence: r.evidence, revisions: r.revisions ? { ...r.revisions } : null }
          : null,
    };
  });
}

/** Node's platform-architecture name for the target, as prebuilds/ directories are named ("linux-x64"). */
export function nodePlatform(system: SystemName): string {
  switch (system) {
    case "x86_64-linux":
      return "linux-x64";
    case "aarch64-linux":
      return "linux-arm64";
    case "i686-linux":
      return "linux-ia32";
  }
}

const MACHINE: Readonly<Record<SystemName, number>> = { "x86_64-linux": 62, "aarch64-linux": 183, "i686-linux": 3 };

const dirOf = (p: string) => {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : i === 0 ? "/" : p.slice(0, i);
};
const baseOf = (p: string) => p.slice(p.lastIndexOf("/") + 1);
/** A path relative to a package directory ("." the directory itself, ".." its parent), or null above the root given. */
function joinRelative(dir: string, rel: string): string | null {
  let d = dir;
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (d === "" || d === "/" || d === "." || baseOf(d) === "..") return null;
      d = dirOf(d) || ".";
    } else d = d === "" ? part : `${d}/${part}`;
  }
  return d;
}
const inNodeModules = (p: string) => p.startsWith("node_modules/") || p.includes("/node_modules/");
/** The package name a directory stands for when it sits in node_modules ("@scope/name" or "name"), else null. */
function nameInNodeModules(dir: string): string | null {
  // String search, not a regular expression: this runs for every package.json the walk meets.
  const at = dir.lastIndexOf("node_modules/");
  if (at < 0 || (at > 0 && dir[at - 1] !== "/")) return null;
  const rest = dir.slice(at + "node_modules/".length);
  const slash = rest.indexOf("/");
  if (rest.startsWith("@")) {
    const name = rest.slice(slash + 1);
    return slash > 1 && name !== "" && !name.startsWith("@") && !name.includes("/") ? rest : null;
  }
  return rest !== "" && slash < 0 ? rest : null;
}

/**
 * What the walk tells the package checks, noted file by file (names only: nothing is read here), and
 * the cached package.json reads.
 */
export class PackageIndex {
  private readonly manifests = new Map<string, Manifest | null>();
  /** Directories where the walk met a package.json (a file or a link). */
  private readonly manifestDirs = new Set<string>();
  /** The walked roots as prefixes of the walk's paths ("ROOT/"): below them, a package.json the walk did not meet is not there. */
  private readonly rootPrefixes: string[] = [];
  private readonly owners = new Map<string, PackageRef | null>();
  /** Directories holding binding.gyp. */
  private readonly gyp = new Set<string>();
  /** Directory holding prebuilds/ -> the platform directories seen in it. */
  private readonly prebuilds = new Map<string, Set<string>>();
  /** Directories of known packages (npm-packages.json), by where package.json was seen. */
  private readonly knownDirs = new Set<string>();
  /** In-tree binaries looked for, by package directory. */
  private readonly inTreeSeen = new Map<string, { searched: string[]; found: string[]; other: string[] }>();
  /** ELF addons (`.node`, `.bare`). */
  private readonly addons: { path: string; machineCode: number }[] = [];

  /** A root about to be walked (the walk's paths are ROOT/NAME, or ROOTNAME when ROOT ends in "/"). */
  noteRoot(root: string): void {
    this.rootPrefixes.push(root.endsWith("/") ? root : `${root}/`);
  }

  /** A symlink the walk reaches (a linked package.json still names its package). */
  noteSymlink(path: string): void {
    if (baseOf(path) === "package.json") this.manifestDirs.add(dirOf(path));
  }

  /** Every regular file the walk reaches, skipped by name or not, with the directory it was listed in. */
  noteFile(name: string, listedIn: string): void {
    // Once per directory (the walk gives a directory's files one after another), not once per file.
    if (listedIn !== this.lastListed) {
      this.lastListed = listedIn;
      // A root given as "DIR/" lists its own files as "DIR/NAME": the directory is DIR, as dirOf() says.
      this.lastDir = listedIn.length > 1 && listedIn.endsWith("/") ? listedIn.slice(0, -1) : listedIn;
      this.notePrebuildDir(this.lastDir);
    }
    const dir = this.lastDir;
    if (name === "binding.gyp") this.gyp.add(dir);
    else if (name === "package.json") {
      this.manifestDirs.add(dir);
      const pkg = nameInNodeModules(dir);
      if (pkg !== null && (KNOWN[pkg] !== undefined || BINARY_ROW.has(pkg))) this.knownDirs.add(dir);
    }
  }

  /** The directory of the file last noted, as the walk gave it and as dirOf() writes it. */
  private lastListed: string | null = null;
  private lastDir = "";

  /** A directory PACKAGE/prebuilds/PLATFORM[/...] records PLATFORM for PACKAGE. */
  private notePrebuildDir(dir: string): void {
    const i = dir.lastIndexOf("/prebuilds/");
    if (i < 0) return;
    const rest = dir.slice(i + "/prebuilds/".length);
    const slash = rest.indexOf("/");
    const platform = slash < 0 ? rest : rest.slice(0, slash);
    if (platform === "") return;
    const packageDir = dir.slice(0, i);
    (this.prebuilds.get(packageDir) ?? this.prebuilds.set(packageDir, new Set()).get(packageDir)!).add(platform);
  }

  /** An ELF file: `.node` (Node's addons) and `.bare` (Bare's, as the bare-* packages ship them) are addons. */
  noteElf(path: string, info: ElfInfo | null): void {
    if (info !== null && isAddonPath(path)) this.addons.push({ path, machineCode: info.machineCode });
  }

  /** Whether the walk listed `dir` (the root or below it), so that it would have met a package.json there. */
  private walked(dir: string): boolean {
    return this.rootPrefixes.some((prefix) => dir.startsWith(prefix) || `${dir}/` === prefix);
  }

  private manifest(dir: string): Manifest | null {
    let m = this.manifests.get(dir);
    if (m === undefined) {
      // No read where the walk saw no package.json: a failed open costs a thrown error, and most
      // directories between a binary and its package have none.
      m = this.walked(dir) && !this.manifestDirs.has(dir) ? null : readManifest(dir);
      this.manifests.set(dir, m);
    }
    return m;
  }

  private ref(dir: string): PackageRef | null {
    const m = this.manifest(dir);
    return m?.name && m.version ? { name: m.name, version: m.version, dir } : null;
  }

  /** The nearest package.json with a name and version at or above the file's directory, up to its node_modules. */
  ownerOf(path: string): PackageRef | null {
    if (!inNodeModules(path)) return null;
    const walked: string[] = [];
    let dir = dirOf(path);
    let found: PackageRef | null = null;
    for (;;) {
      const cached = this.owners.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      walked.push(dir);
      if (baseOf(dir) === "node_modules" || dir === "" || dir === "/") break;
      const r = this.ref(dir);
      if (r) {
        found = r;
        break;
      }
      dir = dirOf(dir);
    }
    for (const d of walked) this.owners.set(d, found);
    return found;
  }

  /**
   * Where a row's in-tree binary is looked for from the package at `dir`, in its code's order (a
   * dependency that is not installed is not searched), where it is, and the same binary built for
   * other systems in those directories. Cached per directory.
   */
  private inTreeLook(dir: string, rule: InTreeRule): { searched: string[]; found: string[]; other: string[] } {
    const cached = this.inTreeSeen.get(dir);
    if (cached) return cached;
    const searched: string[] = [];
    for (const d of rule.dirs) {
      const at = "package" in d ? resolvedFrom(dir, d.package) : joinRelative(dir, d.path);
      if (at !== null && !searched.includes(at)) searched.push(at);
    }
    const found = searched.map((d) => `${d}/${rule.file}`).filter((p) => pathExists(p));
    const other = searched.flatMap((d) =>
      (listDir(d === "" ? "." : d) ?? [])
        .filter((n) => n.startsWith(rule.others) && n !== rule.file)
        .sort(compare)
        .map((n) => `${d}/${n}`),
    );
    const seen = { searched, found, other };
    this.inTreeSeen.set(dir, seen);
    return seen;
  }

  /**
   * The per-package section: every package of the tree with a row (or listed as a row's binary
   * package), with its ELF files. A row's main package takes its binary packages' files; a binary
   * package present without its main package gets a summary of its own.
   */
  summaries(files: readonly { path: string; package?: PackageRef }[]): PackageSummary[] {
    const refs = [...this.knownDirs].map((d) => this.ref(d)).filter((r): r is PackageRef => r !== null);
    const mains = new Set(refs.filter((r) => KNOWN[r.name] !== undefined).map((r) => r.name));
    const out: PackageSummary[] = [];
    for (const ref of refs) {
      const row = KNOWN[ref.name] !== undefined ? ref.name : BINARY_ROW.get(ref.name)!;
      // A binary package whose main package is in the tree is counted there.
      if (row !== ref.name && mains.has(row)) continue;
      const k = knownPackage(row)!;
      const own = (f: { package?: PackageRef }) =>
        f.package !== undefined && (f.package.dir === ref.dir || (row === ref.name && Object.values(k.binaryPackages ?? {}).includes(f.package.name)));
      const summary: PackageSummary = {
        package: ref,
        row,
        files: files.filter(own).map((f) => f.path),
        needs: k.nixos.needs,
        evidence: k.nixos.evidence,
        variables: knownVariables(row, ref.version),
        buildInputs: [...(k.build?.nixpkgs ?? [])],
        versions: [],
      };
      const rule = row === ref.name ? k.inTree : undefined;
      if (rule) {
        // The binary its code would run is judged with the package's own files.
        const { found } = this.inTreeLook(ref.dir, rule);
        const scanned = new Set(files.map((f) => f.path));
        for (const f of found) if (scanned.has(f) && !summary.files.includes(f)) summary.files.push(f);
        summary.inTree = { what: rule.what, file: rule.file, found, variable: null };
      }
      out.push(summary);
    }
    return out.sort((a, b) => compare(a.package.dir, b.package.dir));
  }

  /** Packages whose binary was never built or downloaded, and those whose binaries live outside the tree. */
  check(system: SystemName): { issues: PackageIssue[]; notChecked: NotChecked[] } {
    const issues: PackageIssue[] = [];
    const notChecked: NotChecked[] = [];
    const platform = nodePlatform(system);
    const machine = MACHINE[system];
    const builtDirs = dirsWithAddon(this.addons, machine);
    const built = (dir: string) => builtDirs.has(dir);

    // Native packages: binding.gyp or prebuilds/, and no addon for this machine anywhere in the package.
    // Only installed packages (a directory right under node_modules/): npm builds a binding.gyp only at
    // a package's root, so one in a package's example/ or test/ directory is not a build that was skipped.
    for (const dir of new Set([...this.gyp, ...this.prebuilds.keys()])) {
      if (nameInNodeModules(dir) === null) continue;
      const pkg = this.ref(dir);
      const m = this.manifest(dir);
      if (!pkg || !m || built(dir)) continue;
      // Built elsewhere: the addon comes in a per-platform package (optionalDependencies naming linux).
      if (m.optionalDependencies.some((d) => d.includes("linux"))) continue;
      const platforms = [...(this.prebuilds.get(dir) ?? [])].sort(compare);
      if (platforms.length > 0)
        issues.push({
          package: pkg,
          problem: { code: "no-prebuild-for-platform", platform, available: platforms },
          variables: knownVariables(pkg.name, pkg.version),
        });
      else if (this.gyp.has(dir) && m.gypfile !== false)
        issues.push({ package: pkg, problem: { code: "addon-not-built", bindingGyp: "binding.gyp" }, variables: knownVariables(pkg.name, pkg.version) });
    }

    // Known packages: a download that never happened, a placeholder bin, binaries kept outside the tree.
    for (const dir of this.knownDirs) {
      const pkg = this.ref(dir);
      const k = pkg ? KNOWN[pkg.name] : undefined; // a binary package's row is for its summary only
      if (!pkg || !k) continue;
      const variables = knownVariables(pkg.name, pkg.version);
      const optional = k.binaryPackages?.[system];
      if (optional !== undefined && !installedFrom(dir, optional))
        issues.push({ package: pkg, problem: { code: "platform-package-missing", expected: optional, system }, variables });
      if (k.download && !k.download.creates.some((c) => pathExists(`${dir}/${c}`)))
        issues.push({ package: pkg, problem: { code: "binary-not-downloaded", expected: [...k.download.creates], script: k.download.script }, variables });
      if (k.placeholderBins) {
        const found = k.placeholderBins.bins.map((bin) => ({ bin, line: placeholderLine(readHead(`${dir}/${bin}`, 512)) })).filter((x) => x.line !== null);
        if (found.length > 0)
          issues.push({
            package: pkg,
            problem: { code: "placeholder-bin", bins: found.map((x) => x.bin), firstLine: found[0]!.line!, script: k.placeholderBins.script },
            variables,
          });
      }
      // A binary its code looks for in the tree (and cannot download on NixOS): in none of the places it looks.
      if (k.inTree) {
        const seen = this.inTreeLook(dir, k.inTree);
        if (seen.found.length === 0)
          issues.push({
            package: pkg,
            problem: { code: "binary-not-in-tree", what: k.inTree.what, file: k.inTree.file, searched: seen.searched, other: seen.other },
            variables,
          });
      }
      // Not looked at here: the pipeline looks, for --target host, where the row says the package looks (src/scan/outside.ts).
      if (k.outside)
        notChecked.push({
          code: "binaries-outside-tree",
          package: pkg,
          what: k.outside.what,
          location: k.outside.location,
          variables,
          why: "look" in k.outside ? "generic-target" : "no-location",
          variable: null,
        });
    }
    const order = (a: { package: PackageRef }, b: { package: PackageRef }) => compare(a.package.dir, b.package.dir);
    issues.sort((a, b) => order(a, b) || compare(a.problem.code, b.problem.code));
    notChecked.sort(order);
    return { issues, notChecked };
  }
}

/**
 * Drops, for the judged environment (--target host), the in-tree binaries a variable names instead:
 * the package then runs that binary (its summary says which variable), so a missing one is no finding.
 */
export function inTreeVariables(report: ScanReport, env: Readonly<Record<string, string | undefined>>): ScanReport {
  const named = (row: string) => (KNOWN[row]?.inTree?.unless ?? []).find((v) => env[v] !== undefined && env[v] !== "") ?? null;
  return {
    ...report,
    packages: report.packages.map((s) => (s.inTree ? { ...s, inTree: { ...s.inTree, variable: named(s.row) } } : s)),
    packageIssues: report.packageIssues.filter((p) => p.problem.code !== "binary-not-in-tree" || named(p.package.name) === null),
  };
}

/**
 * Whether `name` is installed where node would find it from the package at `dir`: `node_modules/NAME`
 * in the package or an ancestor (pnpm's `.pnpm/X/node_modules` included), never above the outermost
 * node_modules of the path (what lies above belongs to another project).
 */
function installedFrom(dir: string, name: string): boolean {
  return resolvedFrom(dir, name) !== null;
}

/** The directory where node would find `name` from the package at `dir` (as installedFrom), or null. */
function resolvedFrom(dir: string, name: string): string | null {
  const top = dir.startsWith("node_modules/") ? 0 : dir.indexOf("/node_modules/");
  if (top < 0) return null;
  const floor = top === 0 ? "" : dir.slice(0, top);
  for (let d = dir; ; d = dirOf(d)) {
    const at = d === "" ? `node_modules/${name}` : `${d === "/" ? "" : d}/node_modules/${name}`;
    if (baseOf(d) !== "node_modules" && pathExists(`${at}/package.json`)) return at;
    if (d.length <= floor.length || d === "" || d === "/") return null;
  }
}

/**
 * Every directory that has an addon for `machine` below it with no node_modules/ in between (a
 * package's own addon, not a dependency's): one pass over the addons, instead of one per package
 * (which grew with packages x addons: 120 ms on 250k files of repeated packages).
 */
export function dirsWithAddon(addons: readonly { path: string; machineCode: number }[], machine: number): Set<string> {
  const dirs = new Set<string>();
  for (const a of addons) {
    if (a.machineCode !== machine) continue;
    const p = a.path;
    // Up from the file's directory; a node_modules/ segment ends the walk (above it is another package).
    let end = p.length;
    for (let i = p.lastIndexOf("/"); i >= 0; i = i === 0 ? -1 : p.lastIndexOf("/", i - 1)) {
      if (end < p.length && p.slice(i + 1, end) === "node_modules") break;
      dirs.add(p.slice(0, i));
      end = i;
    }
  }
  return dirs;
}

/**
 * The first line of a bin entry that is still a placeholder (readable, neither an ELF file nor a `#!`
 * script: what an install script replaces with the real binary), or null.
 */
export function placeholderLine(head: Uint8Array | null): string | null {
  if (head === null || head.length === 0) return null;
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return null;
  if (head[0] === 0x23 && head[1] === 0x21) return null;
  if (head.includes(0)) return null; // binary data, not a text placeholder
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const first = text.split("\n", 1)[0]!.trim();
  return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}
