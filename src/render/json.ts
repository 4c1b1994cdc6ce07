// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems and warnings are codes with facts; each also gets its words as "message" here,
// and "findings" adds what fails the run, coded, with its words.
import { packageState } from "../model/package-state.js";
import type { FileReport, ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";
import { elfErrorText, fileWarningText, packageSummaryFixText, scanProblemText, versionVerdictText } from "./words.js";

/** A file with words beside its codes; files with neither errors nor warnings are written as they are. */
function withWords(f: FileReport): object {
  if (f.errors.length === 0 && f.warnings.length === 0) return f;
  return {
    ...f,
    errors: f.errors.map((e) => ({ ...e, message: elfErrorText(e.detail) })),
    warnings: f.warnings.map((w) => ({ ...w, message: fileWarningText(w) })),
  };
}

export function renderJson(report: ScanReport): string {
  const { mapping, ...rest } = report;
  // The target right after the options: what was judged comes before the judgements.
  const head = {
    schemaVersion: rest.schemaVersion,
    tool: rest.tool,
    roots: rest.roots,
    options: rest.options,
    ...(rest.target ? { target: rest.target } : {}),
  };
  const files = rest.files.map(withWords);
  const problems = rest.problems.map((p) => ({ ...p, message: scanProblemText(p.detail) }));
  // The per-package section with its state and fix in words, as the table prints them.
  const packages = rest.packages.map((s) => {
    const state = packageState(report, s);
    return { ...s, state, fixText: packageSummaryFixText(s, state), versionTexts: s.versions.map(versionVerdictText) };
  });
  return `${JSON.stringify({ ...head, ...rest, files, problems, packages, findings: listFindings(report), ...(mapping !== undefined ? { mapping } : {}) }, null, 2)}\n`;
}
