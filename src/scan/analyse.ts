// Run the loader emulation over every analysable ELF file of a collected scan.

import type { ElfInfo } from "../elf/types.js";
import { readBuildHost } from "../io/build-host.js";
import { createLoaderFs } from "../io/loader-fs.js";
import { pathMapper } from "../io/paths.js";
import { type NixpkgsRelease, NO_HOST, NODE_HOST, targetProfile } from "../loader/profiles.js";
import { analyse, emptyAnalysis, type ResolveContext, roleOf } from "../loader/resolve.js";
import type { Analysis, BuildHostProfile, HostProfile, Role, SystemName } from "../loader/types.js";
import type { Problem } from "../model/report.js";
import type { Collected } from "./scan.js";

export interface AnalyseOptions {
  system: SystemName;
  nixpkgs: NixpkgsRelease;
  /** Host for `.node` addons; default nixpkgs' node. */
  addonHost?: HostProfile;
  /** Consult this machine's libraries to label resolvable-via-system (default true). */
  buildHostPass?: boolean;
  /** Directories standing for NIX_LD_LIBRARY_PATH (nix-ld mode). */
  nixLdLibraryPath?: string[];
  cwd: string;
}

/** Fill `analysis` on every file of the report; returns the same report. */
export function analyseReport(c: Collected, o: AnalyseOptions): Collected["report"] {
  const report = c.report;
  const paths = pathMapper(report.roots, o.cwd);
  let buildHost: BuildHostProfile | null | undefined;
  const ctx: ResolveContext = {
    fs: createLoaderFs(c.infoById),
    target: targetProfile(o.system, o.nixpkgs),
    get buildHost() {
      if (buildHost === undefined) buildHost = o.buildHostPass === false ? null : readBuildHost(o.system);
      return buildHost;
    },
    addonHost: o.addonHost ?? NODE_HOST,
    libraryHost: NO_HOST,
    bundleDirs: paths.bundleDirs,
    nixLdLibraryPath: o.nixLdLibraryPath ?? [],
    display: paths.display,
  };
  // Libraries loaded by executables and addons, keyed by the scan's ElfInfo object (one per inode).
  const loadedBy = new Map<ElfInfo, Set<string>>();
  let current: string | null = null;
  const idOf = new Map<ElfInfo, string>();
  for (const [id, info] of c.infoById) idOf.set(info, id);
  ctx.onLoaded = (info) => {
    if (current !== null) (loadedBy.get(info) ?? loadedBy.set(info, new Set()).get(info)!).add(current);
  };
  for (const f of report.files) {
    if (!f.elf) continue;
    const role = roleOf(f.elf, f.path);
    if (f.errors.length > 0) {
      if (role !== null) f.analysis = unparseable(role, f.errors);
      continue;
    }
    current = role === "executable" || role === "addon" ? f.path : null;
    const a = analyse(paths.abs(f.path), f.elf, ctx, idOf.get(f.elf) ?? null);
    if (a) f.analysis = a;
  }
  for (const f of report.files) {
    const by = f.elf ? loadedBy.get(f.elf) : undefined;
    if (by !== undefined && f.analysis?.role === "library") f.analysis.loadedBy = [...by].sort();
  }
  report.options = { ...report.options, resolve: true, system: o.system, host: ctx.addonHost.name };
  return report;
}

/** A file whose headers are damaged: the loader would refuse it, so its dependencies are not judged. */
function unparseable(role: Role, errors: Problem[]): Analysis {
  return { ...emptyAnalysis(role), verdict: "unparseable", problems: errors.map((e) => ({ code: "damaged-elf", elfCode: e.code, message: e.message })) };
}
