// What the analysis found, as data: each problem, edge note, acceptance and fix is a code from a
// closed set with its facts. Nothing here is a sentence: src/render/words/ turns codes and facts
// into words, once, for every output. The codes are part of the JSON and SARIF contract (README,
// "Codes").
import type { Complete } from "./closed-set.js";
import type { ElfErrorCode, ElfErrorDetail } from "./elf.js";

/** Why ld.so rejected a candidate file and stopped the search (glibc's own checks, in its order). */
export type CandidateRejection =
  | "file-too-short"
  | "invalid-elf-header"
  | "unsupported-encoding-or-abi"
  | "not-dyn-or-exec"
  | "no-load-segments"
  | "no-dynamic-section"
  | "executable"
  | "pie-executable"
  | "unreadable";

/** A fact about one dependency edge that the edge's status alone does not say. */
export type EdgeNote =
  | { code: "candidate-rejected"; reason: CandidateRejection; message: string | null }
  | { code: "token-without-value" }
  | { code: "relative-path"; nextToObject: string }
  | { code: "nix-store-path" };

/** One reason a file will not run (or will not run as it is) on the target. */
export type AnalysisProblem =
  | { code: "search-stopped"; name: string; candidate: string | null; note: EdgeNote | null }
  | { code: "token-without-value"; name: string; where: "name" | "search-path" }
  | { code: "bundled-version-missing"; requester: string; file: string; version: string; provider: string }
  | { code: "libraries-missing"; names: string[] }
  | { code: "glibc-too-old"; version: string; release: string; targetGlibc: string }
  /** Also looked up relative to the current directory: found there only when run from a directory that has it. */
  | { code: "cwd-relative"; names: string[] }
  /** Found through $PLATFORM, which was taken as `assumed`: another CPU may expand it differently. */
  | { code: "platform-dependent"; names: string[]; assumed: string }
  /** A library that lacks these alone, but whose loaders (scanned executables or addons) provide them. */
  | { code: "provided-where-loaded"; names: string[]; loadedBy: string[] }
  /** Found only in a glibc-hwcaps subdirectory: missing on a CPU below `level`. */
  | { code: "cpu-dependent"; names: string[]; level: string }
  | { code: "interpreter-missing"; interpreter: string }
  | { code: "interpreter-nonstandard"; interpreter: string }
  | { code: "bundles-glibc"; names: string[] }
  | { code: "foreign-build"; os: string | null; machine: string; elfClass: number; endian: string; osAbi: string; target: string }
  | { code: "musl-linked" }
  | { code: "damaged-elf"; elfCode: ElfErrorCode; detail: ElfErrorDetail };

export type AnalysisProblemCode = AnalysisProblem["code"];

/** What is assumed about the process that loads a shared object (its host). */
export type HostAssumption =
  /** nixpkgs' nodejs, with these libraries already loaded. */
  | { code: "nixpkgs-nodejs"; loaded: string[] }
  /** The Bare runtime, the process that loads `.bare` addons, with these libraries already loaded. */
  | { code: "bare-runtime"; loaded: string[] }
  /** A process that has loaded nothing but glibc. */
  | { code: "bare-process" }
  /** An executable given with --host, with what its load set has on this machine. */
  | { code: "executable"; path: string; loaded: string[] };

/** A config value that is kept but looks wrong. */
export type ConfigWarning = { code: "unknown-provides"; file: string; attr: string; release: string; knownFor: string[]; near: string[] };

/** Why a finding does not fail the run. */
export type Acceptance = { code: "declared-environment"; attrs: string[]; nixLd: boolean } | { code: "accept-rule"; reason: string } | { code: "baseline" };

/** An environment variable a package's own code reads, and where (its published source). */
export interface EnvVariable {
  name: string;
  /** What setting it does: use a binary from elsewhere (a nixpkgs build), skip the download, move the cache, skip a check. */
  use: "binary-path" | "skip-download" | "cache-dir" | "skip-host-check";
  /** The file and line of the published package that reads it, with the version read ("electron@41.7.1 index.js:11"). */
  evidence: string;
  /** The value that points it at a nixpkgs build ("${pkgs.electron_41-bin.dist}"), when known; the build must be the version the package expects. */
  nixpkgs: string | null;
  /** How that nixpkgs build's version must match the npm package's, when it must. */
  version: VersionRule | null;
}

/** A nixpkgs build that has to match the npm package's version: exactly, or by major version. */
export interface VersionRule {
  match: "exact" | "major";
  /** The attribute whose `version` is compared ("playwright-driver", "electron_41-bin"). */
  attr: string;
  /** Why it must match: the package's own file and line, or the nixpkgs file that says so. */
  evidence: string;
  /**
   * A file of the package listing what must be in the variable's directory as NAME-REVISION
   * subdirectories (Playwright's browsers.json), compared when the variable is set; null otherwise.
   */
  revisions: { file: string; evidence: string } | null;
}

/** The next step for a finding, as data. */
export type Fix =
  | {
      code: "add-libraries";
      /** Where the libraries go: nix-ld/devShell for executables, the loading process for shared objects. */
      scope: "nix-ld" | "loading-process";
      attrs: string[];
      /** Missing names no table row maps (look them up). */
      unmapped: string[];
      /** GPU driver libraries (hardware.graphics). */
      drivers: string[];
    }
  | { code: "provide-interpreter" }
  | { code: "newer-nixpkgs" }
  | { code: "glibc-build" }
  | { code: "baseline-build" }
  | { code: "rebuild-broken" }
  | { code: "replace-damaged-file" }
  | { code: "portable-shebang"; replacement: string }
  | { code: "check-access" }
  /** Compile the package's addon (npm rebuild), or use a nixpkgs build of the package. */
  | { code: "build-addon"; package: string; variables: EnvVariable[] }
  /** Run the install script that was skipped, or point the package at a nixpkgs build with `variables`. */
  | { code: "run-install-script"; package: string; dir: string; script: string; variables: EnvVariable[] }
  /** Install the per-platform optional package npm left out, or point the package at a nixpkgs build with `variables`. */
  | { code: "install-optional"; package: string; optional: string; variables: EnvVariable[] }
  /** The package has no download for NixOS: point it at a nixpkgs build with `variables` (the only way). */
  | { code: "set-variable"; package: string; variables: EnvVariable[] }
  /** The nixpkgs build a variable points at is another version: pin nixpkgs or the npm package, or fall back to nix-ld. */
  | {
      code: "match-nixpkgs-version";
      package: string;
      variable: string;
      attr: string;
      match: "exact" | "major";
      npmVersion: string;
      nixpkgsVersion: string | null;
    };

export type FixCode = Fix["code"];

/** Fails at compile time when a switch over a closed set misses a member. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/**
 * Every code of each closed set, for documentation checks (the README lists them all). The
 * `satisfies` and the Exclude checks below fail to compile when a list and its type drift apart.
 */
export const PROBLEM_CODES = [
  "search-stopped",
  "token-without-value",
  "bundled-version-missing",
  "libraries-missing",
  "glibc-too-old",
  "cwd-relative",
  "cpu-dependent",
  "provided-where-loaded",
  "platform-dependent",
  "interpreter-missing",
  "interpreter-nonstandard",
  "bundles-glibc",
  "foreign-build",
  "musl-linked",
  "damaged-elf",
] as const satisfies readonly AnalysisProblemCode[];
export const EDGE_NOTE_CODES = ["candidate-rejected", "token-without-value", "relative-path", "nix-store-path"] as const satisfies readonly EdgeNote["code"][];
export const REJECTION_CODES = [
  "file-too-short",
  "invalid-elf-header",
  "unsupported-encoding-or-abi",
  "not-dyn-or-exec",
  "no-load-segments",
  "no-dynamic-section",
  "executable",
  "pie-executable",
  "unreadable",
] as const satisfies readonly CandidateRejection[];
export const ACCEPTANCE_CODES = ["declared-environment", "accept-rule", "baseline"] as const satisfies readonly Acceptance["code"][];
export const FIX_CODES = [
  "add-libraries",
  "provide-interpreter",
  "newer-nixpkgs",
  "glibc-build",
  "baseline-build",
  "rebuild-broken",
  "replace-damaged-file",
  "portable-shebang",
  "check-access",
  "build-addon",
  "run-install-script",
  "install-optional",
  "set-variable",
  "match-nixpkgs-version",
] as const satisfies readonly FixCode[];

const complete: [
  Complete<AnalysisProblemCode, (typeof PROBLEM_CODES)[number]>,
  Complete<EdgeNote["code"], (typeof EDGE_NOTE_CODES)[number]>,
  Complete<CandidateRejection, (typeof REJECTION_CODES)[number]>,
  Complete<Acceptance["code"], (typeof ACCEPTANCE_CODES)[number]>,
  Complete<FixCode, (typeof FIX_CODES)[number]>,
] = [true, true, true, true, true];
void complete;
