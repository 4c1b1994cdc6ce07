// Real prebuilt binaries nobody here wrote: heavy Debian 12 desktop packages (downloaded by .ci/run with
// `apt-get download`, unpacked here with dpkg-deb -x, cached), in two sets: the one the table was built
// on, and a held-out one nobody looked at while adding rows. Scanned as a NixOS target, each set's
// distinct external sonames are sorted into: mapped (by the evidence of the row that maps them), known
// to have no package in nixpkgs, an application's own library, and unknown to the table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVIDENCE_KINDS, type Evidence } from "../../src/model/mapping.js";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import { lookup } from "../../src/nixpkgs/table.js";
import type { Mapping } from "../../src/nixpkgs/types.js";
import { BUILD, type DebianSet, FRESH, FRESH_2, FRESH_3, FRESH_4, HELD_OUT, HELD_OUT_2, HELD_OUT_3, unpackDebs } from "../support/debian-tree.js";
import { runCli } from "../support/run-cli.js";

const CACHE = new URL("../../.cache/", import.meta.url).pathname;

/**
 * The fourth fresh set's share with issue 16's fourth round of rows by construction (95.7%, 110 mapped,
 * 5 unknown; 89.1% when first measured) less a margin for Debian updates.
 */
const FRESH_4_FLOOR = 0.9;

/**
 * The third fresh set's share with the rows by construction (99.3%; 90.8% when first measured) less a
 * margin for Debian updates: a floor that catches a regression, not a target.
 */
const FRESH_3_FLOOR = 0.95;

// The fresh set: 68.6% when first measured (48 mapped, 22 unknown, before the third held-out set's rows).
// 70.0% with the third held-out set's rows (qtkeychain now mapped): 49 mapped, 21 unknown, most of them
// the applications' own libraries in other Debian packages (qgis, evolution, cheese, audacious, pidgin)
// and clutter, gtkspell 2, libical-glib, miniupnpc, libnatpmp.
// With the rows by construction for the libraries with four dependents or more (679 rows): 79.4% (54
// mapped, 14 unknown); with 123 more for those with three: 80.9% (55 mapped, 13 unknown: the applications'
// own libraries in other Debian packages, camel/ecal, avahi-ui). Then used: rows for those 13 (and their
// families: evolution-data-server, Evolution's private libraries, audacious, cheese, QGIS, avahi without
// GTK 3): 100% (58 mapped, 0 unknown).

/**
 * The second fresh set: 75.0% with the first third of the rows by construction (81 mapped, 27 unknown),
 * 76.6% with two thirds, 79.4% with those for four dependents or more, 80.2% with 123 more for three (85
 * mapped, 21 unknown: OpenCASCADE 7.6's 16 libraries that kicad links, which no row covers yet,
 * wireshark's and filezilla's own libraries, compface, libetpan). Then used: rows for those 21 and the
 * rest of OpenCASCADE 7.6: 100% (102 mapped, 0 unknown).
 */

/** What a set whose unknown sonames got rows is held to: the 95% issue 16 asks. */
const USED_FLOOR = 0.95;

interface Coverage {
  total: number;
  /** Mapped sonames by the evidence of their row. */
  mapped: Record<Evidence, string[]>;
  /** Known to have no package in the release (an older library version Debian 12 links, a Debian-only name). */
  noPackage: string[];
  /** An application's own library: shipped in the tree off every search path, or a private library the table knows. */
  own: string[];
  /** Unknown to the table: what nix-locate would be asked. */
  unknown: string[];
  /** Mapped to an attribute the release does not have. */
  wrongAttr: string[];
}

function coverage(set: DebianSet): Coverage {
  unpackDebs(set);
  const r = runCli(["--json", "--no-host-pass", "--no-nix-locate", "--nixpkgs", "26.05", set.tree]);
  const m = (JSON.parse(r.stdout) as { mapping: Mapping }).mapping;
  const mapped = Object.fromEntries(EVIDENCE_KINDS.map((e) => [e, [] as string[]])) as Record<Evidence, string[]>;
  const known = knownAttrs("26.05");
  const wrongAttr: string[] = [];
  for (const p of m.packages) {
    if (!known.has(p.attr)) wrongAttr.push(p.attr);
    for (const s of p.sonames) mapped[lookup(s)?.row.evidence ?? "none"].push(s);
  }
  mapped.consumer.push(...m.drivers.map((d) => d.soname));
  const noPackage: string[] = [];
  const own: string[] = [];
  const unknown: string[] = [];
  for (const u of m.unmapped) {
    if (u.why.code === "look-up") unknown.push(u.soname);
    else if (u.why.code === "own-library" || u.why.code === "private-library") own.push(u.soname);
    else noPackage.push(u.soname);
  }
  const total = m.packages.reduce((n, p) => n + p.sonames.length, 0) + m.drivers.length + m.unmapped.length;
  return { total, mapped, noPackage, own, unknown, wrongAttr };
}

const count = (c: Coverage) => EVIDENCE_KINDS.reduce((n, e) => n + c.mapped[e].length, 0);
/** The share of the sonames nixpkgs can provide (mapped, or unknown to the table) that are mapped. */
const share = (c: Coverage) => count(c) / (count(c) + c.unknown.length);

function summary(set: DebianSet, c: Coverage): string {
  const pct = (n: number) => `${((n / c.total) * 100).toFixed(1)}%`;
  const levels = EVIDENCE_KINDS.map((e) => `${e} ${c.mapped[e].length} (${pct(c.mapped[e].length)})`).join(", ");
  return (
    `debian coverage, ${set.name} (${set.packages.join(" ")}): ${c.total} distinct external sonames; mapped ${count(c)} (${pct(count(c))}): ${levels}; ` +
    `no package in nixpkgs 26.05 ${c.noPackage.length}; an application's own ${c.own.length}; unknown ${c.unknown.length}` +
    `${c.unknown.length && set.unseen !== true ? ` (${c.unknown.join(" ")})` : ""}; mapped of what nixpkgs can provide ${(share(c) * 100).toFixed(1)}%`
  );
}

describe("coverage on real Debian desktop packages", () => {
  it(".ci/run downloads exactly the packages of each set, into the set's directory", () => {
    const run = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8");
    const lists = new Map([...run.matchAll(/^download_debs (\S+) (.+)$/gm)].map((m) => [join(CACHE, "..", m[1]!), m[2]!.split(" ")]));
    expect(lists).toEqual(new Map([BUILD, HELD_OUT, HELD_OUT_2, HELD_OUT_3, FRESH, FRESH_2, FRESH_3, FRESH_4].map((set) => [set.debs, set.packages])));
  });

  // Debian 12 links older library versions than nixpkgs 26.05 ships (FFmpeg 5, Boost 1.74, OpenImageIO
  // 2.4, mbedtls 2, ...): those sonames have no provider, and the table says so and what replaces them.
  it("the build set: the table knows the sonames, maps them to attributes that exist, through verified rows", () => {
    const c = coverage(BUILD);
    console.log(summary(BUILD, c));
    expect(c.total).toBeGreaterThan(250);
    expect(c.unknown.length / c.total).toBeLessThanOrEqual(0.05);
    expect(count(c) / c.total).toBeGreaterThanOrEqual(0.8);
    expect(c.wrongAttr).toEqual([]);
    // The only sonames known to map through rows nobody could verify. A subset: apt-get download
    // fetches whatever Debian 12 ships today, and an update may drop one of them.
    const KNOWN_UNVERIFIED = ["libgomp.so.1", "libmozsqlite3.so", "libobs-scripting.so.1"];
    const unverified = Object.values(c.mapped)
      .flat()
      .filter((s) => (lookup(s)?.row.evidence ?? "none") === "none");
    expect(unverified.filter((s) => !KNOWN_UNVERIFIED.includes(s))).toEqual([]);
  });

  it("the held-out set: what nixpkgs can provide is mapped, to attributes that exist", () => {
    const c = coverage(HELD_OUT);
    console.log(summary(HELD_OUT, c));
    expect(c.total).toBeGreaterThan(150);
    expect(c.wrongAttr).toEqual([]);
    // 96.3% when written; the unknown were libeot, libgpgmepp (gpgme 1.x's C++ binding), libnumbertext
    // and libosmgpsmap, whose nixpkgs sonames were then read: 100% (106 mapped).
    expect(share(c)).toBeGreaterThanOrEqual(0.95);
    // The application's own libraries are named as such, not looked up: LibreOffice's program/ directory
    // (rows), krita's libraries the tree ships off every search path.
    expect(c.own).toEqual(expect.arrayContaining(["libuno_sal.so.3", "libkritaimage.so.18"]));
  });

  it("the second held-out set: what nixpkgs can provide is mapped, to attributes that exist", () => {
    const c = coverage(HELD_OUT_2);
    console.log(summary(HELD_OUT_2, c));
    expect(c.total).toBeGreaterThan(80);
    expect(c.wrongAttr).toEqual([]);
    // 78.4% when first measured (69 mapped, 19 unknown), before any row was added for this set: the
    // honest held-out figure. The 19 (OpenSceneGraph, libgsf/GOffice, librevenge's import filters,
    // PoDoFo, gcr, libgdata, libunity, pxlib, rhythmbox's core library) then got rows read in their
    // nixpkgs packages: 100% (87 mapped, PoDoFo 0.9.8 without package), held to the 95% issue 16 asks.
    expect(share(c)).toBeGreaterThanOrEqual(0.95);
  });

  // Sets held to a floor: what they map, maps to attributes that exist, and no less of it than the floor.
  it.each([
    { what: "the third held-out set", set: HELD_OUT_3, atLeast: 150, floor: USED_FLOOR },
    { what: "the second fresh set, now used", set: FRESH_2, atLeast: 100, floor: USED_FLOOR },
    { what: "the fresh set, now used", set: FRESH, atLeast: 60, floor: USED_FLOOR },
    { what: "the third fresh set, never used", set: FRESH_3, atLeast: 150, floor: FRESH_3_FLOOR },
    { what: "the fourth fresh set, never used", set: FRESH_4, atLeast: 150, floor: FRESH_4_FLOOR },
  ])("$what: what it maps, maps to attributes that exist", ({ set, atLeast, floor }) => {
    const c = coverage(set);
    console.log(summary(set, c));
    expect(c.total).toBeGreaterThan(atLeast);
    expect(c.wrongAttr).toEqual([]);
    expect(share(c)).toBeGreaterThanOrEqual(floor);
  });
});
