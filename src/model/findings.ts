// What counts as a finding (exit 1): the contract shared by the CLI, the renderers and library users.
import type { EdgeStatus, Verdict } from "./analysis.js";
import type { FileReport, ScanReport } from "./report.js";

/**
 * Verdicts that mean "this will not run on NixOS as it is" and fail the run. `foreign` and
 * `foreign-libc` (musl) are reported but do not fail: packages ship one build per platform and libc,
 * and a glibc system loads the glibc one.
 */
export const FINDING_VERDICTS: ReadonlySet<Verdict> = new Set([
  "needs-interpreter",
  "needs-libraries",
  "needs-newer-glibc",
  "broken-on-any-system",
  "cpu-dependent",
  "unparseable",
]);

/** An edge NixOS cannot satisfy: nothing was found, or only this build machine has it. */
export function isMissing(status: EdgeStatus): boolean {
  return status === "missing" || status === "resolvable-via-system";
}

/** An edge asked for by an optional (suggested or recommended) dlopen note: it decides no verdict and no package. */
export function isOptionalDlopen(labels: readonly string[]): boolean {
  return labels.includes("dlopen-suggested") || labels.includes("dlopen-recommended");
}

/**
 * A file is a finding when its verdict says so, unless it is accepted (declared environment, accept
 * rule, baseline) or is a library that a scanned executable or addon already loads.
 */
export function isFinding(fileReport: FileReport): boolean {
  if (fileReport.accepted !== undefined) return false;
  if (fileReport.errors.length > 0) return true;
  const a = fileReport.analysis;
  if (!a || !FINDING_VERDICTS.has(a.verdict)) return false;
  // A library that scanned files load is judged where it is loaded (scan/analyse.ts inContext): its
  // verdict already says whether it runs there, so it counts like any other file.
  return true;
}

/** The CLI's exit status for a report: 0 nothing to fix, 1 findings. */
export function exitCodeFor(report: ScanReport): 0 | 1 {
  return findingCount(report) > 0 ? 1 : 0;
}

export function findingCount(report: ScanReport): number {
  return (
    report.files.filter(isFinding).length +
    report.scripts.filter((s) => s.accepted === undefined).length +
    report.packageIssues.filter((p) => p.accepted === undefined).length +
    report.problems.length
  );
}
