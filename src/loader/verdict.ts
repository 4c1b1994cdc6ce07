// The verdict of one root from what its load found (LOADER.md §9): its edges, version problems and
// interpreter become a verdict, problems as data, and the names NixOS lacks.
import type { AnalysisProblem } from "../model/diagnostics.js";
import { isMissing, isOptionalDlopen } from "../model/findings.js";
import type { Analysis, Edge, TargetProfile, Verdict, VersionProblem } from "./types.js";
import { compareVersionNames } from "./versions.js";

/** Edges and version problems sorted by what they mean for the verdict (LOADER.md §9). */
interface Sorted {
  fatal: Edge[];
  unresolvable: Edge[];
  /** Missing edges also looked up in the current directory (an empty or relative element or path). */
  cwd: Edge[];
  /** Edges found only in a glibc-hwcaps subdirectory and missing on a baseline CPU. */
  cpu: Edge[];
  /** Edges found through a $PLATFORM expansion. */
  platform: Edge[];
  missing: Edge[];
  onSystem: Edge[];
  bundledGlibc: Edge[];
  requiredMissing: boolean;
  /** Every name NixOS lacks, each once; a suggested dlopen library is not counted. */
  names: string[];
}

/**
 * Plain loops, allocating only for what is found: this runs once per root, and V8 optimises it
 * within the scan. Written with filter/map/Set spreads, V8 spent longer optimising it (33 ms,
 * `node --trace-opt --single-threaded` on /usr/lib) than all its calls took to run.
 */
function sortEdges(edges: readonly Edge[]): Sorted {
  const s: Sorted = {
    fatal: [],
    unresolvable: [],
    cwd: [],
    cpu: [],
    platform: [],
    missing: [],
    onSystem: [],
    bundledGlibc: [],
    requiredMissing: false,
    names: [],
  };
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const labels = e.labels;
    if (isMissing(e.status) && !s.names.includes(e.name) && !labels.includes("dlopen-suggested")) s.names.push(e.name);
    if (labels.length > 0) {
      if (labels.includes("bundled-glibc")) s.bundledGlibc.push(e);
      if (labels.includes("cwd-relative") && isMissing(e.status)) s.cwd.push(e);
      if (labels.includes("cpu-dependent")) s.cpu.push(e);
      if (labels.includes("platform-dependent") && (e.status === "bundled" || e.status === "provided-by-glibc")) s.platform.push(e);
      if (labels.includes("dlopen-required") && isMissing(e.status)) s.requiredMissing = true;
      // Optional dlopen libraries never decide a verdict.
      if (isOptionalDlopen(labels)) continue;
    }
    switch (e.status) {
      case "fatal-candidate":
        s.fatal.push(e);
        break;
      case "unresolvable-dst":
        s.unresolvable.push(e);
        break;
      case "missing":
        s.missing.push(e);
        break;
      case "resolvable-via-system":
        s.onSystem.push(e);
        break;
      default:
        break;
    }
  }
  return s;
}

/** Verdict, problems (as data) and missing names from the edges, versions and interpreter (LOADER.md §9). */
export function decide(a: Analysis, target: TargetProfile): void {
  const s = sortEdges(a.edges);
  const missing = s.onSystem.length > 0 ? s.missing.concat(s.onSystem) : s.missing;
  const tooOld: VersionProblem[] = [];
  const verMissing: VersionProblem[] = [];
  for (const v of a.versionProblems) {
    if (v.code === "glibc-too-old") tooOld.push(v);
    else if (v.code === "version-missing") verMissing.push(v);
  }
  const problems: AnalysisProblem[] = [];
  let verdict: Verdict = "ok";
  for (const e of s.fatal) problems.push({ code: "search-stopped", name: e.name, candidate: e.path, note: e.note });
  for (const e of s.unresolvable)
    problems.push({ code: "token-without-value", name: e.name, where: e.note?.code === "token-without-value" ? "name" : "search-path" });
  for (const v of verMissing)
    problems.push({ code: "bundled-version-missing", requester: v.requester, file: v.file, version: v.version, provider: v.provider ?? v.file });
  // Failures that do not depend on the system's libraries: broken on any distribution.
  if (s.fatal.length > 0 || verMissing.length > 0 || missing.some((e) => e.via === "absolute-path" || e.via === "dst-in-needed"))
    verdict = "broken-on-any-system";
  if (missing.length > 0) {
    problems.push({ code: "libraries-missing", names: uniqueNames(missing) });
    if (verdict === "ok") verdict = "needs-libraries";
  }
  if (tooOld.length > 0) {
    let worst = tooOld[0]!.version;
    for (const v of tooOld) if (compareVersionNames(v.version, worst) >= 0) worst = v.version; // the last of the newest, as a stable sort gives
    problems.push({ code: "glibc-too-old", version: worst, release: target.describes, targetGlibc: target.glibcVersion });
    if (verdict === "ok") verdict = "needs-newer-glibc";
  }
  if (s.cwd.length > 0) problems.push({ code: "cwd-relative", names: uniqueNames(s.cwd) });
  if (s.cpu.length > 0) {
    // The highest level any of them needs: below it, at least one is missing.
    const levels = s.cpu
      .map((e) => /^hwcaps-only\((.+)\)$/.exec(e.labels.find((l) => l.startsWith("hwcaps-only(")) ?? "")?.[1] ?? "")
      .filter(Boolean)
      .sort();
    problems.push({ code: "cpu-dependent", names: uniqueNames(s.cpu), level: levels.at(-1) ?? "" });
    if (verdict === "ok") verdict = "cpu-dependent";
  }
  if (s.platform.length > 0) {
    problems.push({ code: "platform-dependent", names: uniqueNames(s.platform), assumed: target.dstPlatform });
    if (verdict === "ok") verdict = "cpu-dependent";
  }
  const interp = a.interpreter;
  if (interp !== null && interp.status !== "nix-store" && interp.status !== "fhs-nix-ld") {
    problems.push({ code: interp.status === "fhs-missing" ? "interpreter-missing" : "interpreter-nonstandard", interpreter: interp.path });
    if (verdict === "ok") verdict = "needs-interpreter";
  }
  if (s.bundledGlibc.length > 0) problems.push({ code: "bundles-glibc", names: uniqueNames(s.bundledGlibc) });
  if (s.requiredMissing && verdict === "ok") verdict = "needs-libraries";
  a.verdict = verdict;
  a.problems = problems;
  a.missing = s.names.sort();
}

/** The edges' names, each once, in order. */
function uniqueNames(edges: readonly Edge[]): string[] {
  const seen: string[] = [];
  for (const e of edges) if (!seen.includes(e.name)) seen.push(e.name);
  return seen;
}
