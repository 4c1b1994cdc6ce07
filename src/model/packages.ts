// npm packages in a scanned tree, as data: which package owns a file, and what a package is missing
// because its install step (a download or a native build) never ran. Words are in src/render/words/.
import type { Complete } from "./closed-set.js";
import type { Acceptance, EnvVariable } from "./diagnostics.js";

/** The npm package that owns a file: the nearest package.json with a name, upward inside node_modules. */
export interface PackageRef {
  name: string;
  version: string;
  /** The package's directory, as reached from the root given on the command line. */
  dir: string;
}

/** Why a package's binary is not in the tree. */
export type PackageProblem =
  /** binding.gyp and no compiled addon (no ELF `.node` file in the package for this machine). */
  | { code: "addon-not-built"; bindingGyp: string }
  /** A `prebuilds/` directory with builds for other platforms only. */
  | { code: "no-prebuild-for-platform"; platform: string; available: string[] }
  /** What the install script downloads is absent (`expected`: the paths it would create). */
  | { code: "binary-not-downloaded"; expected: string[]; script: string }
  /** `bin` entries that are still the placeholder the install script replaces (`firstLine`: the first one's). */
  | { code: "placeholder-bin"; bins: string[]; firstLine: string; script: string }
  /** The per-platform package holding the binary for this system (an optional dependency) is not installed. */
  | { code: "platform-package-missing"; expected: string; system: string }
  /**
   * A variable of this environment points the package at a nixpkgs build of another version than its
   * rule allows (read from the store path's name: /nix/store/HASH-NAME-VERSION/...).
   */
  | { code: "nixpkgs-version-mismatch"; variable: string; value: string; match: "exact" | "major"; attr: string; npmVersion: string; nixpkgsVersion: string }
  /** The variable's directory holds other revisions of the browsers the package names (NAME-REVISION). */
  | { code: "browser-revision-mismatch"; variable: string; value: string; attr: string; npmVersion: string; wanted: string[]; found: string[] }
  /**
   * What the package keeps outside the tree is not where its own code looks (`location`, decided by
   * `from`: the variable, XDG_CACHE_HOME or HOME): `expected` names what it needs there (relative to
   * `location`), `other` what is there instead; `install` is the command that downloads it.
   */
  | { code: "binaries-missing-outside"; what: string; location: string; from: string; expected: string[]; other: string[]; install: string }
  /**
   * A binary the package's code looks for inside the tree, and has no download of for NixOS, is in none
   * of the places it looks (`searched`: the directories, in its order); `other` lists the same binary
   * built for other systems found there instead (files its code does not use on NixOS).
   */
  | { code: "binary-not-in-tree"; what: string; file: string; searched: string[]; other: string[] };

export type PackageProblemCode = PackageProblem["code"];

export const PACKAGE_PROBLEM_CODES = [
  "addon-not-built",
  "no-prebuild-for-platform",
  "binary-not-downloaded",
  "placeholder-bin",
  "platform-package-missing",
  "nixpkgs-version-mismatch",
  "browser-revision-mismatch",
  "binaries-missing-outside",
  "binary-not-in-tree",
] as const satisfies readonly PackageProblemCode[];

/** A package whose binary is missing from the tree: a finding (exit 1) unless accepted. */
export interface PackageIssue {
  package: PackageRef;
  problem: PackageProblem;
  /** Variables that point the package at a binary from elsewhere (a nixpkgs build), from its own source. */
  variables: EnvVariable[];
  accepted?: Acceptance;
}

/**
 * Why binaries kept outside the tree were not looked at: the target is generic (not this machine),
 * HOME is unset, no location is known (the package fetches on first run), the variable naming the
 * location is relative (resolved against the directory the package runs in), or a variable points the
 * package at a binary of its own choosing (`variable`).
 */
export type NotLookedWhy = "generic-target" | "no-home" | "no-location" | "relative-path" | "binary-variable";
export const NOT_LOOKED_WHY = ["generic-target", "no-home", "no-location", "relative-path", "binary-variable"] as const satisfies readonly NotLookedWhy[];

/** A package that keeps its binaries outside the scanned tree: said in the report, not looked at, not failing. */
export interface NotChecked {
  code: "binaries-outside-tree";
  package: PackageRef;
  /** What it keeps there ("browsers", "schema engine"). */
  what: string;
  /** Where it looks by default ("~/.cache/ms-playwright"), or null when it fetches on first run. */
  location: string | null;
  variables: EnvVariable[];
  why: NotLookedWhy;
  /** The variable `why` is about (relative-path, binary-variable), else null. */
  variable: string | null;
}

export const NOT_CHECKED_CODES = ["binaries-outside-tree"] as const satisfies readonly NotChecked["code"][];

/**
 * A package whose binaries outside the tree were looked for where its own code looks (`--target host`),
 * and found: `found` lists the executables (in Playwright's NAME-REVISION directories, Cypress's
 * VERSION directory, Puppeteer's BROWSER/PLATFORM-BUILD directories). `scanned` lists the directories
 * holding them that were walked and judged like the tree (their files carry `outsideOf`); a directory
 * inside the scanned tree is not listed (the tree's scan has it).
 */
export interface FoundOutside {
  code: "binaries-found-outside";
  package: PackageRef;
  what: string;
  location: string;
  /** What decided the location: the variable, XDG_CACHE_HOME or HOME. */
  from: string;
  found: string[];
  scanned: string[];
}

export const FOUND_OUTSIDE_CODES = ["binaries-found-outside"] as const satisfies readonly FoundOutside["code"][];

/** What a package needs on NixOS, as its row in npm-packages.json says, by what was read in its published files. */
export type NixosNeed =
  /** Its binaries run as shipped: static, or linked only against what the loading node already has, or bundled. */
  | "nothing"
  /** Point it at the nixpkgs build of the same thing through a variable its own code reads. */
  | "nixpkgs-build"
  /** An addon compiled on install (node-gyp): build it, in a shell with its build inputs. */
  | "build-from-source"
  /** A prebuilt executable with the FHS loader and no nixpkgs build to point at: nix-ld or patchelf. */
  | "loader-fix";

export const NIXOS_NEEDS = ["nothing", "nixpkgs-build", "build-from-source", "loader-fix"] as const satisfies readonly NixosNeed[];

/** A package known to npm-packages.json, found in the tree: the report's per-package section. */
export interface PackageSummary {
  package: PackageRef;
  /** The row it was matched by: itself, or the package whose per-platform binary package it is. */
  row: string;
  /** ELF files of the package (and, for a row's main package, of its per-platform binary packages). */
  files: string[];
  needs: NixosNeed;
  /** What was read to say so (package@version file, readelf, binding.gyp). */
  evidence: string;
  /** The variables its code reads; those with a nixpkgs value are the fix. */
  variables: EnvVariable[];
  /** For a native build: the nixpkgs attributes it builds against. */
  buildInputs: string[];
  /** For each variable with a version rule: how the nixpkgs build's version compares with the package's. */
  versions: VersionVerdict[];
  /**
   * For a package whose code looks for a binary inside the tree (npm-packages.json `inTree`): what, the
   * file name, where it was found (in its order of search; empty when absent), and the variable of the
   * judged environment that names a binary instead (--target host only; null when unset or not read).
   */
  inTree?: InTreeBinary;
}

export interface InTreeBinary {
  what: string;
  file: string;
  found: string[];
  variable: string | null;
}

/**
 * The version verdict for one variable: `matches` or `mismatch` when this environment sets the variable
 * to a store path whose name carries a version; otherwise `checked-when-evaluated` (the devShell
 * compares pkgs.ATTR.version when it is evaluated, with the nixpkgs it is evaluated with).
 */
export interface VersionVerdict {
  code: VersionVerdictCode;
  variable: string;
  match: "exact" | "major";
  attr: string;
  npmVersion: string;
  /** The version read from the variable's store path, or null. */
  nixpkgsVersion: string | null;
  /** For a directory of NAME-REVISION entries: those the package wants, and the other revisions found instead. */
  revisions?: { wanted: string[]; found: string[] };
}

export type VersionVerdictCode = "matches" | "mismatch" | "checked-when-evaluated";
export const VERSION_VERDICT_CODES = ["matches", "mismatch", "checked-when-evaluated"] as const satisfies readonly VersionVerdictCode[];

/** The state of a known package in this scan, derived from the report. */
export type PackageStateCode = "binary-missing" | "wrong-version" | "outside-tree" | "found-outside" | "variable-set" | "needs-fix" | "runs";
export const PACKAGE_STATE_CODES = [
  "binary-missing",
  "wrong-version",
  "outside-tree",
  "found-outside",
  "variable-set",
  "needs-fix",
  "runs",
] as const satisfies readonly PackageStateCode[];

const complete: [
  Complete<PackageProblemCode, (typeof PACKAGE_PROBLEM_CODES)[number]>,
  Complete<NotChecked["code"], (typeof NOT_CHECKED_CODES)[number]>,
  Complete<NotLookedWhy, (typeof NOT_LOOKED_WHY)[number]>,
  Complete<FoundOutside["code"], (typeof FOUND_OUTSIDE_CODES)[number]>,
  Complete<PackageStateCode, (typeof PACKAGE_STATE_CODES)[number]>,
  Complete<NixosNeed, (typeof NIXOS_NEEDS)[number]>,
  Complete<VersionVerdictCode, (typeof VERSION_VERDICT_CODES)[number]>,
] = [true, true, true, true, true, true, true];
void complete;
