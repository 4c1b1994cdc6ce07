// The per-package section as the renderers use it: each known package's state in this scan, and the
// variables that point packages at nixpkgs builds (what the devShell sets, and what nix-ld then no
// longer has to serve). Data only: the words are in src/render/words/.
import type { EnvVariable } from "./diagnostics.js";
import { isFinding } from "./findings.js";
import { compare } from "./order.js";
import type { PackageStateCode, PackageSummary, VersionVerdict } from "./packages.js";
import type { ScanReport } from "./report.js";

/** What the scan says of a known package: its binary is missing, kept outside the tree, does not run as shipped, or runs. */
export function packageState(report: ScanReport, summary: PackageSummary): PackageStateCode {
  const dir = summary.package.dir;
  const open = report.packageIssues.filter((p) => p.package.dir === dir && p.accepted === undefined);
  if (open.some((p) => p.problem.code !== "nixpkgs-version-mismatch")) return "binary-missing";
  if (open.length > 0) return "wrong-version";
  if (report.notChecked.some((n) => n.package.dir === dir)) return "outside-tree";
  if (report.foundOutside.some((n) => n.package.dir === dir)) return "found-outside";
  // The judged environment names the binary the package would look for in the tree: that one runs.
  if (summary.inTree?.variable) return "variable-set";
  const files = new Set(summary.files);
  if (report.files.some((f) => files.has(f.path) && isFinding(f))) return "needs-fix";
  return "runs";
}

/**
 * What `npm rebuild` needs for the native packages that were never built: python3 for node-gyp (the
 * shell's stdenv has the compiler and make) and each package's build inputs (npm-packages.json), with
 * the packages ("name@version") that need them. Empty when nothing is to be built.
 */
export function buildInputs(report: ScanReport): { attrs: string[]; packages: string[] } {
  const attrs = new Set<string>();
  const packages: string[] = [];
  for (const s of report.packages) {
    if (s.needs !== "build-from-source" || packageState(report, s) !== "binary-missing") continue;
    packages.push(`${s.package.name}@${s.package.version}`);
    for (const a of ["python3", ...s.buildInputs]) attrs.add(a);
  }
  return { attrs: [...attrs], packages };
}

/** A variable to set, with the value to give it: a nixpkgs build (`nixpkgs`), or "1" for a switch. */
export interface VariableSetting {
  variable: EnvVariable;
  /** The nixpkgs value ("${pkgs.esbuild}/bin/esbuild"), or null for a switch set to "1". */
  nixpkgs: string | null;
  /** The packages that read it ("name@version"). */
  packages: string[];
  /** The first of them: its name and version, for the version rule. */
  package: string;
  npmVersion: string;
}

/**
 * The variables that point the packages needing it at a nixpkgs build: for every package whose state
 * is not "runs" and whose code reads a variable with a nixpkgs value, that variable, and the package's
 * switches that skip the download or the host check (set to "1"). Sorted by name; one entry per name.
 */
export function nixpkgsSettings(report: ScanReport): VariableSetting[] {
  const byName = new Map<string, VariableSetting>();
  for (const s of report.packages) {
    if (packageState(report, s) === "runs") continue;
    if (!s.variables.some((v) => v.nixpkgs !== null)) continue;
    for (const v of s.variables) {
      const set = v.nixpkgs !== null || v.use === "skip-download" || v.use === "skip-host-check";
      if (!set) continue;
      const who = `${s.package.name}@${s.package.version}`;
      const had = byName.get(v.name);
      if (had) {
        if (!had.packages.includes(who)) had.packages.push(who);
      } else byName.set(v.name, { variable: v, nixpkgs: v.nixpkgs, packages: [who], package: s.package.name, npmVersion: s.package.version });
    }
  }
  return [...byName.values()].sort((a, b) => compare(a.variable.name, b.variable.name));
}

/**
 * Files of packages pointed at a nixpkgs build by a binary-path variable (nixpkgsSettings): once the
 * variable is set nothing runs them, so nix-ld and the library paths need not serve them. The same for
 * files found outside the tree (`outsideOf`) of a package whose variable fix applies (outsideReplaced).
 */
export function replacedFiles(report: ScanReport): Set<string> {
  const out = new Set<string>();
  for (const s of report.packages) {
    if (packageState(report, s) !== "needs-fix") continue;
    if (s.variables.some((v) => v.use === "binary-path" && v.nixpkgs !== null)) for (const f of s.files) out.add(f);
  }
  const replaced = new Set(report.packages.filter((s) => outsideReplaced(report, s)).map((s) => s.package.dir));
  for (const f of report.files) if (f.outsideOf !== undefined && replaced.has(f.outsideOf.dir)) for (const p of f.paths) out.add(p);
  return out;
}

/**
 * Whether a package's binaries found outside the tree are replaced by its variable fix: it was found
 * there with nothing open against it (state found-outside), its code reads a variable with a nixpkgs
 * value that points it away from its own download (the binary itself, or the directory of browsers),
 * that variable did not decide where they were found (set, it names what runs: those files), and no
 * version verdict says the nixpkgs build is another version (unset, the devShell checks the version
 * when it is evaluated). Then, as for the tree's files of a package pointed at a nixpkgs build, nix-ld
 * need not serve them.
 */
export function outsideReplaced(report: ScanReport, summary: PackageSummary): boolean {
  if (packageState(report, summary) !== "found-outside") return false;
  const vars = pointingVariables(summary.variables).map((v) => v.name);
  if (vars.length === 0) return false;
  if (report.foundOutside.some((f) => f.package.dir === summary.package.dir && vars.includes(f.from))) return false;
  return !summary.versions.some((v) => v.code === "mismatch");
}

/**
 * The variables with a nixpkgs value that point a package away from its own binary or its cache
 * directory (what it keeps outside the tree): the fix a finding on such a file can name.
 */
export function pointingVariables(variables: readonly EnvVariable[]): EnvVariable[] {
  return variables.filter((v) => v.nixpkgs !== null && (v.use === "binary-path" || v.use === "cache-dir"));
}

/** The name and version of a store path's top directory (/nix/store/HASH-prisma-engines-6.7.0/bin/x -> 6.7.0), or null. */
export function storePathVersion(value: string): { name: string; version: string } | null {
  const m = /^\/nix\/store\/[0-9a-z]{32}-([^/]+)/.exec(value);
  if (!m) return null;
  // Nix's own split: the version starts at the first dash followed by a digit.
  const at = m[1]!.search(/-\d/);
  return at < 0 ? null : { name: m[1]!.slice(0, at), version: m[1]!.slice(at + 1) };
}

/** Whether a nixpkgs version satisfies the rule for an npm version (exact, or the same major). */
export function versionSatisfies(match: "exact" | "major", npmVersion: string, nixpkgsVersion: string): boolean {
  const npm = npmVersion.replace(/^v/, "");
  const nix = nixpkgsVersion.replace(/^v/, "");
  return match === "exact" ? npm === nix : npm.split(".")[0] === nix.split(".")[0];
}

/**
 * The version verdicts of the known packages, from the variables this environment sets: a variable
 * set to a store path whose name carries a version is compared with the rule (a mismatch is a
 * package finding, exit 1); otherwise the devShell checks when it is evaluated.
 */
/** What checkVersions may read: a directory's names, and a file of a package (the pipeline passes src/io's). */
export interface VersionLook {
  list(path: string): string[] | null;
  read(path: string): Uint8Array | null;
}

/**
 * The NAME-REVISION directories a package's revisions file wants (Playwright's browsers.json: dashes in
 * NAME become underscores; entries with per-platform revision overrides are left out), or null.
 */
export function wantedRevisions(bytes: Uint8Array | null): string[] | null {
  if (bytes === null) return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { browsers?: { name?: unknown; revision?: unknown; revisionOverrides?: unknown }[] };
    if (!Array.isArray(json.browsers)) return null;
    return json.browsers
      .filter((b) => typeof b.name === "string" && typeof b.revision === "string" && b.revisionOverrides === undefined)
      .map((b) => `${(b.name as string).replace(/-/g, "_")}-${b.revision as string}`);
  } catch {
    return null;
  }
}

/** Wanted NAME-REVISION entries missing from a listing that has the same NAME at another revision: [wanted, found]. */
export function revisionMismatch(wanted: readonly string[], listing: readonly string[]): { wanted: string[]; found: string[] } {
  const out = { wanted: [] as string[], found: [] as string[] };
  for (const w of wanted) {
    if (listing.includes(w)) continue;
    const prefix = w.slice(0, w.lastIndexOf("-") + 1);
    const others = listing.filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)));
    if (others.length === 0) continue; // that browser is not provided at all: not a version question
    out.wanted.push(w);
    out.found.push(...others);
  }
  out.found.sort(compare);
  return out;
}

export function checkVersions(report: ScanReport, env: Readonly<Record<string, string | undefined>>, look?: VersionLook): ScanReport {
  const issues = [...report.packageIssues];
  const packages = report.packages.map((s) => {
    const versions: VersionVerdict[] = [];
    for (const v of s.variables) {
      if (v.version === null) continue;
      const base = { variable: v.name, match: v.version.match, attr: v.version.attr, npmVersion: s.package.version };
      const value = env[v.name];
      const revs = v.version.revisions;
      if (value !== undefined && revs !== null && look !== undefined) {
        const wanted = wantedRevisions(look.read(`${s.package.dir}/${revs.file}`));
        const listing = look.list(value);
        if (wanted !== null && listing !== null) {
          const miss = revisionMismatch(wanted, listing);
          const provided = wanted.filter((w) => listing.includes(w));
          if (miss.wanted.length > 0) {
            versions.push({ ...base, code: "mismatch", nixpkgsVersion: null, revisions: miss });
            issues.push({
              package: s.package,
              problem: { code: "browser-revision-mismatch", variable: v.name, value, attr: v.version.attr, npmVersion: s.package.version, ...miss },
              variables: s.variables,
            });
            continue;
          }
          if (provided.length > 0) {
            versions.push({ ...base, code: "matches", nixpkgsVersion: null, revisions: { wanted: provided, found: provided } });
            continue;
          }
        }
      }
      const found = value !== undefined ? storePathVersion(value) : null;
      if (value === undefined || found === null) {
        versions.push({ ...base, code: "checked-when-evaluated", nixpkgsVersion: null });
        continue;
      }
      const ok = versionSatisfies(v.version.match, s.package.version, found.version);
      versions.push({ ...base, code: ok ? "matches" : "mismatch", nixpkgsVersion: found.version });
      if (!ok)
        issues.push({
          package: s.package,
          problem: { code: "nixpkgs-version-mismatch", ...base, value: value, nixpkgsVersion: found.version },
          variables: s.variables,
        });
    }
    return { ...s, versions };
  });
  issues.sort((a, b) => compare(a.package.dir, b.package.dir) || compare(a.problem.code, b.problem.code));
  return { ...report, packages, packageIssues: issues };
}
