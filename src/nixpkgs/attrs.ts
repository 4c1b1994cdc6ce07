// The attribute paths the tool can print, per nixpkgs release: the table's attributes in that release's
// naming, the versioned families, the gcc set, and what the emitters refer to. Tests build a stand-in
// `pkgs` from this list, so a typo in any printed attribute path fails evaluation.

import type { NixpkgsRelease } from "../loader/profiles.js";
import { compare } from "../model/order.js";
import { familyAttrs, gccsIn, removedAttrs, rowAttrInRelease } from "./releases.js";
import { tableRows } from "./table.js";
import type { Evidence, SonameRow } from "./types.js";

/** The nix-ld module's default libraries (nixos/modules/programs/nix-ld.nix). */
export const NIX_LD_DEFAULTS = [
  "zlib",
  "zstd",
  "stdenv.cc.cc",
  "curl",
  "openssl",
  "attr",
  "libssh",
  "bzip2",
  "libxml2",
  "acl",
  "libsodium",
  "util-linux",
  "xz",
  "systemd",
] as const;

const cache = new Map<NixpkgsRelease, ReadonlySet<string>>();

/** The table rows that name a printable attribute, each with that attribute in `release`'s naming (rows with none there left out). */
function printableRows(release: NixpkgsRelease): { row: SonameRow; attr: string; certain: boolean }[] {
  const out: { row: SonameRow; attr: string; certain: boolean }[] = [];
  for (const r of tableRows()) {
    if (r.attr === null || r.attr.includes("{N}") || (r.class !== "nixpkgs" && r.class !== "app-internal")) continue;
    const n = rowAttrInRelease(r.releases, r.soname, r.attr, release);
    if (n.attr !== null) out.push({ row: r, attr: n.attr, certain: n.certain });
  }
  return out;
}

export function knownAttrs(release: NixpkgsRelease): ReadonlySet<string> {
  let s = cache.get(release);
  if (s) return s;
  const out = new Set<string>([...NIX_LD_DEFAULTS, ...familyAttrs(release), ...removedAttrs(release)]);
  for (const g of gccsIn(release)) out.add(`${g.attr}.cc`);
  for (const p of printableRows(release)) out.add(p.attr);
  s = out;
  cache.set(release, s);
  return s;
}

const STRENGTH: readonly Evidence[] = ["ships", "consumer", "exists", "none"];

/**
 * Each printable attribute of a release with the strongest evidence its table rows have (`none` when
 * the attribute's name in that release is only believed) and the nixpkgs file(s) they were read in.
 */
export function attributeSources(release: NixpkgsRelease): { attr: string; evidence: Evidence; sources: string[] }[] {
  const by = new Map<string, { evidence: Evidence; sources: Set<string> }>();
  for (const { row: r, attr, certain } of printableRows(release)) {
    const e = by.get(attr) ?? { evidence: "none" as Evidence, sources: new Set<string>() };
    const kind = certain ? r.evidence : "none";
    if (STRENGTH.indexOf(kind) < STRENGTH.indexOf(e.evidence)) e.evidence = kind;
    for (const f of r.files) e.sources.add(f);
    by.set(attr, e);
  }
  return [...by].map(([attr, e]) => ({ attr, evidence: e.evidence, sources: [...e.sources].sort() })).sort((a, b) => compare(a.attr, b.attr));
}
