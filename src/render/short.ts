// One line per finding, for git hooks: what is wrong and what to do.

import type { ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";
import { printable } from "./table.js";

export function renderShort(report: ScanReport): string {
  return listFindings(report)
    .map((i) => `${printable(i.path)}: ${i.code}: ${i.message}\n    fix: ${i.fixText}\n`)
    .join("");
}
