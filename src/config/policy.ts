// The project's policy: ignored paths are left out during the walk (ignoreMatcher); on the finished scan,
// findings covered by the declared environment or accepted (config or baseline) stay visible but no
// longer fail. Config globs and baseline entries name paths relative to the project directory (the
// config file's), so they mean the same thing whichever directory the scan is started from.

import { isAbsolute, resolve } from "node:path";
import type { Acceptance } from "../model/diagnostics.js";
import type { Finding } from "../model/finding-list.js";
import { attrBySoname } from "../model/mapping.js";
import { compare } from "../model/order.js";
import { isUnder, withoutDotSlash } from "../model/paths.js";
import type { FileReport, ScanReport } from "../model/report.js";
import type { Mapping } from "../nixpkgs/types.js";
import { type Config, globRegex } from "./config.js";

export interface BaselineEntry {
  path: string;
  code: string;
  missing: string[];
}

export interface Baseline {
  schemaVersion: 1;
  findings: BaselineEntry[];
}

export function parseBaseline(data: unknown, where: string): Baseline {
  const d = data as Partial<Baseline> | null;
  if (d?.schemaVersion !== 1 || !Array.isArray(d.findings))
    throw new Error(`${where}: not a nix-bincheck baseline (expected {"schemaVersion": 1, "findings": [...]}); rewrite it with --write-baseline`);
  for (const [i, f] of d.findings.entries()) {
    if (typeof f?.path !== "string" || typeof f.code !== "string" || !Array.isArray(f.missing))
      throw new Error(`${where}: findings[${i}] needs "path", "code" and "missing"; rewrite it with --write-baseline`);
  }
  return d as Baseline;
}

/** How accept globs and baseline entries name a reported path (relative to `cwd`, or absolute). */
export interface ProjectPaths {
  /** Relative to the project directory when it lies below it, else absolute. */
  project(p: string): string;
  absolute(p: string): string;
}

/** Paths relative to `base` (absolute), lexically, like the paths the user typed. */
export function projectPaths(cwd: string, base: string): ProjectPaths {
  return {
    project: (p) => {
      const abs = resolve(cwd, p);
      if (!isUnder(base, abs)) return abs;
      return abs === base ? "." : abs.slice(base === "/" ? 1 : base.length + 1);
    },
    absolute: (p) => resolve(cwd, p),
  };
}

/** Today's behaviour for library callers: paths as reported, without "./". */
const AS_REPORTED: ProjectPaths = { project: withoutDotSlash, absolute: (p) => p };

/** Today's findings as a baseline document, each path named by `paths.project`. */
export function makeBaseline(items: readonly Finding[], paths: ProjectPaths = AS_REPORTED): Baseline {
  return {
    schemaVersion: 1,
    findings: items
      .map((i) => ({ path: paths.project(i.path), code: i.code, missing: [...i.missing] }))
      .sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code)),
  };
}

/** Where ignore globs are anchored. */
export interface IgnoreSpec {
  /** --ignore globs: relative to the root a path was reached from; a root that is a file is matched as given. */
  cli: readonly string[];
  /** The config's "ignore" globs: relative to `base`. */
  config: readonly string[];
  /** The project directory (the config file's), absolute. */
  base: string;
  /** The directory relative roots are given against. */
  cwd: string;
}

/** A glob as typed, normalised: "./vendor/" is "vendor". Globs starting with "/" match absolute paths. */
export function normalizeGlob(glob: string): string {
  let s = glob;
  while (s.startsWith("./")) s = s.slice(2);
  while (s.length > 1 && s.endsWith("/")) s = s.slice(0, -1);
  return s;
}

interface CompiledGlob {
  absolute: boolean;
  re: RegExp;
  /** For directories: "vendor/**" and "vendor/*" leave out everything in vendor, so vendor is not read at all. */
  dirRe: RegExp | null;
}

function compileGlob(glob: string): CompiledGlob {
  const g = normalizeGlob(glob);
  let dir = g;
  while (/\/\*\*?$/.test(dir)) dir = dir.replace(/\/\*\*?$/, "");
  return { absolute: isAbsolute(g), re: globRegex(g), dirRe: dir !== g && dir !== "" ? globRegex(dir) : null };
}

function matches(globs: readonly CompiledGlob[], rel: string | null, abs: string, isDir: boolean): boolean {
  for (const g of globs) {
    const subject = g.absolute ? abs : rel;
    if (subject === null || subject === "") continue;
    if (g.re.test(subject) || (isDir && g.dirRe?.test(subject))) return true;
  }
  return false;
}

/**
 * The walk-time ignore test (undefined when there is nothing to ignore): `path` as the walk reached
 * it from `root`. The same glob semantics for --ignore and the config's "ignore", anchored differently.
 */
export function ignoreMatcher(spec: IgnoreSpec): ((path: string, root: string, isDir: boolean) => boolean) | undefined {
  const cli = spec.cli.map(compileGlob);
  const config = spec.config.map(compileGlob);
  if (cli.length === 0 && config.length === 0) return undefined;
  const roots = new Map<string, { abs: string; configRel: string | null; prefix: number }>();
  const rootInfo = (root: string) => {
    let r = roots.get(root);
    if (!r) {
      const abs = resolve(spec.cwd, root);
      const configRel = !isUnder(spec.base, abs) ? null : abs === spec.base ? "" : abs.slice(spec.base === "/" ? 1 : spec.base.length + 1);
      r = { abs, configRel, prefix: root.endsWith("/") ? root.length : root.length + 1 };
      roots.set(root, r);
    }
    return r;
  };
  return (path, root, isDir) => {
    const r = rootInfo(root);
    if (path === root) {
      // The root itself: --ignore globs see a file root as it was given, never a directory root.
      if (matches(cli, isDir ? null : withoutDotSlash(root), r.abs, isDir)) return true;
      return matches(config, r.configRel, r.abs, isDir);
    }
    const rel = path.slice(r.prefix);
    const abs = r.abs === "/" ? `/${rel}` : `${r.abs}/${rel}`;
    if (matches(cli, rel, abs, isDir)) return true;
    return matches(config, r.configRel === null ? null : r.configRel === "" ? rel : `${r.configRel}/${rel}`, abs, isDir);
  };
}

/** A report with acceptances applied, and how many findings they stopped from failing. */
export interface Judged {
  report: ScanReport;
  accepted: number;
}

/**
 * Findings covered by `provides`/`nixLd`, accepted by rules, or present in the baseline: a new report
 * whose files and scripts say so (the input is not changed). `paths` names a reported path as accept
 * globs and baseline entries do.
 */
export function applyAcceptance(
  scanReport: ScanReport,
  config: Config,
  mapping: Mapping,
  baseline: Baseline | null,
  paths: ProjectPaths = AS_REPORTED,
): Judged {
  let count = 0;
  const attrOf = attrBySoname(mapping);
  const provides = new Set(config.provides);
  const rules = config.accept.map((a) => ({ ...a, ...compileGlob(a.path) }));
  const accept = (path: string, code: string, missing: readonly string[]): Acceptance | undefined => {
    // Nothing to match: no path is made project-relative (a path.resolve per file).
    if (rules.length === 0 && (baseline === null || baseline.findings.length === 0)) return undefined;
    const p = paths.project(path);
    const rule = rules.find((a) => a.re.test(a.absolute ? paths.absolute(path) : p) && (a.code === null || a.code === code));
    if (rule) return { code: "accept-rule", reason: rule.reason };
    const b = baseline?.findings.find((x) => x.path === p && x.code === code && missing.every((m) => x.missing.includes(m)));
    return b ? { code: "baseline" } : undefined;
  };
  const files = scanReport.files.map((f): FileReport => {
    const a = f.analysis;
    if (!a) return f;
    const covered = coveredBy(f, attrOf, provides, config.nixLd);
    const partly = a.missing.filter((m) => provides.has(attrOf.get(m) ?? ""));
    const why = covered ?? accept(f.path, a.verdict, a.missing);
    if (why) count++;
    if (!why && (covered || partly.length === 0)) return f;
    return { ...f, ...(!covered && partly.length > 0 ? { coveredMissing: partly } : {}), ...(why ? { accepted: why } : {}) };
  });
  const scripts = scanReport.scripts.map((s) => {
    const why = accept(s.path, "script-interpreter", []);
    if (!why) return s;
    count++;
    return { ...s, accepted: why };
  });
  // A package whose binary was never built or downloaded: named by its directory and the problem's code.
  const packageIssues = scanReport.packageIssues.map((p) => {
    const why = accept(p.package.dir, p.problem.code, []);
    if (!why) return p;
    count++;
    return { ...p, accepted: why };
  });
  return { report: { ...scanReport, files, scripts, packageIssues }, accepted: count };
}

/** Covered when every missing name maps to a provided attribute and the interpreter is handled. */
function coveredBy(file: FileReport, attrOf: Map<string, string>, provides: Set<string>, nixLd: boolean): Acceptance | undefined {
  const a = file.analysis!;
  if (a.verdict !== "needs-libraries" && a.verdict !== "needs-interpreter") return undefined;
  const attrs = a.missing.map((s) => attrOf.get(s));
  if (attrs.some((x) => x === undefined || !provides.has(x))) return undefined;
  // nix-ld serves the FHS loader paths only: any other non-store interpreter is never covered.
  const interp = a.interpreter?.status;
  if (interp !== undefined && interp !== "nix-store" && interp !== "fhs-nix-ld" && !(interp === "fhs-missing" && nixLd)) return undefined;
  const used = [...new Set(attrs as string[])].sort();
  return { code: "declared-environment", attrs: used, nixLd: a.interpreter?.status === "fhs-missing" };
}
