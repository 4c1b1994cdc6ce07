// The library API. `scan()` runs the same pipeline as the CLI (src/pipeline.ts) with the same
// defaults, returning the report as data; the parts (ELF reader, renderers, mapping) are exported for
// tools that need only one of them.

import { baselinePath, configStart, loadConfig, readBaseline } from "./io/config-file.js";
import type { NixpkgsRelease } from "./loader/profiles.js";
import type { HostProfile, SystemName } from "./loader/types.js";
import type { ScanReport } from "./model/report.js";
import { runPipeline } from "./pipeline.js";

export interface ScanOptions {
  /** Target system; default: the config's, else the one matching this machine (an error if none does). */
  system?: SystemName;
  /**
   * nixpkgs release for the glibc version and attribute names (one the data does not know is judged as
   * the nearest known, with a warning). Default, as the CLI: the config's, else the release the project's
   * flake.lock locks nixpkgs to, else this NixOS host's /etc/os-release, else the built-in default.
   * The report's `target` says which and why.
   */
  nixpkgs?: NixpkgsRelease;
  /** Look for the scanned project's flake.lock (default true). */
  flakeLock?: boolean;
  /** The os-release consulted on NixOS (default /etc/os-release; null: not consulted). */
  osRelease?: string | null;
  /** Today as YYYY-MM-DD, for end-of-life warnings (default: the clock's date; the CLI reads NIX_BINCHECK_TODAY). */
  today?: string;
  /** Open every regular file instead of skipping well-known text endings. */
  allFiles?: boolean;
  /** Run the loader emulation and the nixpkgs mapping (default true). */
  resolve?: boolean;
  /** Who dlopen()s `.node` addons: "node" (default), "none", or a path to an executable. */
  host?: string | HostProfile;
  /** Look at this machine's libraries to say where a missing one lives (default true). */
  buildHostPass?: boolean;
  /** soname -> attribute pins (over the config's). */
  prefer?: Record<string, string>;
  /** Ask nix-locate about sonames the table does not know, when it is installed (default true). */
  nixLocate?: boolean;
  /** "host": judge this machine's environment (nix-ld, NIX_LD_LIBRARY_PATH, LD_LIBRARY_PATH); "generic": any NixOS. Default as the CLI. */
  judge?: "host" | "generic";
  /** Judge the system mounted at this directory (as --root). */
  root?: string;
  /** The environment read for --target host and nix-locate (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Ignore globs, as --ignore. */
  ignore?: string[];
  /**
   * The project's policy: a config file's path, or false for none. Default: as the CLI, the nearest
   * nix-bincheck.config.json (or package.json "nix-bincheck" key) at or above the first root, and its baseline.
   */
  config?: string | false;
  /** Paths in the report are relative to this directory when the roots are (default process.cwd()). */
  cwd?: string;
  /** Called every ~256 files with the running counts. */
  onProgress?: (files: number, elf: number) => void;
  /** One-line warnings (an unknown attribute in the config's provides, ...). */
  onWarning?: (message: string) => void;
}

/**
 * Scan files and directories for prebuilt ELF binaries and judge each for a NixOS target.
 * Synchronous work, returned as a promise so a future worker-based scan keeps the same signature.
 * Never executes anything it scans. Throws ScanRootError when a root cannot be read at all,
 * TargetError when no --system can be settled, ConfigError for a broken config or baseline.
 */
export async function scan(roots: string | readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const list = typeof roots === "string" ? [roots] : [...roots];
  const cwd = options.cwd ?? process.cwd();
  const { config: configOption, ...rest } = options;
  const loaded =
    configOption === false ? null : loadConfig({ explicit: configOption ?? null, cwd, from: configStart(cwd, list[0] ?? "."), upward: true, fallbackDir: cwd });
  return runPipeline({
    ...rest,
    roots: list,
    cwd,
    arch: process.arch,
    env: options.env ?? process.env,
    ...(loaded
      ? { config: loaded.config, projectDir: loaded.dir, configWhere: loaded.where, baseline: readBaseline(baselinePath(loaded, cwd, null), false) }
      : {}),
  });
}

export { ConfigError } from "./config/config.js";
export { parseElf } from "./elf/parse.js";
export { memorySource } from "./elf/source.js";
export type { ByteSource, ElfError, ElfErrorCode, ElfErrorDetail, ElfInfo, ElfKind, ElfParseResult, ElfPlace, FileWarning } from "./elf/types.js";
export { NIXPKGS_RELEASES, type NixpkgsRelease, NO_HOST, NODE_HOST, targetProfile } from "./loader/profiles.js";
export type { Analysis, Edge, EdgeStatus, EdgeVia, HostProfile, Role, SystemName, TargetProfile, Verdict } from "./loader/types.js";
export type { Acceptance, AnalysisProblem, CandidateRejection, EdgeNote, EnvVariable, Fix } from "./model/diagnostics.js";
export type { Finding, FindingProblem } from "./model/finding-list.js";
export { exitCodeFor } from "./model/findings.js";
export type { FoundOutside, NotChecked, NotLookedWhy, PackageIssue, PackageProblem, PackageRef } from "./model/packages.js";
export type { FileReport, Problem, ScanReport, ScanSummary } from "./model/report.js";
export { SCHEMA_VERSION } from "./model/report.js";
export { lookup as lookupSoname } from "./nixpkgs/table.js";
export type { Mapping, PackageChoice, SonameRow } from "./nixpkgs/types.js";
export { type PipelineRequest, runPipeline, TargetError } from "./pipeline.js";
export { type FindingItem, listFindings } from "./render/findings.js";
export { renderGithub } from "./render/github.js";
export { renderJson } from "./render/json.js";
export { renderSarif } from "./render/sarif.js";
export { renderTable } from "./render/table.js";
/** Words for the report's per-file errors and warnings and the walk's problems (the JSON's `message`). */
export { elfErrorText, fileWarningText, scanProblemText } from "./render/words/index.js";
export { ScanRootError } from "./scan/scan.js";
