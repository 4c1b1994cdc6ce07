// The verdict of one root from what its load found (LOADER.md §9): its edges, version problems and
// interpreter become a verdict, problems as data, and the names NixOS lacks.
import type { AnalysisProblem } from "../model/diagnostics.js";
import { isMissing, isOptionalDlopen } from "../model/findings.js";
import type { Analysis, Edge, TargetProfile, Verdict, VersionProblem } from "./types.js";
import { compareVersionNames } from "./versions.js";

/** Edges sorted by what they mean for the verdict (LOADER.md §9); null where none was found. */
interface Sorted {
  fatal: Edge[] | null;
  unresolvable: Edge[] | null;
  /** Missing edges also looked up in the current directory (an empty or relative element or path). */
  cwd: Edge[] | null;
  /** Edges found only in a glibc-hwcaps subdirectory and missing on a baseline CPU. */
  cpu: Edge[] | null;
  /** Edges found through a $PLATFORM expansion. */
  platform: Edge[] | null;
  missing: Edge[] | null;
  onSystem: Edge[] | null;
  bundledGlibc: Edge[] | null;
  requiredMissing: boolean;
  /** Every name NixOS lacks, each once; a suggested dlopen library is not counted. */
  names: string[];
}

const NONE: readonly never[] = [];

/** `list` with `item` appended; the list is made on the first item only. */
function add<T>(list: T[] | null, item: T): T[] {
  if (list === null) return [item];
  list.push(item);
  return list;
}

/**
 * Plain loops, allocating only for what is found: this runs once per root, and V8 optimises it
 * within the scan. Written with filter/map/Set spreads, V8 spent longer optimising it (33 ms,
 * `node --trace-opt --single-threaded` on /usr/lib) than all its calls took to run.
 */
function sortEdges(edges: readonly Edge[]): Sorted {
  const s: Sorted = {
    fatal: null,
    unresolvable: null,
    cwd: null,
    cpu: null,
    platform: null,
    missing: null,
    onSystem: null,
    bundledGlibc: null,
    requiredMissing: false,
    names: [],
  };
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const labels = e.labels;
    const lacking = isMissing(e.status);
    if (lacking && !s.names.includes(e.name) && !labels.includes("dlopen-suggested")) s.names.push(e.name);
    if (labels.length > 0) {
      if (labels.includes("bundled-glibc")) s.bundledGlibc = add(s.bundledGlibc, e);
      if (lacking && labels.includes("cwd-relative")) s.cwd = add(s.cwd, e);
      if (labels.includes("cpu-dependent")) s.cpu = add(s.cpu, e);
      if ((e.status === "bundled" || e.status === "provided-by-glibc") && labels.includes("platform-dependent")) s.platform = add(s.platform, e);
      if (lacking && labels.includes("dlopen-required")) s.requiredMissing = true;
      // Optional dlopen libraries never decide a verdict.
      if (isOptionalDlopen(labels)) continue;
    }
    switch (e.status) {
      case "fatal-candidate":
        s.fatal = add(s.fatal, e);
        break;
      case "unresolvable-dst":
        s.unresolvable = add(s.unresolvable, e);
        break;
      case "missing":
        s.missing = add(s.missing, e);
        break;
      case "resolvable-via-system":
        s.onSystem = add(s.onSystem, e);
        break;
      default:
        break;
    }
  }
  return s;
}

/** Verdict, problems (as data) and missing names from the edges, versions and interpreter (LOADER.md §9). */
export function decide(analysis: Analysis, target: TargetProfile): void {
  const s = sortEdges(analysis.edges);
  const missing = s.onSystem === null ? s.missing : s.missing === null ? s.onSystem : s.missing.concat(s.onSystem);
  let tooOld: VersionProblem[] | null = null;
  let verMissing: VersionProblem[] | null = null;
  for (const v of analysis.versionProblems) {
    if (v.code === "glibc-too-old") tooOld = add(tooOld, v);
    else if (v.code === "version-missing") verMissing = add(verMissing, v);
  }
  const problems: AnalysisProblem[] = [];
  let verdict: Verdict = "ok";
  for (const e of s.fatal ?? NONE) problems.push({ code: "search-stopped", name: e.name, candidate: e.path, note: e.note });
  for (const e of s.unresolvable ?? NONE)
    problems.push({ code: "token-without-value", name: e.name, where: e.note?.code === "token-without-value" ? "name" : "search-path" });
  for (const v of verMissing ?? NONE)
    problems.push({ code: "bundled-version-missing", requester: v.requester, file: v.file, version: v.version, provider: v.provider ?? v.file });
  // Failures that do not depend on the system's libraries: broken on any distribution.
  if (s.fatal !== null || verMissing !== null || missing?.some((e) => e.via === "absolute-path" || e.via === "dst-in-needed")) verdict = "broken-on-any-system";
  if (missing !== null) {
    problems.push({ code: "libraries-missing", names: uniqueNames(missing) });
    if (verdict === "ok") verdict = "needs-libraries";
  }
  if (tooOld !== null) {
    let worst = tooOld[0]!.version;
    for (const v of tooOld) if (compareVersionNames(v.version, worst) >= 0) worst = v.version; // the last of the newest, as a stable sort gives
    problems.push({ code: "glibc-too-old", version: worst, release: target.describes, targetGlibc: target.glibcVersion });
    if (verdict === "ok") verdict = "needs-newer-glibc";
  }
  if (s.cwd !== null) problems.push({ code: "cwd-relative", names: uniqueNames(s.cwd) });
  if (s.cpu !== null) {
    // The highest level any of them needs: below it, at least one is missing.
    let level = "";
    for (const e of s.cpu) {
      const l = /^hwcaps-only\((.+)\)$/.exec(e.labels.find((x) => x.startsWith("hwcaps-only(")) ?? "")?.[1] ?? "";
      if (l > level) level = l;
    }
    problems.push({ code: "cpu-dependent", names: uniqueNames(s.cpu), level });
    if (verdict === "ok") verdict = "cpu-dependent";
  }
  if (s.platform !== null) {
    problems.push({ code: "platform-dependent", names: uniqueNames(s.platform), assumed: target.dstPlatform });
    if (verdict === "ok") verdict = "cpu-dependent";
  }
  const interp = analysis.interpreter;
  if (interp !== null && interp.status !== "nix-store" && interp.status !== "fhs-nix-ld") {
    problems.push({ code: interp.status === "fhs-missing" ? "interpreter-missing" : "interpreter-nonstandard", interpreter: interp.path });
    if (verdict === "ok") verdict = "needs-interpreter";
  }
  if (s.bundledGlibc !== null) problems.push({ code: "bundles-glibc", names: uniqueNames(s.bundledGlibc) });
  if (s.requiredMissing && verdict === "ok") verdict = "needs-libraries";
  analysis.verdict = verdict;
  analysis.problems = problems;
  analysis.missing = s.names.sort();
}

/** The edges' names, each once, in order. */
function uniqueNames(edges: readonly Edge[]): string[] {
  const seen: string[] = [];
  for (const e of edges) if (!seen.includes(e.name)) seen.push(e.name);
  return seen;
}
