// GitHub Actions workflow commands: one ::error/::warning annotation per finding.

import { withoutDotSlash } from "../model/paths.js";
import type { ScanReport } from "../model/report.js";
import { listFindings } from "./findings.js";

/** Escaping of workflow-command data and properties (the runner's own rules). */
const data = (s: string) => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
const prop = (s: string) => data(s).replaceAll(":", "%3A").replaceAll(",", "%2C");

export function renderGithub(report: ScanReport): string {
  return listFindings(report)
    .map((i) => `::${i.level} file=${prop(withoutDotSlash(i.path))},title=${prop(`nix-bincheck: ${i.code}`)}::${data(`${i.message}. Fix: ${i.fixText}`)}\n`)
    .join("");
}
