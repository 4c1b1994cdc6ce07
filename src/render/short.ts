// One line per finding, for git hooks: what is wrong and what to do.
import { listFindings } from "../model/finding-list.js";
import type { ScanReport } from "../model/report.js";
import { printable } from "./table.js";

export function renderShort(r: ScanReport): string {
  return listFindings(r)
    .map((i) => `${printable(i.path)}: ${i.code}: ${i.message}\n    fix: ${i.fix}\n`)
    .join("");
}
