// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems are codes with facts; "findings" adds what fails the run, coded, with its words.
import { packageState } from "../model/package-state.js";
import type { ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";
import { packageSummaryFixText, versionVerdictText } from "./words.js";

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
  // The per-package section with its state and fix in words, as the table prints them.
  const packages = rest.packages.map((s) => {
    const state = packageState(report, s);
    return { ...s, state, fixText: packageSummaryFixText(s, state), versionTexts: s.versions.map(versionVerdictText) };
  });
  return `${JSON.stringify({ ...head, ...rest, packages, findings: listFindings(report), ...(mapping !== undefined ? { mapping } : {}) }, null, 2)}\n`;
}
