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

export function problemText(p: AnalysisProblem): string {
  switch (p.code) {
    case "search-stopped":
      return `${p.name}: the search stopped at ${p.candidate ?? "a candidate"}: ${p.note ? edgeNoteText(p.note) : "the candidate cannot be loaded"}`;
    case "token-without-value":
      return `${p.name}: ${p.where === "name" ? edgeNoteText({ code: "token-without-value" }) : "a path element uses a token with no value"}`;
    case "bundled-version-missing":
      return `${p.requester} needs version ${p.version} of ${p.file}, which the bundled copy does not define`;
    case "libraries-missing":
      return `missing on NixOS: ${list(p.names)}`;
    case "glibc-too-old":
      return `needs ${p.version}, newer than the target's glibc: ${p.release}`;
    case "cwd-relative":
      return `also looked up in the current directory: ${list(p.names)} (found there only when run from a directory that has ${p.names.length === 1 ? "it" : "them"})`;
    case "platform-dependent":
      return `found through $PLATFORM, taken as ${p.assumed}: ${list(p.names)}; on a CPU whose glibc names another platform (haswell, xeon_phi) the path differs`;
    case "provided-where-loaded":
      return `alone it would lack ${list(p.names)}, which ${p.loadedBy.length === 1 ? "the file that loads it provides" : "the files that load it provide"}`;
    case "cpu-dependent":
      return `found only in glibc-hwcaps/${p.level}: ${list(p.names)}; on a CPU below ${p.level} ${p.names.length === 1 ? "it is" : "they are"} missing`;
    case "interpreter-missing":
      return `interpreter ${p.interpreter} does not exist on NixOS: enable programs.nix-ld, or patchelf --set-interpreter`;
    case "interpreter-nonstandard":
      return `interpreter ${p.interpreter} is not a standard path; it will not exist on NixOS`;
    case "bundles-glibc":
      return `bundles its own glibc component (${list(p.names)}); mixing it with the system loader breaks`;
    case "foreign-build":
      return `built for ${p.os !== null ? `${p.os}, ` : ""}${p.machine} (${p.elfClass}-bit, ${p.endian} endian, OS ABI ${p.osAbi}); the target is ${p.target}`;
    case "musl-linked":
      return "linked against musl: a glibc system cannot load it; nix-ld does not handle musl (use pkgsMusl, or a glibc build)";
    case "damaged-elf":
      return `${p.elfCode}: ${elfErrorText(p.detail)}`;
    default:
      return unreachable(p);
  }
}

export function fixText(f: Fix): string {
  switch (f.code) {
    case "add-libraries": {
      const where =
        f.scope === "nix-ld" ? "programs.nix-ld.libraries or your devShell" : "LD_LIBRARY_PATH for the process that loads it (or patch its RUNPATH)";
      const parts = [
        f.attrs.length > 0 ? `add ${f.attrs.map((x) => `pkgs.${x}`).join(", ")} to ${where}` : "",
        f.unmapped.length > 0 ? `find a package for ${list(f.unmapped)} (nix-locate --whole-name /lib/NAME)` : "",
        f.drivers.length > 0
          ? `${list(f.drivers)} come${f.drivers.length === 1 ? "s" : ""} from the GPU driver (hardware.graphics.enable = true; addDriverRunpath in a derivation)`
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
      return `use ${f.replacement}, or patchShebangs in a derivation`;
    case "check-access":
      return "check permissions, or exclude it with an ignore glob";
    case "build-addon":
      return `build it: npm rebuild ${f.package} in a shell with python3, make, a C++ compiler and the libraries its binding.gyp links (a devShell)${variablesText(f.variables)}`;
    case "run-install-script":
      return `run its install script (cd ${f.dir} && ${f.script})${variablesText(f.variables)}`;
    case "match-nixpkgs-version":
      return versionFallbackText(f);
    case "install-optional":
      return `install its optional dependencies (npm install --include=optional, or a lock file that lists ${f.optional})${variablesText(f.variables)}`;
    case "set-variable": {
      const valued = f.variables.filter((v) => v.nixpkgs !== null);
      const path = f.variables.filter((v) => v.use === "binary-path").map((v) => v.name);
      return valued.length > 0
        ? `point it at the nixpkgs build of the same version: ${nixpkgsSettings(valued)} (--emit shell sets it)`
        : `point ${path.length > 0 ? list(path) : "its variable"} at a build of the same version`;
    }
    default:
      return unreachable(f);
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
export function fixBrief(f: Fix): string {
  switch (f.code) {
    case "add-libraries": {
      const parts = [
        f.attrs.length > 0 ? `add ${list(f.attrs)}` : "",
        f.unmapped.length > 0 ? `look up ${f.unmapped.length === 1 ? f.unmapped[0] : `${f.unmapped.length} libraries`}` : "",
        f.drivers.length > 0 ? "GPU driver" : "",
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
      return f.replacement;
    case "check-access":
      return "check permissions";
    case "build-addon":
      return `npm rebuild ${f.package}`;
    case "run-install-script": {
      const path = f.variables.find((v) => v.use === "binary-path");
      return path ? `run ${f.script}, or set ${path.name}` : `run ${f.script}`;
    }
    case "match-nixpkgs-version":
      return `${f.package}@${f.nixpkgsVersion ?? `${f.attr}'s version`}, or nixpkgs with ${f.attr} ${f.npmVersion}`;
    case "install-optional": {
      const path = f.variables.find((v) => v.use === "binary-path");
      return path ? `npm install --include=optional, or set ${path.name}` : "npm install --include=optional";
    }
    case "set-variable": {
      const path = f.variables.find((v) => v.use === "binary-path");
      return `set ${path ? path.name : "its variable"}`;
    }
    default:
      return unreachable(f);
  }
}

export function acceptanceText(a: Acceptance): string {
  switch (a.code) {
    case "declared-environment":
      return `covered by the declared environment${a.attrs.length > 0 ? ` (${list(a.attrs)})` : ""}${a.nixLd ? " and nix-ld" : ""}`;
    case "accept-rule":
      return `accepted: ${a.reason}`;
    case "baseline":
      return "in the baseline";
    default:
      return unreachable(a);
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
export function packageText(p: PackageRef): string {
  return `${p.name}@${p.version}`;
}

/** What a package lacks, in one line. */
export function packageProblemText(p: PackageProblem): string {
  switch (p.code) {
    case "addon-not-built":
      return `has ${p.bindingGyp} and no compiled addon (no .node file for this machine): its install step (node-gyp, prebuild-install) did not run or failed`;
    case "no-prebuild-for-platform":
      return `ships prebuilds for ${list(p.available)} only, none for ${p.platform}, and none was built`;
    case "binary-not-downloaded":
      return `${list(p.expected)} absent: its install script (${p.script}) did not run, so the binary was never downloaded`;
    case "browser-revision-mismatch":
      return `${p.variable} (${p.value}) has ${list(p.found)} where it needs ${list(p.wanted)}: browsers of another ${p.attr} than ${p.npmVersion}`;
    case "platform-package-missing":
      return `has no ${p.expected}, the optional dependency holding its binary for ${p.system}: npm left it out (--omit=optional, or a lock file made on another platform)`;
    case "nixpkgs-version-mismatch":
      return `${p.variable} points it at nixpkgs ${p.attr} ${p.nixpkgsVersion} (${p.value}); it needs ${ruleText(p.match, p.npmVersion)}`;
    case "placeholder-bin":
      return `${list(p.bins)} ${p.bins.length === 1 ? "is the placeholder" : "are the placeholders"} its install script (${p.script}) replaces (${p.bins[0]} says: ${p.firstLine})`;
    case "binaries-missing-outside":
      return `has no ${p.what} in ${p.location} (where its code looks, from ${fromText(p.from)}): ${list(p.expected)} absent${p.other.length > 0 ? `; found ${list(p.other)} instead` : ""}`;
    case "binary-not-in-tree":
      return `has no ${p.what}: ${p.file} is in none of the places its code looks (${list(p.searched)}), and its download has no build for NixOS${p.other.length > 0 ? `; found ${list(p.other)} instead, built for other systems (not used on NixOS)` : ""}`;
    default:
      return unreachable(p);
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
export function packageSummaryFixText(s: PackageSummary, state: PackageStateCode): string {
  if (state === "runs") return "nothing to do";
  if (state === "variable-set") return `nothing to do while ${s.inTree?.variable ?? "its variable"} is set`;
  const wrong = s.versions.find((v) => v.code === "mismatch");
  if (state === "wrong-version" && wrong) return versionFallbackText({ ...wrong, package: s.package.name, nixpkgsVersion: wrong.nixpkgsVersion ?? "" });
  const valued = s.variables.filter((v) => v.nixpkgs !== null);
  const path = s.variables.filter((v) => v.use === "binary-path").map((v) => v.name);
  switch (s.needs) {
    case "nixpkgs-build":
      if (valued.length > 0) return `set ${nixpkgsSettings(valued)} (the nixpkgs build must be the version the package expects; --emit shell sets it)`;
      return path.length > 0 ? `point ${list(path)} at a build of the same version` : "see the findings above";
    case "build-from-source":
      return `npm rebuild ${s.package.name} in a shell with python3, make, a C++ compiler${s.buildInputs.length > 0 ? ` and ${list(s.buildInputs)}` : ""}`;
    case "loader-fix":
      return `nix-ld (--emit nix-ld or --emit shell) or patchelf (--emit patchelf)${path.length > 0 ? `; or point ${list(path)} at a build of the same version` : ""}`;
    case "nothing":
      return state === "binary-missing"
        ? "install what its finding above says is missing; the published build then runs on NixOS as it is"
        : "see the findings above";
    default:
      return unreachable(s.needs);
  }
}

/** Where the binary a package looks for in the tree was found (npm-packages.json `inTree`), in one line. */
export function inTreeText(b: InTreeBinary): string {
  if (b.variable !== null) return `${b.what}: ${b.variable} is set in this environment, so it runs the binary named there, not one in the tree`;
  if (b.found.length > 0) return `${b.what} found in the tree: ${list(b.found)}${b.found.length > 1 ? " (the first is used)" : ""}`;
  return `${b.what}: no ${b.file} in the tree`;
}

/** A known package, in one line: name@version, state, fix. */
export function packageSummaryText(s: PackageSummary, state: PackageStateCode): string {
  const via = s.row !== s.package.name ? ` (binary of ${s.row})` : "";
  return `${packageText(s.package)}${via}: ${packageStateText(state)}; ${packageSummaryFixText(s, state)}`;
}

/** For a file whose package reads a variable with a nixpkgs value: the other way out. */
export function pointAtText(vars: readonly EnvVariable[]): string {
  const valued = vars.filter((v) => v.use === "binary-path" && v.nixpkgs !== null);
  return valued.length > 0 ? `; or point its package at the nixpkgs build: ${nixpkgsSettings(valued)}` : "";
}

/** A variable the devShell sets, for the Nix comment above it. */
export function variableSettingText(v: VariableSetting): string {
  const what =
    v.variable.use === "skip-download"
      ? "skips the download"
      : v.variable.use === "skip-host-check"
        ? "skips the host check (nixpkgs' build has its libraries)"
        : v.variable.use === "cache-dir"
          ? "where the nixpkgs build is"
          : "the nixpkgs build to run instead of the download";
  return `${v.variable.name}: ${what}; read by ${list(v.packages)} (${v.variable.evidence})`;
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
export function versionVerdictText(v: VersionVerdict): string {
  switch (v.code) {
    case "matches":
      return v.revisions
        ? `${v.variable}: has ${list(v.revisions.found)}, as ${v.npmVersion} needs`
        : `${v.variable}: nixpkgs ${v.attr} ${v.nixpkgsVersion} matches npm ${v.npmVersion} (${v.match})`;
    case "mismatch":
      return v.revisions
        ? `${v.variable}: ${list(v.revisions.found)} found, ${list(v.revisions.wanted)} needed (${v.attr} ${ruleText(v.match, v.npmVersion)})`
        : `${v.variable}: nixpkgs ${v.attr} ${v.nixpkgsVersion} is not ${ruleText(v.match, v.npmVersion)}`;
    case "checked-when-evaluated":
      return `${v.variable}: needs ${v.attr} ${ruleText(v.match, v.npmVersion)}; --emit shell checks pkgs.${v.attr}.version when evaluated`;
    default:
      return unreachable(v.code);
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
export function notCheckedText(n: NotChecked): string {
  const where = n.location !== null ? `keeps its ${n.what} in ${n.location}` : `fetches its ${n.what} when first run`;
  const vars = n.variables.map((v) => v.name);
  const settings = nixpkgsSettings(n.variables);
  return `${packageText(n.package)} ${where}: ${notLookedText(n.why, n.variable)}${vars.length > 0 ? `; its code reads ${list(vars)}` : ""}${settings !== "" ? `; a nixpkgs build of the same version: ${settings}` : ""}`;
}

/** A package whose binaries outside the tree were found where its code looks, in one line. */
export function foundOutsideText(f: FoundOutside): string {
  return `${packageText(f.package)} keeps its ${f.what} in ${f.location} (from ${fromText(f.from)}): found ${list(f.found)} (named, not scanned)`;
}

export function environmentWarningText(w: EnvironmentWarning): string {
  switch (w.code) {
    case "relative-element":
      return `${w.variable} has a relative element ${JSON.stringify(w.element)}: left out (the loader would look in the current directory)`;
    case "not-a-directory":
      return `${w.variable} names ${JSON.stringify(w.path)}, which is not a directory here: left out`;
    case "loader-missing":
      return `${w.variable} names ${JSON.stringify(w.path)}, which does not exist here`;
    default:
      return unreachable(w);
  }
}

/** What --target host read of this machine, in one line (null for a generic target). */
export function environmentText(judged: "generic" | "host" | undefined, e: EnvironmentFacts | null | undefined): string | null {
  if (judged !== "host" || !e) return null;
  const dirs = (n: number) => `${n} ${n === 1 ? "directory" : "directories"}`;
  const parts = [
    e.nixLd
      ? `nix-ld serves the FHS loader (${e.nixLd.from === "nixos-system" ? "the NixOS system's nix-ld" : e.nixLd.from})`
      : "no nix-ld (FHS loaders are missing)",
    e.nixLdLibraryPath.dirs.length > 0
      ? `nix-ld libraries: ${dirs(e.nixLdLibraryPath.dirs.length)} (${e.nixLdLibraryPath.from === "nixos-system" ? "programs.nix-ld.libraries" : e.nixLdLibraryPath.from})`
      : "no nix-ld libraries",
    e.ldLibraryPath.dirs.length > 0 ? `LD_LIBRARY_PATH: ${dirs(e.ldLibraryPath.dirs.length)}` : "",
  ];
  const which = e.root !== null ? `the system mounted at ${e.root}` : "this machine's environment";
  return `judged for ${which}${e.nixos ? " (NixOS)" : ""}: ${parts.filter(Boolean).join("; ")}`;
}

/** "a, b and c". */
function and(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export function hostAssumptionText(a: HostAssumption): string {
  switch (a.code) {
    case "nixpkgs-nodejs":
      return `addons are judged as loaded by nixpkgs' nodejs, which already has ${and(a.loaded)} loaded; pass --host none to judge them alone, or --host PATH for another executable`;
    case "bare-process":
      return "shared objects are judged as dlopen()ed by a process that has loaded nothing but glibc";
    case "executable":
      return `addons are judged as loaded by ${a.path}, which has these loaded on this machine: ${a.loaded.join(", ") || "nothing"}`;
    default:
      return unreachable(a);
  }
}

export function configWarningText(w: ConfigWarning): string {
  const hints = [
    ...(w.knownFor.length > 0 ? [`it is known for nixpkgs ${w.knownFor.join(", ")}`] : []),
    ...(w.near.length > 0 ? [`did you mean ${w.near.join(", ")}?`] : []),
  ];
  return (
    `${w.file}: "provides" names ${JSON.stringify(w.attr)}, which nix-bincheck does not know as a nixpkgs ${w.release} attribute` +
    `${hints.length > 0 ? ` (${hints.join("; ")})` : ""}; fix the name, or keep it if your environment has it (--list-attributes lists the names nix-bincheck prints)`
  );
}

/** At most `max` names, then "+N". */
function some(names: readonly string[], max = 3): string {
  return names.length <= max ? list(names) : `${list(names.slice(0, max))} +${names.length - max}`;
}

/** What is wrong, in a few words, for the table's column. */
export function problemBrief(p: FindingProblem): string {
  switch (p.code) {
    case "libraries-missing":
      return `missing ${some(p.names)}`;
    case "libraries-missing-partly":
      return `missing ${some(p.names)} (${p.covered.length} declared)`;
    case "interpreter-missing":
      return `no ${p.interpreter}`;
    case "interpreter-nonstandard":
      return `loader ${p.interpreter}`;
    case "glibc-too-old":
      return `needs ${p.version} (target glibc ${p.targetGlibc})`;
    case "cwd-relative":
      return `also looked up in the current directory: ${some(p.names)}`;
    case "cpu-dependent":
      return `${some(p.names)} only in glibc-hwcaps/${p.level}`;
    case "provided-where-loaded":
      return `${some(p.names)} from its loaders`;
    case "platform-dependent":
      return `${some(p.names)} via $PLATFORM=${p.assumed}`;
    case "search-stopped":
      return `${p.name}: search stopped at a bad candidate`;
    case "token-without-value":
      return `${p.name}: token without a value`;
    case "bundled-version-missing":
      return `${p.file} lacks ${p.version}`;
    case "bundles-glibc":
      return `bundles ${some(p.names)}`;
    case "foreign-build":
      return `built for ${p.os ?? p.machine}`;
    case "musl-linked":
      return "linked against musl";
    case "damaged-elf":
      return p.elfCode;
    case "elf-errors":
      return p.errors.map((e) => e.code).join(", ");
    case "script-interpreter":
      return `#!${p.interpreter}`;
    case "scan-problem":
      return p.problemCode;
    case "verdict-only":
      return "";
    case "addon-not-built":
      return "addon never built";
    case "no-prebuild-for-platform":
      return `no prebuild for ${p.platform}`;
    case "binary-not-downloaded":
      return "binary never downloaded";
    case "placeholder-bin":
      return `${some(p.bins)} placeholder${p.bins.length === 1 ? "" : "s"}`;
    case "nixpkgs-version-mismatch":
      return `${p.variable}: nixpkgs ${p.nixpkgsVersion}, npm ${p.npmVersion}`;
    case "platform-package-missing":
      return `no ${p.expected}`;
    case "browser-revision-mismatch":
      return `${p.variable}: ${some(p.found)}, not ${some(p.wanted)}`;
    case "binaries-missing-outside":
      return `no ${p.what} in ${p.location}`;
    case "binary-not-in-tree":
      return `no ${p.file}`;
    default:
      return unreachable(p);
  }
}

/** What a table row's nixpkgs files prove about the attribute chosen for a soname (the full sentence, for Nix comments). */
export function evidenceText(e: Evidence): string {
  switch (e) {
    case "ships":
      return "ships (its nixpkgs package file shows it installs this library)";
    case "consumer":
      return "consumer (nixpkgs packages that need this library take it from here)";
    case "exists":
      return "exists (only the attribute was seen in nixpkgs)";
    case "none":
      return "none (not checked against nixpkgs)";
    default:
      return unreachable(e);
  }
}

/** The same, as a short tag for the table's "Add from nixpkgs" lines (nothing for the strongest kind). */
export function evidenceBrief(e: Evidence): string | null {
  switch (e) {
    case "ships":
      return null;
    case "consumer":
      return "used by nixpkgs packages";
    case "exists":
      return "attribute exists";
    case "none":
      return "not checked";
    default:
      return unreachable(e);
  }
}
/** Where the target release came from, in a few words ("flake.lock (/p/flake.lock, input nixpkgs, ref nixos-26.11)"). */
export function targetSourceText(s: TargetSource): string {
  switch (s.code) {
    case "option":
      return "--nixpkgs";
    case "config":
      return `config (${s.file})`;
    case "flake-lock":
      return `flake.lock (${s.file}, input ${s.input}, ${s.form === "flakehub" ? "FlakeHub version" : "ref"} ${s.ref})`;
    case "os-release":
      return `this NixOS host (${s.file}, VERSION_ID ${s.versionId})`;
    case "default":
      return "the built-in default (the newest stable release the data confirms)";
    default:
      return unreachable(s);
  }
}

function factName(f: ReleaseFactName): string {
  switch (f) {
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
      return unreachable(f);
  }
}

function unreadableText(r: UnreadableReason): string {
  switch (r) {
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
      return unreachable(r);
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
function sourceProblemText(p: SourceProblem): string {
  switch (p.problem) {
    case "system-error":
      return p.error;
    case "not-regular-file":
      return "not a regular file";
    case "over-cap":
      return p.size !== null ? `${p.size} bytes, more than ${p.cap}` : `more than ${p.cap} bytes`;
    case "nul-bytes":
      return "it holds NUL bytes";
    case "not-utf8":
      return "it is not UTF-8 text";
    case "parse-error":
      return p.message;
    case "wrong-type":
      return `${p.step !== undefined ? `step ${p.step} ` : ""}is ${VALUE_KIND[p.found]}, not ${EXPECTED_VALUE[p.expected]}`;
    case "missing":
      return "is missing";
    case "no-such-input":
      return `follows ${p.follows.join("/")}, but ${p.node} has no input ${p.input}`;
    case "not-a-release":
      return `${JSON.stringify(p.value)} is not a ${p.expected === "YY.MM" ? "YY.MM" : "YY.05 or YY.11"} release`;
    default:
      return unreachable(p);
  }
}

/** One line per warning about the target (stderr's "nix-bincheck: warning: ..."). */
export function targetWarningText(w: TargetWarning): string {
  switch (w.code) {
    case "release-unknown":
      return `nixpkgs ${w.name} (from ${w.from === "option" ? "--nixpkgs" : w.from}) is not a release nix-bincheck knows; judging against the nearest known one, ${w.nearest}`;
    case "release-end-of-life":
      return `nixpkgs ${w.release} reached its end of life on ${w.endOfLife} and gets no more fixes; judging against it anyway (move to a supported release)`;
    case "fact-unconfirmed":
      return `nixpkgs ${w.release}: ${factName(w.fact)} is not confirmed in nixpkgs' sources (taken as ${w.value}; ${w.source}); verdicts that rest on it may be wrong`;
    case "flake-lock-pinned":
      return `${w.file}: input ${w.input} is pinned to a commit (${w.rev}), release unknown; falling back to the next source`;
    case "flake-lock-no-release":
      return `${w.file}: input ${w.input} names no nixpkgs release (${w.found.kind === "not-nixpkgs" ? `it is ${w.found.source}, not NixOS/nixpkgs` : `${w.found.ref} is not a release branch`}); falling back to the next source`;
    case "source-unreadable":
      return `${w.file}: ${w.key} is ${unreadableText(w.reason)} (${sourceProblemText(w.detail)}); ignoring it and falling back to the next source`;
    default:
      return unreachable(w);
  }
}

/** The target in one line: "nixpkgs 26.05 (glibc 2.42) for x86_64-linux, from flake.lock (...)". */
export function targetText(t: TargetReport): string {
  return `nixpkgs ${t.release} (glibc ${t.glibc.value}${t.glibc.confirmed ? "" : ", unconfirmed"}) for ${t.system}, from ${targetSourceText(t.releaseSource)}`;
}

/** What to do about GPU driver libraries: they come from the running system, never from a package. */
export const DRIVER_ADVICE =
  "comes from the running GPU driver in /run/opengl-driver/lib: on NixOS set hardware.graphics.enable = true (and the driver, e.g. hardware.nvidia); in a derivation use autoAddDriverRunpath / addDriverRunpath; never add a package for it";

export function mappingWarningText(w: MappingWarning): string {
  switch (w.code) {
    case "gcc-beyond-default":
      return `needs ${w.needs}, newer than stdenv's gcc in ${w.release}: ${w.gcc}'s libstdc++ defines it`;
    case "gcc-ceiling-unverified":
      return `${w.gcc}'s libstdc++ version ceiling is believed, not verified`;
    case "name-unverified":
      return `${w.attr} in nixpkgs ${w.release} is believed, not verified`;
    case "version-agnostic":
      return `nixpkgs' ${w.attr} may ship another version of this library; check that it provides ${w.soname}`;
    case "app-internal":
      return `${w.soname} is a private library of ${w.attr}; it is usually bundled with the application, and nix-ld finds it in ${w.attr} only if that package installs it in lib/, not in the application's own directory`;
    case "insecure":
      return `${w.attr} is marked insecure in nixpkgs: it needs permittedInsecurePackages`;
    case "nix-locate-several":
      return `nix-locate offered ${w.offered.join(", ")}; took the first (pin another with --prefer ${w.soname}=ATTR)`;
    default:
      return unreachable(w);
  }
}

/** Why a soname has no attribute, and the next step. */
export function unmappedText(w: UnmappedWhy): string {
  switch (w.code) {
    case "look-up":
      return `run: ${w.command}`;
    case "part-of-glibc":
      return `part of glibc, which the loader brings; ${w.note ?? "a binary for another system or a glibc-internal name"}`;
    case "musl":
      return "musl's C library: build or fetch a glibc variant, or use pkgsMusl";
    case "not-in-nixpkgs":
      return `nixpkgs has no package with this soname (${w.files.join(", ")})`;
    case "gcc-too-old":
      return `needs ${w.needs.join(", ")}, newer than any gcc in nixpkgs ${w.release}`;
    case "missing-in-release":
      return `${w.attr} does not exist in nixpkgs ${w.release}${w.note ? ` (${w.note})` : ""}`;
    case "own-library": {
      const where = `${w.paths[0]}${w.paths.length > 1 ? ` (and ${w.paths.length - 1} more)` : ""}`;
      return (
        `${w.owner === null ? "the application's" : `${w.owner}'s`} own library, shipped in this tree at ${where}, where nothing searches for it: ` +
        "nix-ld will not find it there either; add its directory to the RUNPATH of the files that need it (patchelf --add-rpath, or autoPatchelfHook's appendRunpaths), or use the application's nixpkgs package"
      );
    }
    case "private-library":
      return (
        `an application's private library${w.note ? ` (${w.note})` : ""}: no nixpkgs package puts it on a library path, so nix-ld will not find it; ` +
        `run the application's own package, or ship the library with the binary and add its directory to the RUNPATH (${w.files.join(", ")})`
      );
    default:
      return unreachable(w);
  }
}

export function mappingNoteText(n: MappingNote): string {
  switch (n.code) {
    case "nix-locate-unavailable":
      return `${n.reason === "not-installed" ? "nix-locate is not installed" : n.reason === "no-database" ? `nix-locate has no database (${n.output})` : `nix-locate failed (${n.output})`}: sonames missing from the built-in table were not looked up (install nix-index and run nix-index to enable it)`;
    default:
      return unreachable(n.code);
  }
}

/** A structure of an ELF file, named as readelf and the ELF specification name it. */
function placeText(p: ElfPlace): string {
  const n = p.index !== undefined ? ` #${p.index}` : "";
  switch (p.part) {
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
      return `${p.part}${n}`;
    case "verneed-file":
      return `version need${n} file name`;
    case "vernaux-list":
      return `version need ${JSON.stringify(p.library ?? "?")} entries`;
    case "vernaux":
      return `version need ${JSON.stringify(p.library ?? "?")}${n}`;
    case "verdef":
    case "verdaux":
      return `version definition${n}`;
    default:
      return unreachable(p.part);
  }
}

/** A number from the file; null stands for one beyond 2^53. */
const big = (n: number | null): string => (n === null ? "beyond 2^53" : String(n));
const address = (n: number | null): string => (n === null ? "beyond 2^53" : `0x${n.toString(16)}`);

const IDENT_EXPECTED = { EI_CLASS: "1 (32-bit) or 2 (64-bit)", EI_DATA: "1 (little endian) or 2 (big endian)", EI_VERSION: "1" } as const;

/** What the ELF reader found wrong, in one line, with the numbers it saw. */
export function elfErrorText(d: ElfErrorDetail): string {
  switch (d.reason) {
    case "no-magic":
      return "no ELF magic (7f 45 4c 46)";
    case "bad-ident-field":
      return `${d.field} is ${d.value}; expected ${IDENT_EXPECTED[d.field]}`;
    case "bad-e-version":
      return `e_version is ${d.value}; expected 1`;
    case "past-end":
      return d.length === null
        ? `${placeText(d.place)} (offset ${big(d.offset)}) runs past the end of the file (${d.fileSize} bytes): the file was cut short`
        : `${placeText(d.place)} (offset ${big(d.offset)}, ${d.length} bytes) extends past the end of the file (${d.fileSize} bytes)`;
    case "starts-past-end":
      return `${placeText(d.place)} starts at offset ${big(d.offset)}, past the end of the file (${d.fileSize} bytes)`;
    case "short-read":
      return `${d.place ? `${placeText(d.place)}: ` : ""}only ${d.got} of ${d.wanted} bytes could be read at offset ${d.offset} of a ${d.fileSize}-byte file; it shrank while it was scanned (scan again)`;
    case "xnum-unreadable":
      return "e_phnum is PN_XNUM (0xffff) but section header 0, which holds the real count, cannot be read";
    case "bad-phentsize":
      return `e_phentsize is ${d.value}; a ${d.bits}-bit file needs ${d.expected}`;
    case "phdr-table-too-large":
      return `e_phnum is ${d.count}: a ${d.bytes}-byte program header table is beyond any real file`;
    case "phdr-table-past-end":
      return `program header table (offset ${big(d.offset)}, ${d.count} entries) lies past the end of the file (${d.fileSize} bytes)`;
    case "string-outside-table":
      return `${placeText(d.place)} starts at offset ${big(d.offset)}, outside its table`;
    case "string-unterminated":
      return `${placeText(d.place)} at offset ${big(d.offset)} is not NUL-terminated within its table`;
    case "string-past-strsz":
      return `${placeText(d.place)}: string offset ${big(d.offset)} is past the end of the string table (DT_STRSZ ${d.strsz})`;
    case "interp-empty":
      return "PT_INTERP is empty";
    case "interp-unterminated":
      return `PT_INTERP is not NUL-terminated within ${d.length} bytes`;
    case "too-many-needed":
      return `${d.count} DT_NEEDED entries: more than any real object has`;
    case "no-strtab":
      return "the dynamic section names strings but has no DT_STRTAB";
    case "strtab-unmapped":
      return `DT_STRTAB address ${address(d.address)} is outside every PT_LOAD segment`;
    case "record-unmapped":
      return `${placeText(d.place)}: record #${d.record} at address ${address(d.address)} is outside every PT_LOAD segment`;
    case "record-past-end":
      return `${placeText(d.place)}: record #${d.record} at offset ${big(d.offset)} lies past the end of the file (${d.fileSize} bytes)`;
    case "no-dt-null":
      return "the dynamic section has no DT_NULL terminator within PT_DYNAMIC";
    case "too-many-versions":
      return `more than ${d.limit} version needs`;
    case "read-error":
      return `read failed: ${d.error}`;
    default:
      return unreachable(d);
  }
}

/** A file's non-fatal oddity, in one line. */
export function fileWarningText(w: FileWarning): string {
  switch (w.code) {
    case "several-pt-dynamic":
      return `${w.count} PT_DYNAMIC segments; the first is used`;
    case "repeated-dynamic-tag":
      return `more than one ${w.tag}; the first is used`;
    case "section-headers-capped":
      return `${w.count} section headers: only the first ${w.read} were read to find where the file's content ends`;
    case "sections-past-end":
      return `${w.count} section${w.count === 1 ? "" : "s"} said to end past the end of the file (${w.fileSize} bytes); ignored`;
    case "dlopen-note-not-json":
      return ".note.dlopen holds text that is not valid JSON; ignored";
    case "dlopen-note-not-array":
      return ".note.dlopen JSON is not an array; ignored";
    case "path-control-characters":
      return "the path contains control characters (newline, tab, ...); quote it when copying";
    case "setuid-origin":
      return "setuid/setgid and relies on $ORIGIN: in secure mode ld.so ignores $ORIGIN-relative library paths, so bundled libraries are not found when another user runs it";
    default:
      return unreachable(w);
  }
}

/** Why a path could not be read, from the system's error, phrased for a person. */
function systemErrorText(e: SystemError, ignoreGlob: string | null): string {
  switch (e.errno) {
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
      return e.message;
  }
}

/** Why part of the tree was not scanned, in one line. */
export function scanProblemText(d: ScanProblemDetail): string {
  switch (d.reason) {
    case "cannot-list":
      return `cannot list directory: ${systemErrorText(d.error, d.ignoreGlob)}`;
    case "cannot-stat":
      return `cannot stat: ${systemErrorText(d.error, null)}`;
    case "cannot-open":
      return `cannot open: ${systemErrorText(d.error, null)}`;
    case "cannot-read":
      return `cannot read: ${systemErrorText(d.error, null)}`;
    case "not-utf8":
      return "the name is not valid UTF-8 and cannot be reported faithfully; rename it to scan it";
    case "pseudo-fs":
      return "pseudo filesystem not scanned";
    default:
      return unreachable(d);
  }
}

/** One step of a library search, as the detailed table lists it. */
export function triedText(t: TriedStep): string {
  if (typeof t === "string") return t;
  switch (t.step) {
    case "no-such-directory":
      return `${t.path} (no such directory)`;
    case "outside-tree":
      return `${t.path} (not on the target: outside the scanned tree)`;
    case "ld.so.cache":
      return `${t.path} (ld.so.cache)`;
    case "current-directory":
      return `(current-directory element "${t.element}")`;
    case "glibc-lib":
      return "(glibc's own lib/ on NixOS)";
    case "nodeflib":
      return "(default directories skipped: DF_1_NODEFLIB)";
    default:
      return unreachable(t);
  }
}

/** One line for a root that cannot be scanned: the root, what we were doing, why it failed, what to try. */
export function rootFailureText(f: RootFailure): string {
  const what = `cannot scan ${JSON.stringify(f.root)}`;
  const errno = f.error.errno;
  const denied = errno === "EACCES" || errno === "EPERM";
  switch (f.doing) {
    case "look-up":
      if (errno === "ENOENT") return `${what}: it does not exist; check the path`;
      if (denied) return `${what}: looking it up failed: permission denied on a directory above it; check the path, or run as a user who can reach it`;
      if (errno === "ENOTDIR") return `${what}: looking it up failed: a path component is not a directory; check the path`;
      if (errno === "ELOOP") return `${what}: looking it up failed: too many levels of symbolic links; check the path`;
      return `${what}: looking it up failed: ${f.error.message}; check the path`;
    case "list":
      return denied
        ? `${what}: listing the directory failed: permission denied; run as a user who can read it, or scan the directories below it that you can read`
        : `${what}: listing the directory failed: ${f.error.message}; check that it is a readable directory`;
    case "open":
      return denied
        ? `${what}: opening the file failed: permission denied; run as a user who can read it`
        : `${what}: opening the file failed: ${f.error.message}; check that it is a readable file`;
    default:
      return unreachable(f.doing);
  }
}
