// SARIF 2.1.0 for code-scanning services: one rule per finding code, one result per finding.

import { withoutDotSlash } from "../io/paths.js";
import type { FindingItem } from "../model/finding-list.js";
import { listFindings } from "../model/finding-list.js";
import type { ScanReport } from "../model/report.js";

const RULE_TEXT: Record<string, string> = {
  "needs-libraries": "Shared libraries the binary needs are not available on NixOS",
  "needs-interpreter": "The binary's FHS program interpreter does not exist on NixOS",
  "needs-newer-glibc": "The binary needs a newer glibc than the target NixOS release has",
  "foreign-libc": "The binary is linked against musl and cannot run on a glibc system",
  "broken-on-any-system": "The binary or its bundled libraries are broken on any distribution",
  "cwd-dependent": "Library lookup depends on the current working directory",
  unparseable: "The ELF file is damaged",
  "script-interpreter": "The script's #! interpreter path does not exist on NixOS",
};

/** A path as a relative URI (SARIF wants URIs; "./x" and "x" are the same artifact). */
function uri(path: string): string {
  return withoutDotSlash(path).split("/").map(encodeURIComponent).join("/");
}

export function renderSarif(r: ScanReport): string {
  const items = listFindings(r);
  const codes = [...new Set(items.map((i) => i.code))].sort();
  const rules = codes.map((id) => ({ id, shortDescription: { text: RULE_TEXT[id] ?? id } }));
  const result = (i: FindingItem) => ({
    ruleId: i.code,
    ruleIndex: codes.indexOf(i.code),
    level: i.level,
    message: { text: `${i.message}. Fix: ${i.fix}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(i.path) } } }],
    ...(i.missing.length > 0 ? { properties: { missing: i.missing } } : {}),
  });
  const doc = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "nix-bincheck", version: r.tool.version, rules } }, results: items.map(result) }],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
