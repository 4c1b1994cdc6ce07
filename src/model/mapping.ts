// What to add from nixpkgs for a scan's findings. Data only; src/nixpkgs/select.ts produces it.

export type Confidence = "pinned" | "table" | "table-unverified" | "sibling" | "nix-locate";

/**
 * What a table row's nixpkgs files prove, strongest first: `ships` (the package's own file shows it
 * installs the soname: its version, outputs or install steps), `consumer` (a nixpkgs package links or
 * wraps a binary needing the soname against the attribute: an application's runtime libraries, the
 * AppImage FHS list, nix-ld's defaults), `exists` (only the attribute was seen), `none` (not checked).
 */
export type Evidence = "ships" | "consumer" | "exists" | "none";

export const EVIDENCE_KINDS: readonly Evidence[] = ["ships", "consumer", "exists", "none"];

/** One attribute to add, with every soname it provides and the files that need them. */
export interface PackageChoice {
  /** Attribute path valid in the chosen release, e.g. "libx11" or "xorg.libX11". */
  attr: string;
  sonames: string[];
  /** Display paths of the files (executables, addons, libraries) that need these sonames. */
  files: string[];
  /** Needed by executables (nix-ld applies) and/or by addons (need LD_LIBRARY_PATH / RUNPATH). */
  neededBy: { executables: string[]; addons: string[]; libraries: string[] };
  confidence: Confidence;
  /** Why this attribute (words in src/render/words/). */
  reason: ChoiceReason;
  /** For a choice from the table: what the table's nixpkgs files prove (the weakest of its sonames' rows); null otherwise. */
  evidence: Evidence | null;
  warnings: MappingWarning[];
}

/** Why an attribute was chosen for a soname. */
export type ChoiceReason =
  | { code: "pinned"; soname: string; attr: string }
  | { code: "table"; files: string[]; checked: boolean }
  | { code: "nix-locate" }
  | { code: "sibling"; attr: string };

/** What to check about a choice. */
export type MappingWarning =
  | { code: "gcc-beyond-default"; needs: string; release: string; gcc: string }
  | { code: "gcc-ceiling-unverified"; gcc: string }
  | { code: "name-unverified"; attr: string; release: string }
  | { code: "app-internal"; soname: string; attr: string }
  | { code: "insecure"; attr: string }
  | { code: "nix-locate-several"; soname: string; offered: string[] };

/** Why a soname has no attribute, and the next step. */
export type UnmappedWhy =
  | { code: "look-up"; command: string }
  | { code: "part-of-glibc"; note: string | null }
  | { code: "musl" }
  | { code: "not-in-nixpkgs"; files: string[] }
  | { code: "gcc-too-old"; needs: string[]; release: string }
  | { code: "missing-in-release"; attr: string; release: string; note: string | null }
  /**
   * The scanned tree itself ships a library of this name (its DT_SONAME, or its file name), in a directory
   * nothing searches for it: an application's private library (an office suite's program/ directory).
   * `paths`: where (sorted); `owner`: the application they belong to, when the paths name it (the npm
   * package, or the directory under lib/ or opt/), else null.
   */
  | { code: "own-library"; paths: string[]; owner: string | null }
  /** The table knows it as an application's private library that no nixpkgs package puts on a library path; `note` names the application. */
  | { code: "private-library"; note: string | null; files: string[] };

/** nix-locate could not be asked: not installed, no database, or it failed (`output`: its first line). */
export type MappingNote = { code: "nix-locate-unavailable"; reason: "not-installed" | "no-database" | "failed"; output: string | null };

export interface DriverNeed {
  soname: string;
  files: string[];
}

export interface UnmappedSoname {
  soname: string;
  files: string[];
  /** Why, and the next step (e.g. the nix-locate command line to run). */
  why: UnmappedWhy;
  /** Known not to exist in nixpkgs (Debian-only names): what replaces it (the table's note). */
  replacement: string | null;
}

export interface Mapping {
  /** The nixpkgs release the attribute names are for. */
  release: string;
  system: string;
  packages: PackageChoice[];
  drivers: DriverNeed[];
  unmapped: UnmappedSoname[];
  /** Executables that need the FHS interpreter (nix-ld or patchelf). */
  interpreterNeeded: string[];
  /** Printed once (e.g. nix-locate is not installed: unknown sonames were not looked up). */
  notes: MappingNote[];
}

/** soname -> the attribute chosen for it (no entry: unmapped, a driver, or nothing was missing). */
export function attrBySoname(mapping: Mapping | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of mapping?.packages ?? []) for (const s of p.sonames) out.set(s, p.attr);
  return out;
}
