// The scan report: plain data shared by the scanner, the loader emulation and every renderer.
import type { Analysis } from "./analysis.js";
import type { Acceptance } from "./diagnostics.js";
import type { ElfInfo } from "./elf.js";
import type { Mapping } from "./mapping.js";
import type { ScriptFinding } from "./script.js";
import type { TargetReport } from "./target.js";

// 2: problems, edge notes and acceptances are codes with facts (words in the top-level "findings"), not sentences.
export const SCHEMA_VERSION = 2;

export interface Problem {
  code: string;
  message: string;
}

export interface FileReport {
  /** The path as reached from a root given on the command line (the first in sort order if hard-linked). */
  path: string;
  /** Every path of this inode found in the scan (hard links), sorted; includes `path`. */
  paths: string[];
  size: number;
  /** Null when not even the ELF header could be read. */
  elf: ElfInfo | null;
  errors: Problem[];
  warnings: string[];
  /** Loader emulation result; absent with --no-resolve or for objects that are not analysed. */
  analysis?: Analysis;
  /** Why this finding does not fail the run (declared environment, accept rule, baseline). */
  accepted?: Acceptance;
  /** Missing sonames the declared environment already provides (the rest still fail). */
  coveredMissing?: string[];
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

export interface ScanReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: "nix-bincheck"; version: string };
  roots: string[];
  options: { allFiles: boolean; resolve: boolean; system: string | null; host: string | null };
  /** What was judged: the nixpkgs release, where that choice came from, its facts and their sources. */
  target?: TargetReport;
  files: FileReport[];
  /** Executable scripts whose #! interpreter path NixOS lacks. */
  scripts: ScriptFinding[];
  symlinks: SymlinkReport[];
  /** Walk problems: unreadable directories and files, names that are not UTF-8. */
  problems: (Problem & { path: string })[];
  summary: ScanSummary;
  /** What to add from nixpkgs for the findings (absent with --no-resolve). */
  mapping?: Mapping;
}
