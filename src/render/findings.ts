// Findings with their words: the list the short, GitHub, SARIF and table renderers lay out, and the
// library's listFindings().
import type { Finding, FindingProblem } from "../model/finding-list.js";
import { findings } from "../model/finding-list.js";
import type { ScanReport } from "../model/report.js";
import { elfErrorText, fixText, packageProblemText, packageText, pointAtText, problemText, scanProblemText } from "./words/index.js";

export interface FindingItem extends Finding {
  /** What is wrong, in one line. */
  message: string;
  /** The next step (`fix`, which is data), in one line. */
  fixText: string;
}

export function findingMessage(findingProblem: FindingProblem, verdict: string, pkg: Finding["package"] = null): string {
  switch (findingProblem.code) {
    case "addon-not-built":
    case "no-prebuild-for-platform":
    case "binary-not-downloaded":
    case "placeholder-bin":
    case "nixpkgs-version-mismatch":
    case "platform-package-missing":
    case "browser-revision-mismatch":
    case "binaries-missing-outside":
    case "binary-not-in-tree":
      return `${pkg ? `${packageText(pkg)} ` : ""}${packageProblemText(findingProblem)}`;
    case "libraries-missing-partly":
      return `missing on NixOS: ${findingProblem.names.join(", ")} (${findingProblem.covered.join(", ")} covered by the declared environment)`;
    case "script-interpreter":
      return `#!${findingProblem.interpreter} does not exist on NixOS`;
    case "scan-problem":
      return scanProblemText(findingProblem.detail);
    case "elf-errors":
      return findingProblem.errors.map((e) => elfErrorText(e.detail)).join("; ");
    case "verdict-only":
      return verdict;
    default:
      return problemText(findingProblem);
  }
}

/** Every finding of a report, coded, with its message and fix in words. */
export function listFindings(report: ScanReport): FindingItem[] {
  return findings(report).map((f) => ({ ...f, message: findingMessage(f.problem, f.code, f.package), fixText: `${fixText(f.fix)}${pointAtText(f.pointAt)}` }));
}
