// Words for what was judged: the release and where it came from, the target's warnings, the environment.
import { unreachable } from "../../model/diagnostics.js";
import type { EnvironmentFacts, EnvironmentWarning } from "../../model/report.js";
import type { ReleaseFactName, SourceProblem, TargetReport, TargetSource, TargetWarning, UnreadableReason, ValueKind } from "../../model/target.js";

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

export function factName(fact: ReleaseFactName): string {
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

export function unreadableText(reason: UnreadableReason): string {
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

export const VALUE_KIND: Record<ValueKind, string> = {
  missing: "missing",
  null: "null",
  array: "an array",
  object: "an object",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  other: "another kind of value",
};

export const EXPECTED_VALUE = {
  object: "an object",
  string: "a string",
  "node-or-follows": "a node name or a follows path",
  "input-name": "an input name",
} as const;

/** What was wrong with a source file or the value at its key, in a few words. */
export function sourceProblemText(sourceProblem: SourceProblem): string {
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
