// Run the loader emulation over every analysable ELF file of a collected scan.

import type { ElfInfo } from "../elf/types.js";
import { readBuildHost } from "../io/build-host.js";
import { createLoaderFs } from "../io/loader-fs.js";
import { pathMapper } from "../io/paths.js";
import { rootMapper } from "../io/rooted.js";
import { type NixpkgsRelease, NO_HOST, NODE_HOST, targetProfile } from "../loader/profiles.js";
import { analyse, emptyAnalysis, type JudgedEnvironment, type ResolveContext, roleOf } from "../loader/resolve.js";
import type { Analysis, BuildHostProfile, HostProfile, Role, SystemName } from "../loader/types.js";
import { isMissing } from "../model/findings.js";
import type { ElfProblem, FileReport, ScanReport } from "../model/report.js";
import type { Collected } from "./scan.js";

export interface AnalyseOptions {
  system: SystemName;
  nixpkgs: NixpkgsRelease;
  /** Host for `.node` addons; default nixpkgs' node. */
  addonHost?: HostProfile;
  /** Consult this machine's libraries to label resolvable-via-system (default true). */
  buildHostPass?: boolean;
  /** The environment programs run in on the judged system (null or absent: a generic NixOS). */
  environment?: JudgedEnvironment | null;
  /** --root: the judged system is mounted here; its paths are resolved inside it. */
  root?: string | null;
  cwd: string;
}

/** The report with `analysis` on every analysable file: a new report (the collected one is not changed). */
export function analyseReport(collected: Collected, options: AnalyseOptions): ScanReport {
  const report = collected.report;
  // The directories walked outside the tree (foundOutside[].scanned) hold their files' bundled libraries, as the roots do.
  const paths = pathMapper([...report.roots, ...report.foundOutside.flatMap((f) => f.scanned)], options.cwd);
  let buildHost: BuildHostProfile | null | undefined;
  const ctx: ResolveContext = {
    fs: createLoaderFs(collected.infoById, options.root ? rootMapper(options.root, paths.bundleDirs) : undefined),
    target: targetProfile(options.system, options.nixpkgs),
    get buildHost() {
      if (buildHost === undefined) buildHost = options.buildHostPass === false ? null : readBuildHost(options.system);
      return buildHost;
    },
    addonHost: options.addonHost ?? NODE_HOST,
    libraryHost: NO_HOST,
    bundleDirs: paths.bundleDirs,
    environment: options.environment ?? null,
    display: paths.display,
  };
  // Libraries loaded by executables and addons, keyed by the scan's ElfInfo object (one per inode).
  const loadedBy = new Map<ElfInfo, Set<string>>();
  let current: string | null = null;
  const idOf = new Map<ElfInfo, string>();
  for (const [id, info] of collected.infoById) idOf.set(info, id);
  // The paths each library was opened as, which its edges in its loaders' analyses name as requester.
  const openedAs = new Map<ElfInfo, Set<string>>();
  ctx.onLoaded = (info, path) => {
    if (current === null) return;
    (loadedBy.get(info) ?? loadedBy.set(info, new Set()).get(info)!).add(current);
    (openedAs.get(info) ?? openedAs.set(info, new Set()).get(info)!).add(path);
  };
  const analyses = new Map<FileReport, Analysis>();
  for (const f of report.files) {
    if (!f.elf) continue;
    const role = roleOf(f.elf, f.path);
    if (f.errors.length > 0) {
      if (role !== null) analyses.set(f, unparseable(role, f.errors));
      continue;
    }
    current = role === "executable" || role === "addon" ? f.path : null;
    const a = analyse(paths.abs(f.path), f.elf, ctx, idOf.get(f.elf) ?? null);
    if (a) analyses.set(f, a);
  }
  const byPath = new Map<string, Analysis>();
  for (const [f, a] of analyses) byPath.set(f.path, a);
  const files = report.files.map((f): FileReport => {
    const a = analyses.get(f);
    if (a === undefined) return f;
    const by = f.elf ? loadedBy.get(f.elf) : undefined;
    return {
      ...f,
      analysis:
        by !== undefined && a.role === "library"
          ? inContext({ ...a, loadedBy: [...by].sort() }, new Set([...f.paths, ...(openedAs.get(f.elf!) ?? [])]), byPath)
          : a,
    };
  });
  return { ...report, files, options: { ...report.options, resolve: true, system: options.system, host: ctx.addonHost.name } };
}

/**
 * A library that scanned executables or addons load is judged where it is loaded: what it asks for
 * that is missing there (their edges from it) decides its verdict, so the file list, the counts and
 * the exit status agree. Judged alone (as if dlopen()ed by a bare process) it may lack what its
 * loaders provide; that stays visible in its edges.
 */
function inContext(analysis: Analysis, paths: ReadonlySet<string>, byPath: ReadonlyMap<string, Analysis>): Analysis {
  if (analysis.verdict !== "needs-libraries") return analysis;
  const missing = new Set<string>();
  for (const loader of analysis.loadedBy) {
    for (const e of byPath.get(loader)?.edges ?? []) if (paths.has(e.requester) && isMissing(e.status)) missing.add(e.name);
  }
  if (missing.size > 0) {
    const names = [...missing].sort();
    return {
      ...analysis,
      missing: names,
      problems: analysis.problems.map((p) => (p.code === "libraries-missing" ? { ...p, names: p.names.filter((n) => missing.has(n)) } : p)),
    };
  }
  return { ...analysis, verdict: "ok", missing: [], problems: [{ code: "provided-where-loaded", names: analysis.missing, loadedBy: analysis.loadedBy }] };
}

/** A file whose headers are damaged: the loader would refuse it, so its dependencies are not judged. */
function unparseable(role: Role, errors: ElfProblem[]): Analysis {
  return { ...emptyAnalysis(role), verdict: "unparseable", problems: errors.map((e) => ({ code: "damaged-elf", elfCode: e.code, detail: e.detail })) };
}
