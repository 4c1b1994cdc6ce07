// SARIF 2.1.0 for code-scanning services: one rule per finding code, one result per finding.

import { withoutDotSlash } from "../model/paths.js";
import type { ScanReport } from "../model/report.js";
import type { FindingItem } from "./findings.js";
import { listFindings } from "./findings.js";
import { FINDING_RULES, targetText, targetWarningText } from "./words/index.js";

/** A path as a relative URI (SARIF wants URIs; "./x" and "x" are the same artifact). */
function uri(path: string): string {
  return withoutDotSlash(path).split("/").map(encodeURIComponent).join("/");
}

export function renderSarif(report: ScanReport): string {
  const items = listFindings(report);
  const codes = [...new Set(items.map((i) => i.code))].sort();
  const rules = codes.map((id) => ({ id, shortDescription: { text: FINDING_RULES[id] ?? id } }));
  const result = (i: FindingItem) => ({
    ruleId: i.code,
    ruleIndex: codes.indexOf(i.code),
    level: i.level,
    message: { text: `${i.message}. Fix: ${i.fixText}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(i.path) } } }],
    // The codes and facts behind the message, for tools that act on them.
    properties: { problem: i.problem, fix: i.fix, ...(i.missing.length > 0 ? { missing: i.missing } : {}), ...(i.package ? { package: i.package } : {}) },
  });
  const doc = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "nix-bincheck", version: report.tool.version, rules } },
        results: items.map(result),
        // What was judged: the release (where that choice came from, its facts and their sources), and a
        // generic NixOS of it or this machine's environment as read.
        properties: {
          system: report.options.system,
          judged: report.judged ?? null,
          environment: report.environment ?? null,
          ...(report.target
            ? { target: report.target, targetText: targetText(report.target), targetWarnings: report.target.warnings.map(targetWarningText) }
            : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
