// The library API. `scan()` does what the CLI does, returning the report as data; the parts
// (ELF reader, renderers, mapping) are exported for tools that need only one of them.

import { DEFAULT_RELEASE, type NixpkgsRelease, systemForArch } from "./loader/profiles.js";
import type { HostProfile, SystemName } from "./loader/types.js";
import type { ScanReport } from "./model/report.js";
import { mapReport } from "./nixpkgs/select.js";
import { analyseReport } from "./scan/analyse.js";
import { hostFromArgument } from "./scan/host.js";
import { collect } from "./scan/scan.js";

export interface ScanOptions {
  /** Target system; default: the one matching this machine. */
  system?: SystemName;
  /** nixpkgs release for the glibc version and attribute names; default 26.05. */
  nixpkgs?: NixpkgsRelease;
  /** Open every regular file instead of skipping well-known text endings. */
  allFiles?: boolean;
  /** Run the loader emulation and the nixpkgs mapping (default true). */
  resolve?: boolean;
  /** Who dlopen()s `.node` addons: "node" (default), "none", or a path to an executable. */
  host?: string | HostProfile;
  /** Look at this machine's libraries to say where a missing one lives (default true). */
  buildHostPass?: boolean;
  /** soname -> attribute pins. */
  prefer?: Record<string, string>;
  /** Paths in the report are relative to this directory when the roots are (default process.cwd()). */
  cwd?: string;
  /** Called every ~256 files with the running counts. */
  onProgress?: (files: number, elf: number) => void;
}

/**
 * Scan files and directories for prebuilt ELF binaries and judge each for a NixOS target.
 * Synchronous work, returned as a promise so a future worker-based scan keeps the same signature.
 * Never executes anything it scans. Throws ScanRootError when a root cannot be read at all.
 */
export async function scan(roots: string | readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const list = typeof roots === "string" ? [roots] : [...roots];
  const system = options.system ?? systemForArch(process.arch) ?? "x86_64-linux";
  const release = options.nixpkgs ?? DEFAULT_RELEASE;
  const cwd = options.cwd ?? process.cwd();
  const collected = collect(list, { ...(options.allFiles ? { allFiles: true } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  if (options.resolve === false) return collected.report;
  const host = typeof options.host === "object" ? options.host : hostFromArgument(options.host ?? "node", system, cwd);
  const report = analyseReport(collected, { system, nixpkgs: release, addonHost: host, buildHostPass: options.buildHostPass !== false, cwd });
  report.mapping = mapReport(report, { release, system, prefer: options.prefer ?? {} });
  return report;
}

export { parseElf } from "./elf/parse.js";
export { memorySource } from "./elf/source.js";
export type { ByteSource, ElfError, ElfErrorCode, ElfInfo, ElfKind, ElfParseResult } from "./elf/types.js";
export { NIXPKGS_RELEASES, type NixpkgsRelease, NO_HOST, NODE_HOST, targetProfile } from "./loader/profiles.js";
export type { Analysis, Edge, EdgeStatus, EdgeVia, HostProfile, Role, SystemName, TargetProfile, Verdict } from "./loader/types.js";
export type { Acceptance, AnalysisProblem, CandidateRejection, EdgeNote, Fix } from "./model/diagnostics.js";
export type { Finding, FindingProblem } from "./model/finding-list.js";
export { exitCodeFor } from "./model/findings.js";
export type { FileReport, Problem, ScanReport, ScanSummary } from "./model/report.js";
export { SCHEMA_VERSION } from "./model/report.js";
export { lookup as lookupSoname } from "./nixpkgs/table.js";
export type { Mapping, PackageChoice, SonameRow } from "./nixpkgs/types.js";
export { type FindingItem, listFindings } from "./render/findings.js";
export { renderGithub } from "./render/github.js";
export { renderJson } from "./render/json.js";
export { renderSarif } from "./render/sarif.js";
export { renderTable } from "./render/table.js";
export { ScanRootError } from "./scan/scan.js";
