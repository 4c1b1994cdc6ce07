// The one place where codes and facts become words: every renderer (table, short, GitHub, SARIF,
// JSON's messages, Nix comments) asks here. Switches are exhaustive over the closed sets in
// src/model/diagnostics.ts, so a new code does not compile until it has its words.

import type { TriedStep } from "../model/analysis.js";
import type { Acceptance, AnalysisProblem, CandidateRejection, ConfigWarning, EdgeNote, EnvVariable, Fix, HostAssumption } from "../model/diagnostics.js";
import { unreachable } from "../model/diagnostics.js";
import type { ElfErrorDetail, ElfPlace, FileWarning } from "../model/elf.js";
import type { FindingProblem } from "../model/finding-list.js";
import type { Evidence, MappingNote, MappingWarning, UnmappedWhy } from "../model/mapping.js";
import type { VariableSetting } from "../model/package-state.js";
import type {
  FoundOutside,
  InTreeBinary,
  NotChecked,
  NotLookedWhy,
  PackageProblem,
  PackageRef,
  PackageStateCode,
  PackageSummary,
  VersionVerdict,
} from "../model/packages.js";
import type { EnvironmentFacts, EnvironmentWarning, RootFailure, ScanProblemDetail, SystemError } from "../model/report.js";
import type { ReleaseFactName, SourceProblem, TargetReport, TargetSource, TargetWarning, UnreadableReason, ValueKind } from "../model/target.js";

const list = (names: readonly string[]) => names.join(", ");

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

export function fixText(fix: Fix): string {
  switch (fix.code) {
    case "add-libraries": {
      const where =
        fix.scope === "nix-ld" ? "programs.nix-ld.libraries or your devShell" : "LD_LIBRARY_PATH for the process that loads it (or patch its RUNPATH)";
      const parts = [
        fix.attrs.length > 0 ? `add ${fix.attrs.map((x) => `pkgs.${x}`).join(", ")} to ${where}` : "",
        fix.unmapped.length > 0 ? `find a package for ${list(fix.unmapped)} (nix-locate --whole-name /lib/NAME)` : "",
        fix.drivers.length > 0
          ? `${list(fix.drivers)} come${fix.drivers.length === 1 ? "s" : ""} from the GPU driver (hardware.graphics.enable = true; addDriverRunpath in a derivation)`
          : "",
      ];
      return parts.filter(Boolean).join("; ");
    }
    case "provide-interpreter":
      return "enable programs.nix-ld, or run it through nix-alien, or patchelf --set-interpreter";
    case "newer-nixpkgs":
      return "use a newer nixpkgs (--nixpkgs to check), or an older build of this binary";
    case "glibc-build":
      return "use a glibc build of it, or pkgsMusl";
    case "baseline-build":
      return "run it on a CPU of that level only, or ship the library outside glibc-hwcaps/ too";
    case "rebuild-broken":
      return "the binary or its bundle is broken on any distribution; get a fixed build";
    case "replace-damaged-file":
      return "the file is damaged or truncated: re-download or rebuild it";
    case "portable-shebang":
      return `use ${fix.replacement}, or patchShebangs in a derivation`;
    case "check-access":
      return "check permissions, or exclude it with an ignore glob";
    case "build-addon":
      return `build it: npm rebuild ${fix.package} in a shell with python3, make, a C++ compiler and the libraries its binding.gyp links (a devShell)${variablesText(fix.variables)}`;
    case "run-install-script":
      return `run its install script (cd ${fix.dir} && ${fix.script})${variablesText(fix.variables)}`;
    case "match-nixpkgs-version":
      return versionFallbackText(fix);
    case "install-optional":
      return `install its optional dependencies (npm install --include=optional, or a lock file that lists ${fix.optional})${variablesText(fix.variables)}`;
    case "set-variable": {
      const valued = fix.variables.filter((v) => v.nixpkgs !== null);
      const path = fix.variables.filter((v) => v.use === "binary-path").map((v) => v.name);
      return valued.length > 0
        ? `point it at the nixpkgs build of the same version: ${nixpkgsSettings(valued)} (--emit shell sets it)`
        : `point ${path.length > 0 ? list(path) : "its variable"} at a build of the same version`;
    }
    default:
      return unreachable(fix);
  }
}

/** The variables that point a package at a binary from elsewhere, for a fix's words. */
function variablesText(vars: readonly EnvVariable[]): string {
  const valued = vars.filter((v) => v.nixpkgs !== null);
  const path = vars.filter((v) => v.use === "binary-path").map((v) => v.name);
  const skip = vars.filter((v) => v.use === "skip-download").map((v) => v.name);
  const parts = [
    valued.length > 0
      ? `, or point it at a nixpkgs build of the same version: ${nixpkgsSettings(valued)}`
      : path.length > 0
        ? `, or point it at a nixpkgs build with ${path.join(" or ")}`
        : "",
    skip.length > 0 ? ` (${skip.join(", ")} skips the download)` : "",
  ];
  return parts.join("");
}

/** NAME=value for the variables that have a nixpkgs value. */
function nixpkgsSettings(vars: readonly EnvVariable[]): string {
  return vars
    .filter((v) => v.nixpkgs !== null)
    .map((v) => `${v.name}=${v.nixpkgs}`)
    .join(", ");
}

/** A few words for the table's fix column. */
export function fixBrief(fix: Fix): string {
  switch (fix.code) {
    case "add-libraries": {
      const parts = [
        fix.attrs.length > 0 ? `add ${list(fix.attrs)}` : "",
        fix.unmapped.length > 0 ? `look up ${fix.unmapped.length === 1 ? fix.unmapped[0] : `${fix.unmapped.length} libraries`}` : "",
        fix.drivers.length > 0 ? "GPU driver" : "",
      ];
      return parts.filter(Boolean).join("; ") || "add libraries";
    }
    case "provide-interpreter":
      return "nix-ld";
    case "newer-nixpkgs":
      return "newer nixpkgs";
    case "glibc-build":
      return "glibc build";
    case "baseline-build":
      return "baseline library copy";
    case "rebuild-broken":
      return "get a fixed build";
    case "replace-damaged-file":
      return "re-download";
    case "portable-shebang":
      return fix.replacement;
    case "check-access":
      return "check permissions";
    case "build-addon":
      return `npm rebuild ${fix.package}`;
    case "run-install-script": {
      const path = fix.variables.find((v) => v.use === "binary-path");
      return path ? `run ${fix.script}, or set ${path.name}` : `run ${fix.script}`;
    }
    case "match-nixpkgs-version":
      return `${fix.package}@${fix.nixpkgsVersion ?? `${fix.attr}'s version`}, or nixpkgs with ${fix.attr} ${fix.npmVersion}`;
    case "install-optional": {
      const path = fix.variables.find((v) => v.use === "binary-path");
      return path ? `npm install --include=optional, or set ${path.name}` : "npm install --include=optional";
    }
    case "set-variable": {
      const path = fix.variables.find((v) => v.use === "binary-path");
      return `set ${path ? path.name : "its variable"}`;
    }
    default:
      return unreachable(fix);
  }
}

export function acceptanceText(acceptance: Acceptance): string {
  switch (acceptance.code) {
    case "declared-environment":
      return `covered by the declared environment${acceptance.attrs.length > 0 ? ` (${list(acceptance.attrs)})` : ""}${acceptance.nixLd ? " and nix-ld" : ""}`;
    case "accept-rule":
      return `accepted: ${acceptance.reason}`;
    case "baseline":
      return "in the baseline";
    default:
      return unreachable(acceptance);
  }
}

/** One line per code for SARIF rules and the README's list. */
export const FINDING_RULES: Readonly<Record<string, string>> = {
  "needs-libraries": "Shared libraries the binary needs are not available on NixOS",
  "needs-interpreter": "The binary's FHS program interpreter does not exist on NixOS",
  "needs-newer-glibc": "The binary needs a newer glibc than the target NixOS release has",
  "foreign-libc": "The binary is linked against musl and cannot run on a glibc system",
  "broken-on-any-system": "The binary or its bundled libraries are broken on any distribution",
  "cpu-dependent": "A library is found only on CPUs of a glibc-hwcaps level",
  unparseable: "The ELF file is damaged",
  "script-interpreter": "The script's #! interpreter path does not exist on NixOS",
  "addon-not-built": "A native npm package has a binding.gyp and no compiled addon",
  "no-prebuild-for-platform": "A native npm package ships prebuilds for other platforms only",
  "binary-not-downloaded": "The binary an npm package's install script downloads is absent",
  "placeholder-bin": "An npm package's bin entry is the placeholder its install script replaces",
  "platform-package-missing": "An npm package's per-platform optional dependency for this system is not installed",
  "browser-revision-mismatch": "The browsers directory a variable names holds other revisions than the npm package needs",
  "nixpkgs-version-mismatch": "A variable points an npm package at a nixpkgs build of another version than it needs",
  "binaries-missing-outside": "What an npm package keeps outside the tree (a browser or app cache) is not where its code looks",
  "binary-not-in-tree": "A binary an npm package looks for in the tree, and cannot download on NixOS, is not there",
};

/** "name@version". */
export function packageText(pkg: PackageRef): string {
  return `${pkg.name}@${pkg.version}`;
}

/** What a package lacks, in one line. */
export function packageProblemText(problem: PackageProblem): string {
  switch (problem.code) {
    case "addon-not-built":
      return `has ${problem.bindingGyp} and no compiled addon (no .node file for this machine): its install step (node-gyp, prebuild-install) did not run or failed`;
    case "no-prebuild-for-platform":
      return `ships prebuilds for ${list(problem.available)} only, none for ${problem.platform}, and none was built`;
    case "binary-not-downloaded":
      return `${list(problem.expected)} absent: its install script (${problem.script}) did not run, so the binary was never downloaded`;
    case "browser-revision-mismatch":
      return `${problem.variable} (${problem.value}) has ${list(problem.found)} where it needs ${list(problem.wanted)}: browsers of another ${problem.attr} than ${problem.npmVersion}`;
    case "platform-package-missing":
      return `has no ${problem.expected}, the optional dependency holding its binary for ${problem.system}: npm left it out (--omit=optional, or a lock file made on another platform)`;
    case "nixpkgs-version-mismatch":
      return `${problem.variable} points it at nixpkgs ${problem.attr} ${problem.nixpkgsVersion} (${problem.value}); it needs ${ruleText(problem.match, problem.npmVersion)}`;
    case "placeholder-bin":
      return `${list(problem.bins)} ${problem.bins.length === 1 ? "is the placeholder" : "are the placeholders"} its install script (${problem.script}) replaces (${problem.bins[0]} says: ${problem.firstLine})`;
    case "binaries-missing-outside":
      return `has no ${problem.what} in ${problem.location} (where its code looks, from ${fromText(problem.from)}): ${list(problem.expected)} absent${problem.other.length > 0 ? `; found ${list(problem.other)} instead` : ""}`;
    case "binary-not-in-tree":
      return `has no ${problem.what}: ${problem.file} is in none of the places its code looks (${list(problem.searched)}), and its download has no build for NixOS${problem.other.length > 0 ? `; found ${list(problem.other)} instead, built for other systems (not used on NixOS)` : ""}`;
    default:
      return unreachable(problem);
  }
}

/** A known package's state in the scan, in a few words. */
export function packageStateText(code: PackageStateCode): string {
  switch (code) {
    case "binary-missing":
      return "binary never built or downloaded";
    case "wrong-version":
      return "pointed at a nixpkgs build of another version";
    case "outside-tree":
      return "binaries outside the tree, not looked at";
    case "found-outside":
      return "binaries found outside the tree";
    case "variable-set":
      return "its binary named by a variable of this environment";
    case "needs-fix":
      return "does not run on NixOS as shipped";
    case "runs":
      return "runs on the judged system";
    default:
      return unreachable(code);
  }
}

/** The fix for a known package in its state, in one line ("nothing to do" when it runs). */
export function packageSummaryFixText(summary: PackageSummary, state: PackageStateCode): string {
  if (state === "runs") return "nothing to do";
  if (state === "variable-set") return `nothing to do while ${summary.inTree?.variable ?? "its variable"} is set`;
  const wrong = summary.versions.find((v) => v.code === "mismatch");
  if (state === "wrong-version" && wrong) return versionFallbackText({ ...wrong, package: summary.package.name, nixpkgsVersion: wrong.nixpkgsVersion ?? "" });
  const valued = summary.variables.filter((v) => v.nixpkgs !== null);
  const path = summary.variables.filter((v) => v.use === "binary-path").map((v) => v.name);
  switch (summary.needs) {
    case "nixpkgs-build":
      if (valued.length > 0) return `set ${nixpkgsSettings(valued)} (the nixpkgs build must be the version the package expects; --emit shell sets it)`;
      return path.length > 0 ? `point ${list(path)} at a build of the same version` : "see the findings above";
    case "build-from-source":
      return `npm rebuild ${summary.package.name} in a shell with python3, make, a C++ compiler${summary.buildInputs.length > 0 ? ` and ${list(summary.buildInputs)}` : ""}`;
    case "loader-fix":
      return `nix-ld (--emit nix-ld or --emit shell) or patchelf (--emit patchelf)${path.length > 0 ? `; or point ${list(path)} at a build of the same version` : ""}`;
    case "nothing":
      return state === "binary-missing"
        ? "install what its finding above says is missing; the published build then runs on NixOS as it is"
        : "see the findings above";
    default:
      return unreachable(summary.needs);
  }
}

/** Where the binary a package looks for in the tree was found (npm-packages.json `inTree`), in one line. */
export function inTreeText(b: InTreeBinary): string {
  if (b.variable !== null) return `${b.what}: ${b.variable} is set in this environment, so it runs the binary named there, not one in the tree`;
  if (b.found.length > 0) return `${b.what} found in the tree: ${list(b.found)}${b.found.length > 1 ? " (the first is used)" : ""}`;
  return `${b.what}: no ${b.file} in the tree`;
}

/** A known package, in one line: name@version, state, fix. */
export function packageSummaryText(summary: PackageSummary, state: PackageStateCode): string {
  const via = summary.row !== summary.package.name ? ` (binary of ${summary.row})` : "";
  return `${packageText(summary.package)}${via}: ${packageStateText(state)}; ${packageSummaryFixText(summary, state)}`;
}

/** For a file whose package reads a variable with a nixpkgs value: the other way out. */
export function pointAtText(vars: readonly EnvVariable[]): string {
  const valued = vars.filter((v) => v.use === "binary-path" && v.nixpkgs !== null);
  return valued.length > 0 ? `; or point its package at the nixpkgs build: ${nixpkgsSettings(valued)}` : "";
}

/** A variable the devShell sets, for the Nix comment above it. */
export function variableSettingText(setting: VariableSetting): string {
  const what =
    setting.variable.use === "skip-download"
      ? "skips the download"
      : setting.variable.use === "skip-host-check"
        ? "skips the host check (nixpkgs' build has its libraries)"
        : setting.variable.use === "cache-dir"
          ? "where the nixpkgs build is"
          : "the nixpkgs build to run instead of the download";
  return `${setting.variable.name}: ${what}; read by ${list(setting.packages)} (${setting.variable.evidence})`;
}

/** "exactly 1.65.2" or "major 41" for a version rule. */
function ruleText(match: "exact" | "major", npmVersion: string): string {
  return match === "exact" ? `exactly ${npmVersion}` : `of major version ${npmVersion.replace(/^v/, "").split(".")[0]}`;
}

/** What to do when the nixpkgs build is another version: the fallbacks, in one line. */
export function versionFallbackText(f: {
  package: string;
  variable: string;
  attr: string;
  match: "exact" | "major";
  npmVersion: string;
  nixpkgsVersion: string | null;
}): string {
  const pin =
    f.nixpkgsVersion !== null
      ? `npm install ${f.package}@${f.nixpkgsVersion}`
      : `npm install ${f.package}@VERSION with VERSION from nix eval nixpkgs#${f.attr}.version`;
  return `use a nixpkgs whose ${f.attr} is ${ruleText(f.match, f.npmVersion)}, or pin the npm package at the nixpkgs version (${pin}), or unset ${f.variable} and run the package's own download under nix-ld`;
}

/**
 * The devShell's evaluation-time message when pkgs.ATTR.version breaks the rule, as the pieces that go
 * between the places where Nix puts the nixpkgs version (segments.length - 1 of them).
 */
export function versionGuardSegments(v: {
  packages: string[];
  variable: string;
  attr: string;
  match: "exact" | "major";
  npmVersion: string;
  package: string;
}): string[] {
  const mark = "\u0000";
  const text = `nix-bincheck: ${v.packages.join(", ")} needs ${v.attr} ${ruleText(v.match, v.npmVersion)} for ${v.variable}; this nixpkgs has ${mark}: ${versionFallbackText({ ...v, nixpkgsVersion: mark })}`;
  return text.split(mark);
}

/** A version verdict, in one line. */
export function versionVerdictText(verdict: VersionVerdict): string {
  switch (verdict.code) {
    case "matches":
      return verdict.revisions
        ? `${verdict.variable}: has ${list(verdict.revisions.found)}, as ${verdict.npmVersion} needs`
        : `${verdict.variable}: nixpkgs ${verdict.attr} ${verdict.nixpkgsVersion} matches npm ${verdict.npmVersion} (${verdict.match})`;
    case "mismatch":
      return verdict.revisions
        ? `${verdict.variable}: ${list(verdict.revisions.found)} found, ${list(verdict.revisions.wanted)} needed (${verdict.attr} ${ruleText(verdict.match, verdict.npmVersion)})`
        : `${verdict.variable}: nixpkgs ${verdict.attr} ${verdict.nixpkgsVersion} is not ${ruleText(verdict.match, verdict.npmVersion)}`;
    case "checked-when-evaluated":
      return `${verdict.variable}: needs ${verdict.attr} ${ruleText(verdict.match, verdict.npmVersion)}; --emit shell checks pkgs.${verdict.attr}.version when evaluated`;
    default:
      return unreachable(verdict.code);
  }
}

/** What decided where a package looks: its variable, XDG_CACHE_HOME or HOME. */
function fromText(from: string): string {
  return from === "HOME" ? "HOME" : `$${from}`;
}

/** Why binaries outside the tree were not looked at, in a few words. */
export function notLookedText(why: NotLookedWhy, variable: string | null): string {
  switch (why) {
    case "generic-target":
      return "not looked at (the target is generic, not this machine; --target host looks)";
    case "no-home":
      return "not looked at (HOME is not set)";
    case "no-location":
      return "not looked at (no location is known)";
    case "relative-path":
      return `not looked at (${variable ?? "its variable"} is relative: resolved against the directory the package runs in)`;
    case "binary-variable":
      return `not looked at (${variable ?? "a variable"} points it at a binary of your choosing)`;
    default:
      return unreachable(why);
  }
}

/** A package whose binaries live outside the tree, in one line. */
export function notCheckedText(notChecked: NotChecked): string {
  const where = notChecked.location !== null ? `keeps its ${notChecked.what} in ${notChecked.location}` : `fetches its ${notChecked.what} when first run`;
  const vars = notChecked.variables.map((v) => v.name);
  const settings = nixpkgsSettings(notChecked.variables);
  return `${packageText(notChecked.package)} ${where}: ${notLookedText(notChecked.why, notChecked.variable)}${vars.length > 0 ? `; its code reads ${list(vars)}` : ""}${settings !== "" ? `; a nixpkgs build of the same version: ${settings}` : ""}`;
}

/** A package whose binaries outside the tree were found where its code looks, in one line. */
export function foundOutsideText(f: FoundOutside): string {
  return `${packageText(f.package)} keeps its ${f.what} in ${f.location} (from ${fromText(f.from)}): found ${list(f.found)} (named, not scanned)`;
}

export function environmentWarningText(warning: EnvironmentWarning): string {
  switch (warning.code) {
    case "relative-element":
      return `${warning.variable} has a relative element ${JSON.stringify(warning.element)}: left out (the loader would look in the current directory)`;
    case "not-a-directory":
      return `${warning.variable} names ${JSON.stringify(warning.path)}, which is not a directory here: left out`;
    case "loader-missing":
      return `${warning.variable} names ${JSON.stringify(warning.path)}, which does not exist here`;
    default:
      return unreachable(warning);
  }
}

/** What --target host read of this machine, in one line (null for a generic target). */
export function environmentText(judged: "generic" | "host" | undefined, facts: EnvironmentFacts | null | undefined): string | null {
  if (judged !== "host" || !facts) return null;
  const dirs = (n: number) => `${n} ${n === 1 ? "directory" : "directories"}`;
  const parts = [
    facts.nixLd
      ? `nix-ld serves the FHS loader (${facts.nixLd.from === "nixos-system" ? "the NixOS system's nix-ld" : facts.nixLd.from})`
      : "no nix-ld (FHS loaders are missing)",
    facts.nixLdLibraryPath.dirs.length > 0
      ? `nix-ld libraries: ${dirs(facts.nixLdLibraryPath.dirs.length)} (${facts.nixLdLibraryPath.from === "nixos-system" ? "programs.nix-ld.libraries" : facts.nixLdLibraryPath.from})`
      : "no nix-ld libraries",
    facts.ldLibraryPath.dirs.length > 0 ? `LD_LIBRARY_PATH: ${dirs(facts.ldLibraryPath.dirs.length)}` : "",
  ];
  const which = facts.root !== null ? `the system mounted at ${facts.root}` : "this machine's environment";
  return `judged for ${which}${facts.nixos ? " (NixOS)" : ""}: ${parts.filter(Boolean).join("; ")}`;
}

/** "a, b and c". */
function and(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export function hostAssumptionText(assumption: HostAssumption): string {
  switch (assumption.code) {
    case "nixpkgs-nodejs":
      return `addons are judged as loaded by nixpkgs' nodejs, which already has ${and(assumption.loaded)} loaded; pass --host none to judge them alone, or --host PATH for another executable`;
    case "bare-process":
      return "shared objects are judged as dlopen()ed by a process that has loaded nothing but glibc";
    case "executable":
      return `addons are judged as loaded by ${assumption.path}, which has these loaded on this machine: ${assumption.loaded.join(", ") || "nothing"}`;
    default:
      return unreachable(assumption);
  }
}

export function configWarningText(warning: ConfigWarning): string {
  const hints = [
    ...(warning.knownFor.length > 0 ? [`it is known for nixpkgs ${warning.knownFor.join(", ")}`] : []),
    ...(warning.near.length > 0 ? [`did you mean ${warning.near.join(", ")}?`] : []),
  ];
  return (
    `${warning.file}: "provides" names ${JSON.stringify(warning.attr)}, which nix-bincheck does not know as a nixpkgs ${warning.release} attribute` +
    `${hints.length > 0 ? ` (${hints.join("; ")})` : ""}; fix the name, or keep it if your environment has it (--list-attributes lists the names nix-bincheck prints)`
  );
}

/** At most `max` names, then "+N". */
function some(names: readonly string[], max = 3): string {
  return names.length <= max ? list(names) : `${list(names.slice(0, max))} +${names.length - max}`;
}

/** What is wrong, in a few words, for the table's column. */
export function problemBrief(findingProblem: FindingProblem): string {
  switch (findingProblem.code) {
    case "libraries-missing":
      return `missing ${some(findingProblem.names)}`;
    case "libraries-missing-partly":
      return `missing ${some(findingProblem.names)} (${findingProblem.covered.length} declared)`;
    case "interpreter-missing":
      return `no ${findingProblem.interpreter}`;
    case "interpreter-nonstandard":
      return `loader ${findingProblem.interpreter}`;
    case "glibc-too-old":
      return `needs ${findingProblem.version} (target glibc ${findingProblem.targetGlibc})`;
    case "cwd-relative":
      return `also looked up in the current directory: ${some(findingProblem.names)}`;
    case "cpu-dependent":
      return `${some(findingProblem.names)} only in glibc-hwcaps/${findingProblem.level}`;
    case "provided-where-loaded":
      return `${some(findingProblem.names)} from its loaders`;
    case "platform-dependent":
      return `${some(findingProblem.names)} via $PLATFORM=${findingProblem.assumed}`;
    case "search-stopped":
      return `${findingProblem.name}: search stopped at a bad candidate`;
    case "token-without-value":
      return `${findingProblem.name}: token without a value`;
    case "bundled-version-missing":
      return `${findingProblem.file} lacks ${findingProblem.version}`;
    case "bundles-glibc":
      return `bundles ${some(findingProblem.names)}`;
    case "foreign-build":
      return `built for ${findingProblem.os ?? findingProblem.machine}`;
    case "musl-linked":
      return "linked against musl";
    case "damaged-elf":
      return findingProblem.elfCode;
    case "elf-errors":
      return findingProblem.errors.map((e) => e.code).join(", ");
    case "script-interpreter":
      return `#!${findingProblem.interpreter}`;
    case "scan-problem":
      return findingProblem.problemCode;
    case "verdict-only":
      return "";
    case "addon-not-built":
      return "addon never built";
    case "no-prebuild-for-platform":
      return `no prebuild for ${findingProblem.platform}`;
    case "binary-not-downloaded":
      return "binary never downloaded";
    case "placeholder-bin":
      return `${some(findingProblem.bins)} placeholder${findingProblem.bins.length === 1 ? "" : "s"}`;
    case "nixpkgs-version-mismatch":
      return `${findingProblem.variable}: nixpkgs ${findingProblem.nixpkgsVersion}, npm ${findingProblem.npmVersion}`;
    case "platform-package-missing":
      return `no ${findingProblem.expected}`;
    case "browser-revision-mismatch":
      return `${findingProblem.variable}: ${some(findingProblem.found)}, not ${some(findingProblem.wanted)}`;
    case "binaries-missing-outside":
      return `no ${findingProblem.what} in ${findingProblem.location}`;
    case "binary-not-in-tree":
      return `no ${findingProblem.file}`;
    default:
      return unreachable(findingProblem);
  }
}

/** What a table row's nixpkgs files prove about the attribute chosen for a soname (the full sentence, for Nix comments). */
export function evidenceText(evidence: Evidence): string {
  switch (evidence) {
    case "ships":
      return "ships (its nixpkgs package file shows it installs this library)";
    case "consumer":
      return "consumer (nixpkgs packages that need this library take it from here)";
    case "exists":
      return "exists (only the attribute was seen in nixpkgs)";
    case "none":
      return "none (not checked against nixpkgs)";
    default:
      return unreachable(evidence);
  }
}

/** The same, as a short tag for the table's "Add from nixpkgs" lines (nothing for the strongest kind). */
export function evidenceBrief(evidence: Evidence): string | null {
  switch (evidence) {
    case "ships":
      return null;
    case "consumer":
      return "used by nixpkgs packages";
    case "exists":
      return "attribute exists";
    case "none":
      return "not checked";
    default:
      return unreachable(evidence);
  }
}
/** Where the target release came from, in a few words ("flake.lock (/p/flake.lock, input nixpkgs, ref nixos-26.11)"). */
export function targetSourceText(source: TargetSource): string {
  switch (source.code) {
    case "option":
      return "--nixpkgs";
    case "config":
      return `config (${source.file})`;
    case "flake-lock":
      return `flake.lock (${source.file}, input ${source.input}, ${source.form === "flakehub" ? "FlakeHub version" : "ref"} ${source.ref})`;
    case "os-release":
      return `this NixOS host (${source.file}, VERSION_ID ${source.versionId})`;
    case "default":
      return "the built-in default (the newest stable release the data confirms)";
    default:
      return unreachable(source);
  }
}

function factName(fact: ReleaseFactName): string {
  switch (fact) {
    case "exists":
      return "the release's existence";
    case "glibc":
      return "its glibc";
    case "defaultGcc":
      return "its default gcc";
    case "released":
      return "its release date";
    case "endOfLife":
      return "its end of life";
    case "attributes":
      return "its list of attribute names";
    default:
      return unreachable(fact);
  }
}

function unreadableText(reason: UnreadableReason): string {
  switch (reason) {
    case "too-large":
      return "too large";
    case "binary":
      return "not text";
    case "not-json":
      return "not JSON";
    case "wrong-type":
      return "not as expected";
    case "read-failed":
      return "unreadable";
    default:
      return unreachable(reason);
  }
}

const VALUE_KIND: Record<ValueKind, string> = {
  missing: "missing",
  null: "null",
  array: "an array",
  object: "an object",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  other: "another kind of value",
};
const EXPECTED_VALUE = { object: "an object", string: "a string", "node-or-follows": "a node name or a follows path", "input-name": "an input name" } as const;

/** What was wrong with a source file or the value at its key, in a few words. */
function sourceProblemText(sourceProblem: SourceProblem): string {
  switch (sourceProblem.problem) {
    case "system-error":
      return sourceProblem.error;
    case "not-regular-file":
      return "not a regular file";
    case "over-cap":
      return sourceProblem.size !== null ? `${sourceProblem.size} bytes, more than ${sourceProblem.cap}` : `more than ${sourceProblem.cap} bytes`;
    case "nul-bytes":
      return "it holds NUL bytes";
    case "not-utf8":
      return "it is not UTF-8 text";
    case "parse-error":
      return sourceProblem.message;
    case "wrong-type":
      return `${sourceProblem.step !== undefined ? `step ${sourceProblem.step} ` : ""}is ${VALUE_KIND[sourceProblem.found]}, not ${EXPECTED_VALUE[sourceProblem.expected]}`;
    case "missing":
      return "is missing";
    case "no-such-input":
      return `follows ${sourceProblem.follows.join("/")}, but ${sourceProblem.node} has no input ${sourceProblem.input}`;
    case "not-a-release":
      return `${JSON.stringify(sourceProblem.value)} is not a ${sourceProblem.expected === "YY.MM" ? "YY.MM" : "YY.05 or YY.11"} release`;
    default:
      return unreachable(sourceProblem);
  }
}

/** One line per warning about the target (stderr's "nix-bincheck: warning: ..."). */
export function targetWarningText(warning: TargetWarning): string {
  switch (warning.code) {
    case "release-unknown":
      return `nixpkgs ${warning.name} (from ${warning.from === "option" ? "--nixpkgs" : warning.from}) is not a release nix-bincheck knows; judging against the nearest known one, ${warning.nearest}`;
    case "release-end-of-life":
      return `nixpkgs ${warning.release} reached its end of life on ${warning.endOfLife} and gets no more fixes; judging against it anyway (move to a supported release)`;
    case "fact-unconfirmed":
      return `nixpkgs ${warning.release}: ${factName(warning.fact)} is not confirmed in nixpkgs' sources (taken as ${warning.value}; ${warning.source}); verdicts that rest on it may be wrong`;
    case "flake-lock-pinned":
      return `${warning.file}: input ${warning.input} is pinned to a commit (${warning.rev}), release unknown; falling back to the next source`;
    case "flake-lock-no-release":
      return `${warning.file}: input ${warning.input} names no nixpkgs release (${warning.found.kind === "not-nixpkgs" ? `it is ${warning.found.source}, not NixOS/nixpkgs` : `${warning.found.ref} is not a release branch`}); falling back to the next source`;
    case "source-unreadable":
      return `${warning.file}: ${warning.key} is ${unreadableText(warning.reason)} (${sourceProblemText(warning.detail)}); ignoring it and falling back to the next source`;
    default:
      return unreachable(warning);
  }
}

/** The target in one line: "nixpkgs 26.05 (glibc 2.42) for x86_64-linux, from flake.lock (...)". */
export function targetText(target: TargetReport): string {
  return `nixpkgs ${target.release} (glibc ${target.glibc.value}${target.glibc.confirmed ? "" : ", unconfirmed"}) for ${target.system}, from ${targetSourceText(target.releaseSource)}`;
}

/** What to do about GPU driver libraries: they come from the running system, never from a package. */
export const DRIVER_ADVICE =
  "comes from the running GPU driver in /run/opengl-driver/lib: on NixOS set hardware.graphics.enable = true (and the driver, e.g. hardware.nvidia); in a derivation use autoAddDriverRunpath / addDriverRunpath; never add a package for it";

export function mappingWarningText(warning: MappingWarning): string {
  switch (warning.code) {
    case "gcc-beyond-default":
      return `needs ${warning.needs}, newer than stdenv's gcc in ${warning.release}: ${warning.gcc}'s libstdc++ defines it`;
    case "gcc-ceiling-unverified":
      return `${warning.gcc}'s libstdc++ version ceiling is believed, not verified`;
    case "name-unverified":
      return `${warning.attr} in nixpkgs ${warning.release} is believed, not verified`;
    case "version-agnostic":
      return `nixpkgs' ${warning.attr} may ship another version of this library; check that it provides ${warning.soname}`;
    case "app-internal":
      return `${warning.soname} is a private library of ${warning.attr}; it is usually bundled with the application, and nix-ld finds it in ${warning.attr} only if that package installs it in lib/, not in the application's own directory`;
    case "insecure":
      return `${warning.attr} is marked insecure in nixpkgs: it needs permittedInsecurePackages`;
    case "nix-locate-several":
      return `nix-locate offered ${warning.offered.join(", ")}; took the first (pin another with --prefer ${warning.soname}=ATTR)`;
    default:
      return unreachable(warning);
  }
}

/** Why a soname has no attribute, and the next step. */
export function unmappedText(why: UnmappedWhy): string {
  switch (why.code) {
    case "look-up":
      return `run: ${why.command}`;
    case "part-of-glibc":
      return `part of glibc, which the loader brings; ${why.note ?? "a binary for another system or a glibc-internal name"}`;
    case "musl":
      return "musl's C library: build or fetch a glibc variant, or use pkgsMusl";
    case "not-in-nixpkgs":
      return `nixpkgs has no package with this soname (${why.files.join(", ")})`;
    case "gcc-too-old":
      return `needs ${why.needs.join(", ")}, newer than any gcc in nixpkgs ${why.release}`;
    case "missing-in-release":
      return `${why.attr} does not exist in nixpkgs ${why.release}${why.note ? ` (${why.note})` : ""}`;
    case "own-library": {
      const where = `${why.paths[0]}${why.paths.length > 1 ? ` (and ${why.paths.length - 1} more)` : ""}`;
      return (
        `${why.owner === null ? "the application's" : `${why.owner}'s`} own library, shipped in this tree at ${where}, where nothing searches for it: ` +
        "nix-ld will not find it there either; add its directory to the RUNPATH of the files that need it (patchelf --add-rpath, or autoPatchelfHook's appendRunpaths), or use the application's nixpkgs package"
      );
    }
    case "private-library":
      return (
        `an application's private library${why.note ? ` (${why.note})` : ""}: no nixpkgs package puts it on a library path, so nix-ld will not find it; ` +
        `run the application's own package, or ship the library with the binary and add its directory to the RUNPATH (${why.files.join(", ")})`
      );
    default:
      return unreachable(why);
  }
}

export function mappingNoteText(note: MappingNote): string {
  switch (note.code) {
    case "nix-locate-unavailable":
      return `${note.reason === "not-installed" ? "nix-locate is not installed" : note.reason === "no-database" ? `nix-locate has no database (${note.output})` : `nix-locate failed (${note.output})`}: sonames missing from the built-in table were not looked up (install nix-index and run nix-index to enable it)`;
    default:
      return unreachable(note.code);
  }
}

/** A structure of an ELF file, named as readelf and the ELF specification name it. */
function placeText(place: ElfPlace): string {
  const n = place.index !== undefined ? ` #${place.index}` : "";
  switch (place.part) {
    case "identification":
      return "the identification bytes";
    case "header":
      return "the ELF header";
    case "section-header-0":
      return "section header 0";
    case "section-header-table":
      return "the section header table";
    case "program-header-table":
      return "the program header table";
    case "segment":
      return "a segment";
    case "PT_INTERP":
    case "PT_DYNAMIC":
    case "DT_NEEDED":
    case "DT_AUXILIARY":
    case "DT_FILTER":
    case "DT_SONAME":
    case "DT_RPATH":
    case "DT_RUNPATH":
    case "DT_VERNEED":
    case "DT_VERDEF":
      return `${place.part}${n}`;
    case "verneed-file":
      return `version need${n} file name`;
    case "vernaux-list":
      return `version need ${JSON.stringify(place.library ?? "?")} entries`;
    case "vernaux":
      return `version need ${JSON.stringify(place.library ?? "?")}${n}`;
    case "verdef":
    case "verdaux":
      return `version definition${n}`;
    default:
      return unreachable(place.part);
  }
}

/** A number from the file; null stands for one beyond 2^53. */
const big = (n: number | null): string => (n === null ? "beyond 2^53" : String(n));
const address = (n: number | null): string => (n === null ? "beyond 2^53" : `0x${n.toString(16)}`);

const IDENT_EXPECTED = { EI_CLASS: "1 (32-bit) or 2 (64-bit)", EI_DATA: "1 (little endian) or 2 (big endian)", EI_VERSION: "1" } as const;

/** What the ELF reader found wrong, in one line, with the numbers it saw. */
export function elfErrorText(detail: ElfErrorDetail): string {
  switch (detail.reason) {
    case "no-magic":
      return "no ELF magic (7f 45 4c 46)";
    case "bad-ident-field":
      return `${detail.field} is ${detail.value}; expected ${IDENT_EXPECTED[detail.field]}`;
    case "bad-e-version":
      return `e_version is ${detail.value}; expected 1`;
    case "past-end":
      return detail.length === null
        ? `${placeText(detail.place)} (offset ${big(detail.offset)}) runs past the end of the file (${detail.fileSize} bytes): the file was cut short`
        : `${placeText(detail.place)} (offset ${big(detail.offset)}, ${detail.length} bytes) extends past the end of the file (${detail.fileSize} bytes)`;
    case "starts-past-end":
      return `${placeText(detail.place)} starts at offset ${big(detail.offset)}, past the end of the file (${detail.fileSize} bytes)`;
    case "short-read":
      return `${detail.place ? `${placeText(detail.place)}: ` : ""}only ${detail.got} of ${detail.wanted} bytes could be read at offset ${detail.offset} of a ${detail.fileSize}-byte file; it shrank while it was scanned (scan again)`;
    case "xnum-unreadable":
      return "e_phnum is PN_XNUM (0xffff) but section header 0, which holds the real count, cannot be read";
    case "bad-phentsize":
      return `e_phentsize is ${detail.value}; a ${detail.bits}-bit file needs ${detail.expected}`;
    case "phdr-table-too-large":
      return `e_phnum is ${detail.count}: a ${detail.bytes}-byte program header table is beyond any real file`;
    case "phdr-table-past-end":
      return `program header table (offset ${big(detail.offset)}, ${detail.count} entries) lies past the end of the file (${detail.fileSize} bytes)`;
    case "string-outside-table":
      return `${placeText(detail.place)} starts at offset ${big(detail.offset)}, outside its table`;
    case "string-unterminated":
      return `${placeText(detail.place)} at offset ${big(detail.offset)} is not NUL-terminated within its table`;
    case "string-past-strsz":
      return `${placeText(detail.place)}: string offset ${big(detail.offset)} is past the end of the string table (DT_STRSZ ${detail.strsz})`;
    case "interp-empty":
      return "PT_INTERP is empty";
    case "interp-unterminated":
      return `PT_INTERP is not NUL-terminated within ${detail.length} bytes`;
    case "too-many-needed":
      return `${detail.count} DT_NEEDED entries: more than any real object has`;
    case "no-strtab":
      return "the dynamic section names strings but has no DT_STRTAB";
    case "strtab-unmapped":
      return `DT_STRTAB address ${address(detail.address)} is outside every PT_LOAD segment`;
    case "record-unmapped":
      return `${placeText(detail.place)}: record #${detail.record} at address ${address(detail.address)} is outside every PT_LOAD segment`;
    case "record-past-end":
      return `${placeText(detail.place)}: record #${detail.record} at offset ${big(detail.offset)} lies past the end of the file (${detail.fileSize} bytes)`;
    case "no-dt-null":
      return "the dynamic section has no DT_NULL terminator within PT_DYNAMIC";
    case "too-many-versions":
      return `more than ${detail.limit} version needs`;
    case "read-error":
      return `read failed: ${detail.error}`;
    default:
      return unreachable(detail);
  }
}

/** A file's non-fatal oddity, in one line. */
export function fileWarningText(warning: FileWarning): string {
  switch (warning.code) {
    case "several-pt-dynamic":
      return `${warning.count} PT_DYNAMIC segments; the first is used`;
    case "repeated-dynamic-tag":
      return `more than one ${warning.tag}; the first is used`;
    case "section-headers-capped":
      return `${warning.count} section headers: only the first ${warning.read} were read to find where the file's content ends`;
    case "sections-past-end":
      return `${warning.count} section${warning.count === 1 ? "" : "s"} said to end past the end of the file (${warning.fileSize} bytes); ignored`;
    case "dlopen-note-not-json":
      return ".note.dlopen holds text that is not valid JSON; ignored";
    case "dlopen-note-not-array":
      return ".note.dlopen JSON is not an array; ignored";
    case "path-control-characters":
      return "the path contains control characters (newline, tab, ...); quote it when copying";
    case "setuid-origin":
      return "setuid/setgid and relies on $ORIGIN: in secure mode ld.so ignores $ORIGIN-relative library paths, so bundled libraries are not found when another user runs it";
    default:
      return unreachable(warning);
  }
}

/** Why a path could not be read, from the system's error, phrased for a person. */
function systemErrorText(error: SystemError, ignoreGlob: string | null): string {
  switch (error.errno) {
    case "EACCES":
    case "EPERM":
      return `permission denied (run as a user who can read it, or leave it out with --ignore ${ignoreGlob ?? "GLOB"})`;
    case "ENOENT":
      return "it disappeared while the tree was scanned";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOTDIR":
      return "a path component is not a directory";
    default:
      return error.message;
  }
}

/** Why part of the tree was not scanned, in one line. */
export function scanProblemText(detail: ScanProblemDetail): string {
  switch (detail.reason) {
    case "cannot-list":
      return `cannot list directory: ${systemErrorText(detail.error, detail.ignoreGlob)}`;
    case "cannot-stat":
      return `cannot stat: ${systemErrorText(detail.error, null)}`;
    case "cannot-open":
      return `cannot open: ${systemErrorText(detail.error, null)}`;
    case "cannot-read":
      return `cannot read: ${systemErrorText(detail.error, null)}`;
    case "not-utf8":
      return "the name is not valid UTF-8 and cannot be reported faithfully; rename it to scan it";
    case "pseudo-fs":
      return "pseudo filesystem not scanned";
    default:
      return unreachable(detail);
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

/** One line for a root that cannot be scanned: the root, what we were doing, why it failed, what to try. */
export function rootFailureText(failure: RootFailure): string {
  const what = `cannot scan ${JSON.stringify(failure.root)}`;
  const errno = failure.error.errno;
  const denied = errno === "EACCES" || errno === "EPERM";
  switch (failure.doing) {
    case "look-up":
      if (errno === "ENOENT") return `${what}: it does not exist; check the path`;
      if (denied) return `${what}: looking it up failed: permission denied on a directory above it; check the path, or run as a user who can reach it`;
      if (errno === "ENOTDIR") return `${what}: looking it up failed: a path component is not a directory; check the path`;
      if (errno === "ELOOP") return `${what}: looking it up failed: too many levels of symbolic links; check the path`;
      return `${what}: looking it up failed: ${failure.error.message}; check the path`;
    case "list":
      return denied
        ? `${what}: listing the directory failed: permission denied; run as a user who can read it, or scan the directories below it that you can read`
        : `${what}: listing the directory failed: ${failure.error.message}; check that it is a readable directory`;
    case "open":
      return denied
        ? `${what}: opening the file failed: permission denied; run as a user who can read it`
        : `${what}: opening the file failed: ${failure.error.message}; check that it is a readable file`;
    default:
      return unreachable(failure.doing);
  }
}
