// What each nixpkgs release is, as data: a release bump edits data only (this file, and for a release
// with attribute names of its own, a column in nixpkgs/release-data.ts). Every fact names the
// public nixpkgs source it was read in; `confirmed: false` marks a fact that could not be read there
// (the report and a warning say so whenever that release is judged). Code reads this through
// loader/profiles.ts (glibc, default release) and nixpkgs/releases.ts (attribute names, gcc).

export interface Fact<T> {
  value: T;
  /** Where it was read (a nixpkgs path, release notes, or the convention it rests on). */
  source: string;
  /** False when the source did not show it for this release: the value is the best belief. */
  confirmed: boolean;
}

/** The attribute research's columns (nixpkgs/release-data.ts): each release reads its names in one. */
export const ATTRIBUTE_COLUMNS = ["25.05", "25.11", "26.05", "unstable"] as const;
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

export interface ReleaseFacts {
  /** "YY.MM" for a stable release, "unstable" for the rolling branches. */
  name: string;
  /** The release exists (its branch and channel): a default is chosen only among confirmed ones. */
  exists: Fact<boolean>;
  /** glibc's version (pkgs/development/libraries/glibc/common.nix). */
  glibc: Fact<string>;
  /** stdenv's gcc, as the attribute that names it (its libstdc++ ceiling is in nixpkgs/releases.ts GCC). */
  defaultGcc: Fact<string>;
  /** Release month (ISO "YYYY-MM", from the name), null for unstable. */
  released: Fact<string | null>;
  /** Last day of support (ISO date), null for unstable. */
  endOfLife: Fact<string | null>;
  /** Which column of the attribute research gives its attribute names and versioned families. */
  attributes: Fact<AttributeColumn>;
}

const NAME_ONLY = "the release name (NixOS names releases YY.MM); the day was not read";
const SUPPORT = "NixOS supports a stable release for about seven months, until a month after the next one";

/** Oldest first; "unstable" last. */
export const RELEASE_FACTS: readonly ReleaseFacts[] = [
  {
    name: "25.05",
    exists: { value: true, source: "doc/release-notes/rl-2505.section.md; release-25.05 backports", confirmed: true },
    glibc: { value: "2.40", source: "pkgs/development/libraries/glibc/common.nix (2.40-66)", confirmed: true },
    defaultGcc: { value: "gcc14", source: "doc/release-notes/rl-2505.section.md (GCC 13 -> 14)", confirmed: true },
    released: { value: "2025-05", source: NAME_ONLY, confirmed: true },
    endOfLife: { value: "2025-12-31", source: SUPPORT, confirmed: false },
    attributes: { value: "25.05", source: "nixpkgs/release-data.ts column 25.05", confirmed: true },
  },
  {
    name: "25.11",
    exists: { value: true, source: "nixos/doc/manual/release-notes/rl-2511.section.md; release-25.11 backports", confirmed: true },
    glibc: { value: "2.40", source: "pkgs/development/libraries/glibc/common.nix (2.40-66 in a 25.11-era store listing)", confirmed: true },
    defaultGcc: { value: "gcc14", source: "doc/release-notes/rl-2605.section.md (26.05 moved GCC 14 -> 15)", confirmed: true },
    released: { value: "2025-11", source: NAME_ONLY, confirmed: true },
    endOfLife: { value: "2026-06-30", source: `${SUPPORT}; issue 14 states June 2026`, confirmed: false },
    attributes: { value: "25.11", source: "nixpkgs/release-data.ts column 25.11", confirmed: true },
  },
  {
    name: "26.05",
    exists: { value: true, source: "doc/release-notes/rl-2605.section.md; release-26.05 backports (staging-26.05 glibc 2.42-67)", confirmed: true },
    glibc: { value: "2.42", source: "pkgs/development/libraries/glibc/common.nix (2.42-67, backported to staging-26.05)", confirmed: true },
    defaultGcc: { value: "gcc15", source: "doc/release-notes/rl-2605.section.md (GCC 14 -> 15)", confirmed: true },
    released: { value: "2026-05", source: NAME_ONLY, confirmed: true },
    endOfLife: {
      value: "2026-12-31",
      source: "doc/release-notes/rl-2605.section.md and rl-2611.section.md (26.05 goes out of support at the end of 2026)",
      confirmed: true,
    },
    attributes: { value: "26.05", source: "nixpkgs/release-data.ts column 26.05", confirmed: true },
  },
  {
    name: "26.11",
    exists: {
      value: true,
      source: 'doc/release-notes/rl-2611.section.md exists on master (title still "2026.11/??"); no release-26.11 branch or backport was seen',
      confirmed: false,
    },
    glibc: {
      value: "2.42",
      source:
        "pkgs/development/libraries/glibc/common.nix read at 2.42-67 on an unknown branch; 2.43-master.patch and 2.44-master.patch (glibc commits of July 2026) also exist in nixpkgs' history, so 26.11 may ship 2.43 or 2.44",
      confirmed: false,
    },
    defaultGcc: { value: "gcc16", source: "doc/release-notes/rl-2611.section.md (GCC 15 -> 16)", confirmed: true },
    released: { value: "2026-11", source: NAME_ONLY, confirmed: false },
    endOfLife: { value: "2027-06-30", source: SUPPORT, confirmed: false },
    attributes: { value: "unstable", source: "nixpkgs/release-data.ts column unstable (read in 26.11-pre all-packages.nix)", confirmed: false },
  },
  {
    name: "unstable",
    exists: { value: true, source: "nixos-unstable and nixpkgs-unstable channels", confirmed: true },
    glibc: { value: "2.42", source: "pkgs/development/libraries/glibc/common.nix on master (2.42-67, 26.11-pre)", confirmed: true },
    defaultGcc: { value: "gcc16", source: "doc/release-notes/rl-2611.section.md on master (GCC 15 -> 16)", confirmed: true },
    released: { value: null, source: "a rolling branch", confirmed: true },
    endOfLife: { value: null, source: "a rolling branch", confirmed: true },
    attributes: { value: "unstable", source: "nixpkgs/release-data.ts column unstable", confirmed: true },
  },
];
