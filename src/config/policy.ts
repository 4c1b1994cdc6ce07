// Apply the project's policy to a finished scan: ignored paths leave the report, findings covered by
// the declared environment or accepted (config or baseline) stay visible but no longer fail.

import type { Acceptance } from "../model/diagnostics.js";
import type { Finding } from "../model/finding-list.js";
import { attrBySoname } from "../model/mapping.js";
import { compare } from "../model/order.js";
import { withoutDotSlash } from "../model/paths.js";
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

/** Today's findings as a baseline document. */
export function makeBaseline(items: readonly Finding[]): Baseline {
  return {
    schemaVersion: 1,
    findings: items
      .map((i) => ({ path: withoutDotSlash(i.path), code: i.code, missing: [...i.missing] }))
      .sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code)),
  };
}

/** Drop ignored paths from the report (before analysis, so they are neither scanned further nor counted). */
export function applyIgnore(r: ScanReport, c: Config): void {
  if (c.ignore.length === 0) return;
  const res = c.ignore.map(globRegex);
  const ignored = (p: string) => res.some((re) => re.test(withoutDotSlash(p)));
  r.files = r.files.filter((f) => !f.paths.every(ignored));
  r.scripts = r.scripts.filter((s) => !ignored(s.path));
  r.problems = r.problems.filter((p) => !ignored(p.path));
}

/** Mark findings covered by `provides`/`nixLd`, accepted by rules, or present in the baseline; returns how many. */
export function applyAcceptance(r: ScanReport, c: Config, mapping: Mapping, baseline: Baseline | null): number {
  let count = 0;
  const attrOf = attrBySoname(mapping);
  const provides = new Set(c.provides);
  const rules = c.accept.map((a) => ({ ...a, re: globRegex(a.path) }));
  const accept = (path: string, code: string, missing: readonly string[]): Acceptance | undefined => {
    const rule = rules.find((a) => a.re.test(withoutDotSlash(path)) && (a.code === null || a.code === code));
    if (rule) return { code: "accept-rule", reason: rule.reason };
    const b = baseline?.findings.find((x) => x.path === withoutDotSlash(path) && x.code === code && missing.every((m) => x.missing.includes(m)));
    return b ? { code: "baseline" } : undefined;
  };
  for (const f of r.files) {
    const a = f.analysis;
    if (!a) continue;
    const covered = coveredBy(f, attrOf, provides, c.nixLd);
    const partly = a.missing.filter((m) => provides.has(attrOf.get(m) ?? ""));
    if (!covered && partly.length > 0) f.coveredMissing = partly;
    const why = covered ?? accept(f.path, a.verdict, a.missing);
    if (why) {
      f.accepted = why;
      count++;
    }
  }
  for (const s of r.scripts) {
    const why = accept(s.path, "script-interpreter", []);
    if (why) {
      s.accepted = why;
      count++;
    }
  }
  return count;
}

/** Covered when every missing name maps to a provided attribute and the interpreter is handled. */
function coveredBy(f: FileReport, attrOf: Map<string, string>, provides: Set<string>, nixLd: boolean): Acceptance | undefined {
  const a = f.analysis!;
  if (a.verdict !== "needs-libraries" && a.verdict !== "needs-interpreter") return undefined;
  const attrs = a.missing.map((s) => attrOf.get(s));
  if (attrs.some((x) => x === undefined || !provides.has(x))) return undefined;
  if (a.interpreter?.status === "fhs-missing" && !nixLd) return undefined;
  const used = [...new Set(attrs as string[])].sort();
  return { code: "declared-environment", attrs: used, nixLd: a.interpreter?.status === "fhs-missing" };
}
