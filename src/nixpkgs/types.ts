// Types of the soname -> nixpkgs mapping (the table, and what selection produces for a scan).
import type { NixpkgsRelease } from "../loader/profiles.js";

export type SonameClass = "nixpkgs" | "glibc" | "driver" | "musl" | "app-internal" | "none";

/** One row of the reviewed table (src/nixpkgs/table-data.ts). */
export interface SonameRow {
  /** Exact soname, or a pattern where `{N}` stands for a run of decimal digits. */
  soname: string;
  /** Attribute path in the newest release's naming (release renames live in releases.ts); null for glibc/driver/none. */
  attr: string | null;
  /** Output that holds lib/, when it is not the default one (e.g. "lib"). */
  output: string | null;
  class: SonameClass;
  /** Verified: the nixpkgs file in `source` was read and confirms the attribute. */
  verified: boolean;
  /** nixpkgs file(s) it was verified in, and why. */
  source: string;
  note: string | null;
}

export type Confidence = "pinned" | "table" | "table-unverified" | "sibling" | "nix-locate";

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
  /** Why this attribute: "table row verified in pkgs/...", "pinned by --prefer", ... */
  reason: string;
  warnings: string[];
}

export interface DriverNeed {
  soname: string;
  files: string[];
  /** What to do: hardware.graphics.enable / addDriverRunpath advice. */
  advice: string;
}

export interface UnmappedSoname {
  soname: string;
  files: string[];
  /** Next step, e.g. the nix-locate command line to run. */
  hint: string;
  /** Known not to exist in nixpkgs (Debian-only names): what replaces it. */
  replacement: string | null;
}

export interface Mapping {
  release: NixpkgsRelease;
  system: string;
  packages: PackageChoice[];
  drivers: DriverNeed[];
  unmapped: UnmappedSoname[];
  /** Executables that need the FHS interpreter (nix-ld or patchelf). */
  interpreterNeeded: string[];
  /** One-line notes printed once (e.g. "nix-locate not installed: unknown sonames are not looked up"). */
  notes: string[];
}
