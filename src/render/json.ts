// The --json renderer: one document, stable order (files sorted by path), two-space indent.
import type { ScanReport } from "../model/report.js";

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
