// Words for npm packages: their problems, state, fix, variables, versions, and binaries kept outside the tree.
import type { EnvVariable, Fix } from "../../model/diagnostics.js";
import { unreachable } from "../../model/diagnostics.js";
import { pointingVariables, type VariableSetting } from "../../model/package-state.js";
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
} from "../../model/packages.js";
import { list } from "./common.js";

/** NAME=value for the variables that have a nixpkgs value. */
export function nixpkgsSettings(vars: readonly EnvVariable[]): string {
  return vars
    .filter((v) => v.nixpkgs !== null)
    .map((v) => `${v.name}=${v.nixpkgs}`)
    .join(", ");
}

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
  const valued = pointingVariables(vars);
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
export function ruleText(match: "exact" | "major", npmVersion: string): string {
  return match === "exact" ? `exactly ${npmVersion}` : `of major version ${npmVersion.replace(/^v/, "").split(".")[0]}`;
}

/** What to do when the nixpkgs build is another version: the fallbacks, in one line. */
export function versionFallbackText(f: Omit<Extract<Fix, { code: "match-nixpkgs-version" }>, "code">): string {
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
export function fromText(from: string): string {
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
  const scanned =
    f.scanned.length > 0 ? `; scanned ${list(f.scanned)} (its files are judged with the tree's, under ${packageText(f.package)})` : " (in the scanned tree)";
  return `${packageText(f.package)} keeps its ${f.what} in ${f.location} (from ${fromText(f.from)}): found ${list(f.found)}${scanned}`;
}

/** Said of a file found outside the tree, beside its ELF facts. */
export function outsideFileText(pkg: PackageRef): string {
  return `found outside the tree, in ${packageText(pkg)}'s cache`;
}
