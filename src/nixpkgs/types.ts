// Types of the soname -> nixpkgs mapping (the table, and what selection produces for a scan).
// The mapping's result types live in src/model/mapping.ts (the report carries them).
export type { Confidence, DriverNeed, Mapping, PackageChoice, UnmappedSoname } from "../model/mapping.js";

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
