// The --json renderer: one document, stable order (files sorted by path), two-space indent. The
// report's problems are codes with facts; "findings" adds what fails the run, coded, with its words.
import type { ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";

export function renderJson(report: ScanReport): string {
  const { mapping, ...rest } = report;
  return `${JSON.stringify({ ...rest, findings: listFindings(report), ...(mapping !== undefined ? { mapping } : {}) }, null, 2)}\n`;
}
