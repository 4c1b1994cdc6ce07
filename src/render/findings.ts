// Findings with their words: the list the short, GitHub, SARIF and table renderers lay out, and the
// library's listFindings().
import type { Finding, FindingProblem } from "../model/finding-list.js";
import { findings } from "../model/finding-list.js";
import type { ScanReport } from "../model/report.js";
import { elfErrorText, fixText, packageProblemText, packageText, pointAtText, problemText, scanProblemText } from "./words.js";

export interface FindingItem extends Finding {
  /** What is wrong, in one line. */
  message: string;
  /** The next step (`fix`, which is data), in one line. */
  fixText: string;
}

export function findingMessage(p: FindingProblem, verdict: string, pkg: Finding["package"] = null): string {
  switch (p.code) {
    case "addon-not-built":
    case "no-prebuild-for-platform":
    case "binary-not-downloaded":
    case "placeholder-bin":
    case "nixpkgs-version-mismatch":
    case "platform-package-missing":
    case "browser-revision-mismatch":
    case "binaries-missing-outside":
    case "binary-not-in-tree":
      return `${pkg ? `${packageText(pkg)} ` : ""}${packageProblemText(p)}`;
    case "libraries-missing-partly":
      return `missing on NixOS: ${p.names.join(", ")} (${p.covered.join(", ")} covered by the declared environment)`;
    case "script-interpreter":
      return `#!${p.interpreter} does not exist on NixOS`;
    case "scan-problem":
      return scanProblemText(p.detail);
    case "elf-errors":
      return p.errors.map((e) => elfErrorText(e.detail)).join("; ");
    case "verdict-only":
      return verdict;
    default:
      return problemText(p);
  }
}

/** Every finding of a report, coded, with its message and fix in words. */
export function listFindings(r: ScanReport): FindingItem[] {
  return findings(r).map((f) => ({ ...f, message: findingMessage(f.problem, f.code, f.package), fixText: `${fixText(f.fix)}${pointAtText(f.pointAt)}` }));
}
