// The per-package section as the renderers use it: each known package's state in this scan, and the
// variables that point packages at nixpkgs builds (what the devShell sets, and what nix-ld then no
// longer has to serve). Data only: the words are in src/render/words.ts.
import type { EnvVariable } from "./diagnostics.js";
import { isFinding } from "./findings.js";
import { compare } from "./order.js";
import type { PackageStateCode, PackageSummary } from "./packages.js";
import type { ScanReport } from "./report.js";

/** What the scan says of a known package: its binary is missing, kept outside the tree, does not run as shipped, or runs. */
export function packageState(r: ScanReport, s: PackageSummary): PackageStateCode {
  const dir = s.package.dir;
  if (r.packageIssues.some((p) => p.package.dir === dir && p.accepted === undefined)) return "binary-missing";
  if (r.notChecked.some((n) => n.package.dir === dir)) return "outside-tree";
  const files = new Set(s.files);
  if (r.files.some((f) => files.has(f.path) && isFinding(f))) return "needs-fix";
  return "runs";
}

/** A variable to set, with the value to give it: a nixpkgs build (`nixpkgs`), or "1" for a switch. */
export interface VariableSetting {
  variable: EnvVariable;
  /** The nixpkgs value ("${pkgs.esbuild}/bin/esbuild"), or null for a switch set to "1". */
  nixpkgs: string | null;
  /** The packages that read it ("name@version"). */
  packages: string[];
}

/**
 * The variables that point the packages needing it at a nixpkgs build: for every package whose state
 * is not "runs" and whose code reads a variable with a nixpkgs value, that variable, and the package's
 * switches that skip the download or the host check (set to "1"). Sorted by name; one entry per name.
 */
export function nixpkgsSettings(r: ScanReport): VariableSetting[] {
  const byName = new Map<string, VariableSetting>();
  for (const s of r.packages) {
    if (packageState(r, s) === "runs") continue;
    if (!s.variables.some((v) => v.nixpkgs !== null)) continue;
    for (const v of s.variables) {
      const set = v.nixpkgs !== null || v.use === "skip-download" || v.use === "skip-host-check";
      if (!set) continue;
      const who = `${s.package.name}@${s.package.version}`;
      const had = byName.get(v.name);
      if (had) {
        if (!had.packages.includes(who)) had.packages.push(who);
      } else byName.set(v.name, { variable: v, nixpkgs: v.nixpkgs, packages: [who] });
    }
  }
  return [...byName.values()].sort((a, b) => compare(a.variable.name, b.variable.name));
}

/**
 * Files of packages pointed at a nixpkgs build by a binary-path variable (nixpkgsSettings): once the
 * variable is set nothing runs them, so nix-ld and the library paths need not serve them.
 */
export function replacedFiles(r: ScanReport): Set<string> {
  const out = new Set<string>();
  for (const s of r.packages) {
    if (packageState(r, s) !== "needs-fix") continue;
    if (s.variables.some((v) => v.use === "binary-path" && v.nixpkgs !== null)) for (const f of s.files) out.add(f);
  }
  return out;
}
