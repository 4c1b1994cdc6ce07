// The scan report: plain data shared by the scanner, the loader emulation and every renderer.
import type { Analysis } from "./analysis.js";
import type { Complete } from "./closed-set.js";
import type { Acceptance } from "./diagnostics.js";
import type { ElfErrorCode, ElfErrorDetail, ElfInfo, FileWarning } from "./elf.js";
import type { Mapping } from "./mapping.js";
import type { FoundOutside, NotChecked, PackageIssue, PackageRef, PackageSummary } from "./packages.js";
import type { ScriptFinding } from "./script.js";
import type { TargetReport } from "./target.js";

// 2: problems, edge notes and acceptances are codes with facts (words in the top-level "findings"), not sentences.
// 3: the ELF reader's errors and warnings and the walk's problems too (`detail`; the JSON adds `message`).
export const SCHEMA_VERSION = 3;

/** Why part of the tree could not be scanned. */
export type ScanProblemCode = "walk-unreadable-dir" | "walk-stat-failed" | "path-not-utf8" | "walk-pseudo-fs" | "file-unreadable";

export const SCAN_PROBLEM_CODES = [
  "walk-unreadable-dir",
  "walk-stat-failed",
  "path-not-utf8",
  "walk-pseudo-fs",
  "file-unreadable",
] as const satisfies readonly ScanProblemCode[];

/** An error the operating system gave: its code (EACCES, ENOENT, ...) when it has one, and its own message. */
export interface SystemError {
  errno: string | null;
  message: string;
}

/** A root given on the command line that cannot be scanned at all (exit 2): what was being done, and what the system said. */
export interface RootFailure {
  root: string;
  doing: "look-up" | "list" | "open";
  error: SystemError;
}

/** Why a path could not be scanned, with what the system said. */
export type ScanProblemDetail =
  /** `ignoreGlob`: the --ignore argument that leaves the directory out. */
  | { reason: "cannot-list"; error: SystemError; ignoreGlob: string }
  | { reason: "cannot-stat"; error: SystemError }
  | { reason: "cannot-open"; error: SystemError }
  | { reason: "cannot-read"; error: SystemError }
  | { reason: "not-utf8" }
  | { reason: "pseudo-fs" };

export const SCAN_PROBLEM_REASONS = [
  "cannot-list",
  "cannot-stat",
  "cannot-open",
  "cannot-read",
  "not-utf8",
  "pseudo-fs",
] as const satisfies readonly ScanProblemDetail["reason"][];
const complete: [Complete<ScanProblemCode, (typeof SCAN_PROBLEM_CODES)[number]>, Complete<ScanProblemDetail["reason"], (typeof SCAN_PROBLEM_REASONS)[number]>] =
  [true, true];
void complete;

/** A problem of the ELF reader's. */
export interface ElfProblem {
  code: ElfErrorCode;
  detail: ElfErrorDetail;
}

/** A problem of the walk's. */
export interface ScanProblem {
  code: ScanProblemCode;
  detail: ScanProblemDetail;
}

/** A per-file or per-path problem: a code from a closed set (the ELF reader's or the walk's) and what was seen. */
export type Problem = ElfProblem | ScanProblem;

export interface FileReport {
  /** The path as reached from a root given on the command line (the first in sort order if hard-linked). */
  path: string;
  /** Every path of this inode found in the scan (hard links), sorted; includes `path`. */
  paths: string[];
  size: number;
  /** Null when not even the ELF header could be read. */
  elf: ElfInfo | null;
  errors: ElfProblem[];
  warnings: FileWarning[];
  /** Loader emulation result; absent with --no-resolve or for objects that are not analysed. */
  analysis?: Analysis;
  /** Why this finding does not fail the run (declared environment, accept rule, baseline). */
  accepted?: Acceptance;
  /** Missing sonames the declared environment already provides (the rest still fail). */
  coveredMissing?: string[];
  /** The npm package that owns the file (absent outside node_modules). */
  package?: PackageRef;
  /**
   * With --target host: the npm package whose cache outside the tree holds this file (a directory of
   * `foundOutside[].scanned`); `package` is that package too. Absent for files of the scanned tree.
   */
  outsideOf?: PackageRef;
}

export interface SymlinkReport {
  path: string;
  target: string | null;
}

export interface ScanSummary {
  regularFiles: number;
  sniffed: number;
  skippedByName: number;
  elfFiles: number;
  hardLinkedPaths: number;
  special: number;
  symlinks: number;
  nonElf: Record<string, number>;
  problems: number;
  filesWithErrors: number;
}

export type EnvironmentWarning =
  | { code: "relative-element"; variable: string; element: string }
  | { code: "not-a-directory"; variable: string; path: string }
  | { code: "loader-missing"; variable: string; path: string };

/** What `--target host` read of this machine's environment (data; the words are in render/words/). */
export interface EnvironmentFacts {
  /** --root: where the judged system is mounted (its paths below are its own); null: this machine. */
  root: string | null;
  /** /etc/os-release says NixOS. */
  nixos: boolean;
  /** nix-ld serves the FHS loader paths: the variable (NIX_LD, NIX_LD_x86_64_linux) or "nixos-system", and its loader. */
  nixLd: { from: string; loader: string } | null;
  nixLdLibraryPath: { from: string | null; dirs: string[] };
  ldLibraryPath: { from: string | null; dirs: string[] };
  /** Relative or missing directories left out, a NIX_LD that does not exist. */
  warnings: EnvironmentWarning[];
}

export interface ScanReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: "nix-bincheck"; version: string };
  roots: string[];
  options: { allFiles: boolean; resolve: boolean; system: string | null; host: string | null };
  /**
   * The system judged: "generic" (a NixOS of the release, nix-ld's defaults) or "host" (this machine's
   * environment as read, in `environment`).
   */
  judged?: "generic" | "host";
  environment?: EnvironmentFacts | null;
  /** What was judged: the nixpkgs release, where that choice came from, its facts and their sources. */
  target?: TargetReport;
  files: FileReport[];
  /** Executable scripts whose #! interpreter path NixOS lacks. */
  scripts: ScriptFinding[];
  symlinks: SymlinkReport[];
  /** Packages whose binary was never downloaded or built (an install script that did not run). */
  packageIssues: PackageIssue[];
  /** Packages that keep their binaries outside the tree: named, not looked at. */
  notChecked: NotChecked[];
  /** With --target host: packages whose binaries outside the tree were found where their code looks. */
  foundOutside: FoundOutside[];
  /** Packages npm-packages.json knows, found in the tree: what each needs on NixOS and the variables that fix it. */
  packages: PackageSummary[];
  /** Walk problems: unreadable directories and files, names that are not UTF-8. */
  problems: (ScanProblem & { path: string })[];
  summary: ScanSummary;
  /** What to add from nixpkgs for the findings (absent with --no-resolve). */
  mapping?: Mapping;
}
