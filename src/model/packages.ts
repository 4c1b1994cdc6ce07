// npm packages in a scanned tree, as data: which package owns a file, and what a package is missing
// because its install step (a download or a native build) never ran. Words are in src/render/words.ts.
import type { Acceptance, EnvVariable } from "./diagnostics.js";

/** The npm package that owns a file: the nearest package.json with a name, upward inside node_modules. */
export interface PackageRef {
  name: string;
  version: string;
  /** The package's directory, as reached from the root given on the command line. */
  dir: string;
}

/** Why a package's binary is not in the tree. */
export type PackageProblem =
  /** binding.gyp and no compiled addon (no ELF `.node` file in the package for this machine). */
  | { code: "addon-not-built"; bindingGyp: string }
  /** A `prebuilds/` directory with builds for other platforms only. */
  | { code: "no-prebuild-for-platform"; platform: string; available: string[] }
  /** What the install script downloads is absent (`expected`: the paths it would create). */
  | { code: "binary-not-downloaded"; expected: string[]; script: string }
  /** `bin` entries that are still the placeholder the install script replaces (`firstLine`: the first one's). */
  | { code: "placeholder-bin"; bins: string[]; firstLine: string; script: string };

export type PackageProblemCode = PackageProblem["code"];

export const PACKAGE_PROBLEM_CODES = [
  "addon-not-built",
  "no-prebuild-for-platform",
  "binary-not-downloaded",
  "placeholder-bin",
] as const satisfies readonly PackageProblemCode[];

/** A package whose binary is missing from the tree: a finding (exit 1) unless accepted. */
export interface PackageIssue {
  package: PackageRef;
  problem: PackageProblem;
  /** Variables that point the package at a binary from elsewhere (a nixpkgs build), from its own source. */
  variables: EnvVariable[];
  accepted?: Acceptance;
}

/** A package that keeps its binaries outside the scanned tree: said in the report, not looked at, not failing. */
export interface NotChecked {
  code: "binaries-outside-tree";
  package: PackageRef;
  /** What it keeps there ("browsers", "schema engine"). */
  what: string;
  /** Where it looks by default ("~/.cache/ms-playwright"), or null when it fetches on first run. */
  location: string | null;
  variables: EnvVariable[];
}

export const NOT_CHECKED_CODES = ["binaries-outside-tree"] as const satisfies readonly NotChecked["code"][];

type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const complete: [Complete<PackageProblemCode, (typeof PACKAGE_PROBLEM_CODES)[number]>, Complete<NotChecked["code"], (typeof NOT_CHECKED_CODES)[number]>] = [
  true,
  true,
];
void complete;
