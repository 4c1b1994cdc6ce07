// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems are codes with facts; "findings" adds what fails the run, coded, with its words.
import type { ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";

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
  return `${JSON.stringify({ ...head, ...rest, findings: listFindings(report), ...(mapping !== undefined ? { mapping } : {}) }, null, 2)}\n`;
}
