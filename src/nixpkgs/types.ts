// Types of the soname -> nixpkgs mapping (the table, and what selection produces for a scan).
// The mapping's result types live in src/model/mapping.ts (the report carries them).
export type {
  ChoiceReason,
  Confidence,
  DriverNeed,
  Evidence,
  Mapping,
  MappingNote,
  MappingWarning,
  PackageChoice,
  UnmappedSoname,
  UnmappedWhy,
} from "../model/mapping.js";

import type { NixpkgsRelease } from "../loader/profiles.js";
import type { Evidence } from "../model/mapping.js";

export type SonameClass = "nixpkgs" | "glibc" | "driver" | "musl" | "app-internal" | "none";

/** One row of the reviewed table (src/nixpkgs/sonames.json). */
export interface SonameRow {
  /** Exact soname, or a pattern where `{N}` stands for a run of decimal digits. */
  soname: string;
  /** Attribute path in the newest release's naming (release renames live in releases.ts); null for glibc/driver/none. */
  attr: string | null;
  /** Output that holds lib/, when it is not the default one (e.g. "lib"). */
  output: string | null;
  class: SonameClass;
  /** Releases whose attribute for this soname differs although no attribute was renamed (null: none there). */
  releases: Readonly<Partial<Record<NixpkgsRelease, string | null>>>;
  /** What the nixpkgs file(s) read show (see Evidence); "none": not checked. */
  evidence: Evidence;
  /** The nixpkgs file(s) (or directory) read for this row. */
  files: readonly string[];
  /** What in those files shows it, where the research wrote it down. */
  shows: string | null;
  /** When (or at which nixpkgs revision) the files were read. */
  read: string | null;
  note: string | null;
}
