// Findings as one flat list of coded items: what SARIF, GitHub annotations, the short hook format,
// the table and baselines all consume. Data only: src/render/words/ gives the words.

import type { AnalysisProblem, EnvVariable, Fix } from "./diagnostics.js";
import { unreachable } from "./diagnostics.js";
import { isFinding } from "./findings.js";
import { attrBySoname } from "./mapping.js";
import { pointingVariables } from "./package-state.js";
import type { PackageProblem, PackageRef } from "./packages.js";
import type { ElfProblem, FileReport, ScanProblem, ScanProblemDetail, ScanReport } from "./report.js";

/** What a finding says is wrong. */
export type FindingProblem =
  | AnalysisProblem
  /** Some missing names are covered by the declared environment; these are not. */
  | { code: "libraries-missing-partly"; names: string[]; covered: string[] }
  | { code: "script-interpreter"; interpreter: string }
  | { code: "scan-problem"; problemCode: ScanProblem["code"]; detail: ScanProblemDetail }
  | { code: "elf-errors"; errors: ElfProblem[] }
  | PackageProblem
  | { code: "verdict-only" };

export interface Finding {
  /** A verdict (needs-libraries, ...), "script-interpreter", or a walk/ELF problem code. */
  code: string;
  level: "error" | "warning";
  path: string;
  /** Missing sonames (sorted), for baselines. */
  missing: string[];
  problem: FindingProblem;
  fix: Fix;
  /** The npm package the file belongs to, or the package the finding is about (null outside node_modules). */
  package: PackageRef | null;
  /**
   * For a file of a known package: the variables its code reads to run a nixpkgs build instead
   * (npm-packages.json); for a file found outside the tree, those pointing the package away from its cache too.
   */
  pointAt: EnvVariable[];
}

export function findings(report: ScanReport): Finding[] {
  const out: Finding[] = [];
  const attrFor = attrBySoname(report.mapping);
  const drivers = new Set((report.mapping?.drivers ?? []).map((d) => d.soname));
  const pointAt = new Map<string, EnvVariable[]>();
  for (const s of report.packages) {
    const vars = s.variables.filter((v) => v.use === "binary-path" && v.nixpkgs !== null);
    if (vars.length > 0) for (const f of s.files) pointAt.set(f, vars);
  }
  // Files found outside the tree: the variables that point their package away from its download.
  const outsidePointAt = new Map(report.packages.map((s) => [s.package.dir, pointingVariables(s.variables)] as const));
  for (const f of report.files) {
    if (!isFinding(f)) continue;
    const a = f.analysis;
    if (!a) {
      out.push({
        code: f.errors[0]?.code ?? "unparseable",
        level: "error",
        path: f.path,
        missing: [],
        problem: { code: "elf-errors", errors: f.errors },
        fix: { code: "replace-damaged-file" },
        package: f.package ?? null,
        pointAt: [],
      });
      continue;
    }
    const covered = f.coveredMissing ?? [];
    const lacking = a.missing.filter((m) => !covered.includes(m));
    const problem: FindingProblem =
      a.verdict === "needs-libraries" && lacking.length > 0
        ? covered.length > 0
          ? { code: "libraries-missing-partly", names: lacking, covered: [...covered] }
          : { code: "libraries-missing", names: lacking }
        : (a.problems[0] ?? { code: "verdict-only" });
    out.push({
      code: a.verdict,
      level: a.verdict === "cpu-dependent" ? "warning" : "error",
      path: f.path,
      missing: a.missing,
      problem,
      fix: fixFor(f, lacking, attrFor, drivers),
      package: f.package ?? null,
      pointAt: (f.outsideOf !== undefined ? outsidePointAt.get(f.outsideOf.dir) : pointAt.get(f.path)) ?? [],
    });
  }
  for (const s of report.scripts) {
    if (s.accepted !== undefined) continue;
    out.push({
      code: "script-interpreter",
      level: "error",
      path: s.path,
      missing: [],
      problem: { code: "script-interpreter", interpreter: s.interpreter },
      fix: { code: "portable-shebang", replacement: s.fix },
      package: s.package ?? null,
      pointAt: [],
    });
  }
  for (const p of report.packageIssues) {
    if (p.accepted !== undefined) continue;
    out.push({
      code: p.problem.code,
      level: "error",
      path: p.package.dir,
      missing: [],
      problem: p.problem,
      fix: packageFix(p.problem, p.package, p.variables),
      package: p.package,
      pointAt: [],
    });
  }
  for (const p of report.problems) {
    out.push({
      code: p.code,
      level: "warning",
      path: p.path,
      missing: [],
      problem: { code: "scan-problem", problemCode: p.code, detail: p.detail },
      fix: { code: "check-access" },
      package: null,
      pointAt: [],
    });
  }
  return out;
}

/** The next step for one file's verdict: every verdict has its own case. */
function fixFor(fileReport: FileReport, lacking: string[], attrFor: ReadonlyMap<string, string>, drivers: ReadonlySet<string>): Fix {
  const a = fileReport.analysis!;
  const verdict = a.verdict;
  switch (verdict) {
    case "needs-libraries":
      return {
        code: "add-libraries",
        scope: a.role === "executable" ? "nix-ld" : "loading-process",
        attrs: [...new Set(lacking.map((s) => attrFor.get(s)).filter((x): x is string => x !== undefined))].sort(),
        unmapped: lacking.filter((m) => !drivers.has(m) && !attrFor.has(m)),
        drivers: lacking.filter((m) => drivers.has(m)),
      };
    case "needs-interpreter":
      return { code: "provide-interpreter" };
    case "needs-newer-glibc":
      return { code: "newer-nixpkgs" };
    case "foreign-libc":
      return { code: "glibc-build" };
    case "cpu-dependent":
      return { code: "baseline-build" };
    case "broken-on-any-system":
      return { code: "rebuild-broken" };
    case "unparseable":
      return { code: "replace-damaged-file" };
    case "ok":
    case "foreign":
      // Not findings (isFinding); listed so that a new verdict must be given its fix here.
      return { code: "rebuild-broken" };
    default:
      return unreachable(verdict);
  }
}

/** The next step for a package whose binary is missing: build it, or run (or replace) its install script. */
export function packageFix(problem: PackageProblem, pkg: PackageRef, variables: EnvVariable[]): Fix {
  switch (problem.code) {
    case "addon-not-built":
    case "no-prebuild-for-platform":
      return { code: "build-addon", package: pkg.name, variables };
    case "binary-not-downloaded":
    case "placeholder-bin":
      return { code: "run-install-script", package: pkg.name, dir: pkg.dir, script: problem.script, variables };
    case "binaries-missing-outside":
      return { code: "run-install-script", package: pkg.name, dir: pkg.dir, script: problem.install, variables };
    case "platform-package-missing":
      return { code: "install-optional", package: pkg.name, optional: problem.expected, variables };
    case "binary-not-in-tree":
      return { code: "set-variable", package: pkg.name, variables };
    case "browser-revision-mismatch":
      return {
        code: "match-nixpkgs-version",
        package: pkg.name,
        variable: problem.variable,
        attr: problem.attr,
        match: "exact",
        npmVersion: problem.npmVersion,
        nixpkgsVersion: null,
      };
    case "nixpkgs-version-mismatch":
      return {
        code: "match-nixpkgs-version",
        package: pkg.name,
        variable: problem.variable,
        attr: problem.attr,
        match: problem.match,
        npmVersion: problem.npmVersion,
        nixpkgsVersion: problem.nixpkgsVersion,
      };
    default:
      return unreachable(problem);
  }
}
