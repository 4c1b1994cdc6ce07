// Words for the loader emulation's findings: why a search stopped, each problem, each step tried, the host assumed.
import type { TriedStep } from "../../model/analysis.js";
import type { AnalysisProblem, CandidateRejection, EdgeNote, HostAssumption } from "../../model/diagnostics.js";
import { unreachable } from "../../model/diagnostics.js";
import { and, list } from "./common.js";
import { elfErrorText } from "./files.js";

/** glibc's own message for each way a candidate stops the search (dl-load.c). */
export function rejectionText(reason: CandidateRejection, message: string | null): string {
  switch (reason) {
    case "file-too-short":
      return "file too short";
    case "invalid-elf-header":
      return "invalid ELF header";
    case "unsupported-encoding-or-abi":
      return "ELF file data encoding or OS ABI not supported";
    case "not-dyn-or-exec":
      return "only ET_DYN and ET_EXEC can be loaded";
    case "no-load-segments":
      return "object file has no loadable segments";
    case "no-dynamic-section":
      return "object file has no dynamic section";
    case "executable":
      return "cannot dynamically load executable";
    case "pie-executable":
      return "cannot dynamically load position-independent executable";
    case "unreadable":
      return message ?? "the file could not be read";
    default:
      return unreachable(reason);
  }
}

export function edgeNoteText(note: EdgeNote): string {
  switch (note.code) {
    case "candidate-rejected":
      return rejectionText(note.reason, note.message);
    case "token-without-value":
      return "a dynamic string token in the name has no value here";
    case "relative-path":
      return `relative path: opened from the current directory (next to this object it would be ${note.nextToObject})`;
    case "nix-store-path":
      return "a /nix/store path: present only if that exact store path is on the machine";
    default:
      return unreachable(note);
  }
}

export function problemText(problem: AnalysisProblem): string {
  switch (problem.code) {
    case "search-stopped":
      return `${problem.name}: the search stopped at ${problem.candidate ?? "a candidate"}: ${problem.note ? edgeNoteText(problem.note) : "the candidate cannot be loaded"}`;
    case "token-without-value":
      return `${problem.name}: ${problem.where === "name" ? edgeNoteText({ code: "token-without-value" }) : "a path element uses a token with no value"}`;
    case "bundled-version-missing":
      return `${problem.requester} needs version ${problem.version} of ${problem.file}, which the bundled copy does not define`;
    case "libraries-missing":
      return `missing on NixOS: ${list(problem.names)}`;
    case "glibc-too-old":
      return `needs ${problem.version}, newer than the target's glibc: ${problem.release}`;
    case "cwd-relative":
      return `also looked up in the current directory: ${list(problem.names)} (found there only when run from a directory that has ${problem.names.length === 1 ? "it" : "them"})`;
    case "platform-dependent":
      return `found through $PLATFORM, taken as ${problem.assumed}: ${list(problem.names)}; on a CPU whose glibc names another platform (haswell, xeon_phi) the path differs`;
    case "provided-where-loaded":
      return `alone it would lack ${list(problem.names)}, which ${problem.loadedBy.length === 1 ? "the file that loads it provides" : "the files that load it provide"}`;
    case "cpu-dependent":
      return `found only in glibc-hwcaps/${problem.level}: ${list(problem.names)}; on a CPU below ${problem.level} ${problem.names.length === 1 ? "it is" : "they are"} missing`;
    case "interpreter-missing":
      return `interpreter ${problem.interpreter} does not exist on NixOS: enable programs.nix-ld, or patchelf --set-interpreter`;
    case "interpreter-nonstandard":
      return `interpreter ${problem.interpreter} is not a standard path; it will not exist on NixOS`;
    case "bundles-glibc":
      return `bundles its own glibc component (${list(problem.names)}); mixing it with the system loader breaks`;
    case "foreign-build":
      return `built for ${problem.os !== null ? `${problem.os}, ` : ""}${problem.machine} (${problem.elfClass}-bit, ${problem.endian} endian, OS ABI ${problem.osAbi}); the target is ${problem.target}`;
    case "musl-linked":
      return "linked against musl: a glibc system cannot load it; nix-ld does not handle musl (use pkgsMusl, or a glibc build)";
    case "damaged-elf":
      return `${problem.elfCode}: ${elfErrorText(problem.detail)}`;
    default:
      return unreachable(problem);
  }
}

export function hostAssumptionText(assumption: HostAssumption): string {
  switch (assumption.code) {
    case "nixpkgs-nodejs":
      return `addons are judged as loaded by nixpkgs' nodejs, which already has ${and(assumption.loaded)} loaded; pass --host none to judge them alone, or --host PATH for another executable`;
    case "bare-runtime":
      return `Bare's addons (.bare) are judged as loaded by the Bare runtime, which already has ${and(assumption.loaded)} loaded (node never loads them)`;
    case "bare-process":
      return "shared objects are judged as dlopen()ed by a process that has loaded nothing but glibc";
    case "executable":
      return `addons are judged as loaded by ${assumption.path}, which has these loaded on this machine: ${assumption.loaded.join(", ") || "nothing"}`;
    default:
      return unreachable(assumption);
  }
}

/** One step of a library search, as the detailed table lists it. */
export function triedText(triedStep: TriedStep): string {
  if (typeof triedStep === "string") return triedStep;
  switch (triedStep.step) {
    case "no-such-directory":
      return `${triedStep.path} (no such directory)`;
    case "outside-tree":
      return `${triedStep.path} (not on the target: outside the scanned tree)`;
    case "ld.so.cache":
      return `${triedStep.path} (ld.so.cache)`;
    case "current-directory":
      return `(current-directory element "${triedStep.element}")`;
    case "glibc-lib":
      return "(glibc's own lib/ on NixOS)";
    case "nodeflib":
      return "(default directories skipped: DF_1_NODEFLIB)";
    default:
      return unreachable(triedStep);
  }
}
