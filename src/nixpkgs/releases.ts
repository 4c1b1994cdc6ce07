// Which attribute name works in which nixpkgs release: renamed attributes, versioned families
// (icu74, boost183, python312, ...) and gcc's libstdc++ version ceilings, all read from data
// (release-data.ts, and release-facts.ts for which column a release reads and its stdenv gcc).
import { type NixpkgsRelease, releaseFacts } from "../loader/profiles.js";
import { ATTRIBUTE_COLUMNS, type AttributeColumn } from "../loader/release-facts.js";
import { compareVersionNames } from "../loader/versions.js";
import { FAMILY_VERSIONS, type FamilyData, GCC_CEILINGS, type GccInfo, RAW_RELEASES, SONAME_RELEASE_OVERRIDES } from "./release-data.js";

export interface ReleaseName {
  /** The attribute path to print in that release, or null when nothing by that name evaluates there. */
  attr: string | null;
  /** False when the research could only say "believed". */
  certain: boolean;
}

/** The research column a release reads its names in, and whether that column is confirmed for it. */
function columnOf(release: NixpkgsRelease): { column: AttributeColumn; index: number; confirmed: boolean } {
  const a = releaseFacts(release).attributes;
  return { column: a.value, index: ATTRIBUTE_COLUMNS.indexOf(a.value) + 1, confirmed: a.confirmed };
}

function parseCell(cell: string): ReleaseName {
  const v = cell.trim();
  const certain = !v.includes("?");
  const first = (v.split(/[ (]/)[0] ?? "").replace(/\?+$/, "");
  return { attr: first === "" || first === "-" ? null : first, certain };
}

const RENAMES = new Map<string, readonly string[]>(RAW_RELEASES.filter((r) => r[0] !== "-").map((r) => [r[0], r]));

/** Versioned families: how a member is named; which versions each release has is data (release-data.ts). */
interface Family {
  re: RegExp;
  make: (n: number) => string;
  data: FamilyData;
}

const FAMILIES: readonly Family[] = [
  { re: /^icu(\d+)$/, make: (n) => `icu${n}`, data: FAMILY_VERSIONS.icu },
  { re: /^boost(\d+)$/, make: (n) => `boost${n}`, data: FAMILY_VERSIONS.boost },
  { re: /^python3(\d+)$/, make: (n) => `python3${n}`, data: FAMILY_VERSIONS.python3 },
  { re: /^python3(\d+)FreeThreading$/, make: (n) => `python3${n}FreeThreading`, data: FAMILY_VERSIONS.python3FreeThreading },
  { re: /^ruby_3_(\d+)$/, make: (n) => `ruby_3_${n}`, data: FAMILY_VERSIONS.ruby_3 },
  { re: /^ruby_4_(\d+)$/, make: (n) => `ruby_4_${n}`, data: FAMILY_VERSIONS.ruby_4 },
  { re: /^llvmPackages_(\d+)\.(libllvm|libclang)$/, make: (n) => `llvmPackages_${n}`, data: FAMILY_VERSIONS.llvmPackages },
];

/** The name of `attr` (newest naming) in `release`. */
export function attrInRelease(attr: string, release: NixpkgsRelease): ReleaseName {
  const { column, index, confirmed } = columnOf(release);
  for (const f of FAMILIES) {
    const m = f.re.exec(attr);
    if (!m) continue;
    const n = Number(m[1]);
    const present = f.data.versions[column].includes(n);
    return { attr: present ? attr : null, certain: confirmed && f.data.verified.includes(column) };
  }
  const row = RENAMES.get(attr);
  if (row) {
    const cell = parseCell(row[index]!);
    return { attr: cell.attr, certain: confirmed && cell.certain };
  }
  return { attr, certain: true };
}

/** The soname override for a release (SONAME_RELEASE_OVERRIDES), if it has one. */
export function sonameOverride(soname: string, release: NixpkgsRelease): { attr: string | null } | null {
  const o = SONAME_RELEASE_OVERRIDES[soname];
  const { column } = columnOf(release);
  return o && column in o ? { attr: o[column] ?? null } : null;
}

/**
 * What a table row's attribute is called in `release`: the row's own per-release column when it has one
 * (a provider that changed without a rename, or none there), else the release data's override for the
 * soname, else the attribute's name in that release. The mapping and --list-attributes both ask this.
 */
export function rowAttrInRelease(
  releases: Readonly<Partial<Record<NixpkgsRelease, string | null>>>,
  soname: string,
  attr: string,
  release: NixpkgsRelease,
): ReleaseName {
  if (release in releases) return { attr: releases[release] ?? null, certain: true };
  const override = sonameOverride(soname, release);
  return override ? { attr: override.attr, certain: true } : attrInRelease(attr, release);
}

/** Removed attributes (rows whose newest name is "-"): present in older releases only. */
export function removedAttrs(release: NixpkgsRelease): string[] {
  return RAW_RELEASES.filter((r) => r[0] === "-")
    .map((r) => parseCell(r[columnOf(release).index]!))
    .filter((c) => c.attr !== null && c.certain)
    .map((c) => c.attr!);
}

/** Every family member present in a release (for the stand-in pkgs used by tests and the attribute list). */
export function familyAttrs(release: NixpkgsRelease): string[] {
  const { column } = columnOf(release);
  return FAMILIES.flatMap((f) => f.data.versions[column].map((n) => f.make(n)));
}

export type { GccInfo } from "./release-data.js";

/** libstdc++'s version ceilings per gcc and the releases that have it (release-data.ts). */
export const GCC: readonly GccInfo[] = GCC_CEILINGS;

/** The gcc versions a release has (for the attribute list and the stand-in pkgs). */
export function gccsIn(release: NixpkgsRelease): GccInfo[] {
  const { column } = columnOf(release);
  return GCC.filter((g) => g.releases.includes(column));
}

/** stdenv's gcc in a release (release-facts.ts). */
function defaultGcc(release: NixpkgsRelease): GccInfo {
  const attr = releaseFacts(release).defaultGcc.value;
  const g = GCC.find((x) => x.attr === attr);
  if (g === undefined) throw new Error(`release-facts.ts: nixpkgs ${release}'s default gcc ${attr} has no row in GCC (releases.ts)`);
  return g;
}

/** The minor number of the newest GLIBCXX_3.4.N / CXXABI_1.3.N in a list of version names. */
export function newestMinor(versions: readonly string[], prefix: "GLIBCXX_3.4" | "CXXABI_1.3"): number {
  let best = -1;
  for (const v of versions) {
    if (v === prefix) best = Math.max(best, 0);
    else if (v.startsWith(`${prefix}.`)) {
      const n = Number(v.slice(prefix.length + 1));
      if (Number.isInteger(n)) best = Math.max(best, n);
    }
  }
  return best;
}

/**
 * The newest needed version that the release's default gcc's libstdc++ lacks, by number
 * (GLIBCXX_3.4.34 over GLIBCXX_3.4.9); null when the default gcc defines them all.
 */
export function beyondDefaultGcc(needed: readonly string[], release: NixpkgsRelease): string | null {
  const def = defaultGcc(release);
  const prefix = newestMinor(needed, "GLIBCXX_3.4") > def.glibcxx ? "GLIBCXX_" : newestMinor(needed, "CXXABI_1.3") > def.cxxabi ? "CXXABI_" : null;
  if (prefix === null) return null;
  let best: string | null = null;
  for (const v of needed) if (v.startsWith(prefix) && (best === null || compareVersionNames(v, best) > 0)) best = v;
  return best;
}

/**
 * The libstdc++ provider for a set of needed versions: stdenv.cc.cc when the release's default gcc
 * is new enough, else the oldest gcc in that release that defines them all; null when none does.
 */
export function libstdcxxFor(
  needed: readonly string[],
  release: NixpkgsRelease,
): { attr: string; gcc: GccInfo; isDefault: boolean; beyondVerified: boolean } | null {
  const glibcxx = newestMinor(needed, "GLIBCXX_3.4");
  const cxxabi = newestMinor(needed, "CXXABI_1.3");
  const { column } = columnOf(release);
  const ok = (g: GccInfo) => g.glibcxx >= glibcxx && g.cxxabi >= cxxabi && g.releases.includes(column);
  // Needs above every verified ceiling rest on a believed one.
  const verifiedMax = Math.max(...GCC.filter((g) => g.verified).map((g) => g.glibcxx));
  const beyondVerified = glibcxx > verifiedMax;
  const def = defaultGcc(release);
  if (ok(def)) return { attr: "stdenv.cc.cc", gcc: def, isDefault: true, beyondVerified };
  const g = GCC.find(ok);
  return g ? { attr: `${g.attr}.cc`, gcc: g, isDefault: false, beyondVerified } : null;
}
