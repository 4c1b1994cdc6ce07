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
import { unpackDebs } from "../support/debian-tree.js";
import { runCli } from "../support/run-cli.js";

const CACHE = new URL("../../.cache/", import.meta.url).pathname;

interface DebianSet {
  name: string;
  debs: string;
  tree: string;
  /** The packages .ci/run downloads into `debs` (keep in step with it). */
  packages: string[];
  /**
   * Never used to add a row: its unknown sonames are counted, never printed, so that nobody adding rows
   * reads them by accident (three rows were added that way once, see FRESH_3). Print them with the CLI
   * (`--json`, `mapping.unmapped`) only when the set is given up as unseen.
   */
  unseen?: true;
}

/** The packages the table's rows were added for. */
const BUILD: DebianSet = {
  name: "build set",
  debs: join(CACHE, "debs"),
  tree: join(CACHE, "debtree"),
  packages: ["thunderbird", "inkscape", "audacity", "obs-studio", "libqt6core6", "libqt6gui6", "libqt6widgets6", "blender", "vlc-plugin-base", "gimp"],
};

/**
 * Held out: desktop applications of other toolkits and fields (an office suite, KDE painting and video
 * editing, a photo manager, a GNOME document viewer, a raw developer), none of whose own libraries had
 * rows when they were chosen.
 */
const HELD_OUT: DebianSet = {
  name: "held-out set",
  debs: join(CACHE, "debs-heldout"),
  tree: join(CACHE, "debtree-heldout"),
  packages: ["libreoffice-core", "krita", "digikam", "evince", "kdenlive", "darktable"],
};

/**
 * A second held-out set: measured at 78.4% (69 mapped, 19 unknown), then used: rows were added for its
 * unknown sonames (OpenSceneGraph, librevenge's filters, libgsf/GOffice, gcr, ...). Office, music, photo
 * and video tools. The fresh set below is the one never used.
 */
const HELD_OUT_2: DebianSet = {
  name: "second held-out set",
  debs: join(CACHE, "debs-heldout2"),
  tree: join(CACHE, "debtree-heldout2"),
  packages: ["scribus", "gnumeric", "rhythmbox", "shotwell", "handbrake"],
};

/**
 * A third held-out set: chosen after the second one's rows, measured at 71.7% (109 mapped, 43 unknown)
 * before any row was added for it, then used: its unknown sonames got rows. Accounting, panoramas, audio
 * and music, notes, an IDE.
 */
const HELD_OUT_3: DebianSet = {
  name: "third held-out set",
  debs: join(CACHE, "debs-heldout3"),
  tree: join(CACHE, "debtree-heldout3"),
  packages: ["gnucash", "hugin", "ardour", "musescore3", "mixxx", "xournalpp", "gnome-builder"],
};

/**
 * Fresh when chosen: picked after the table's last rows were added and measured (GIS, chat, remote
 * desktop, an editor, a torrent client, mail, a music player, a webcam tool); used in issue 16's third
 * round, once the third fresh set below had been measured: its last 13 unknown sonames got rows.
 */
const FRESH: DebianSet = {
  name: "fresh set",
  debs: join(CACHE, "debs-fresh"),
  tree: join(CACHE, "debtree-fresh"),
  packages: ["qgis", "pidgin", "remmina", "geany", "transmission-gtk", "evolution", "audacious", "cheese"],
};

/**
 * A second fresh set, chosen when the rows by construction were begun (rows for the libraries Debian 12's
 * applications depend on most, ranked over the whole archive, never over a test set): a packet analyser,
 * mail, a photo viewer, a tag editor, FTP, chat, a video player, electronics CAD. Used in issue 16's third
 * round, like the first: its last 21 unknown sonames (OpenCASCADE 7.6, Wireshark 4.0, ...) got rows.
 */
const FRESH_2: DebianSet = {
  name: "second fresh set",
  debs: join(CACHE, "debs-fresh2"),
  tree: join(CACHE, "debtree-fresh2"),
  packages: ["wireshark-qt", "claws-mail", "gthumb", "easytag", "filezilla", "hexchat", "totem", "kicad"],
};

// The third held-out set: 71.7% when first measured (109 mapped, 43 unknown); its 43 then got rows read
// in their nixpkgs packages (and their families: wxWidgets 3.2, gwenhywfar's GUIs, qtkeychain for Qt 6):
// 100% (144 mapped).

/**
 * A third fresh set, chosen when the second fresh set's unknown sonames were about to get rows: a
 * torrent client, a music player, a document viewer, a planetarium, a raw developer, solid CAD, a font
 * editor, a file manager, a password manager, a video player. Measured before any row was added after
 * it was chosen: 90.8% (138 mapped, 14 unknown; 189 distinct external sonames, 37 with no package in
 * nixpkgs 26.05). Never used to add a row: the rows since came from the ranking (the libraries with two
 * or three application dependents, and what was left of those with four or more), and took it to 94.6%
 * (141 mapped, 8 unknown). Three of those rows (botan 2, libqmobipocket, libspectre) were added, top-down
 * in their part of the ranking, by engineers whose test output had shown this set's unknown list once.
 * Issue 16's fourth round cut the rest of the ranking into parts mechanically (by dependents, then
 * alphabetically) and went through them top-down: 99.3% (145 mapped, 1 unknown). Its unknown list was
 * known to whoever cut the parts (the README had printed it), so this set is no longer a clean measure of
 * a tree never seen: the fourth fresh set is.
 */
const FRESH_3: DebianSet = {
  name: "third fresh set",
  debs: join(CACHE, "debs-fresh3"),
  tree: join(CACHE, "debtree-fresh3"),
  packages: ["qbittorrent", "strawberry", "okular", "stellarium", "rawtherapee", "openscad", "fontforge", "nautilus", "keepassxc", "mpv"],
  unseen: true,
};

/**
 * A fourth fresh set, chosen at the start of issue 16's fourth round, before its rows: 3D mesh processing,
 * music production, astronomy, an IDE, disc burning, a database browser, a colour picker, a document
 * viewer, a video player, IRC, disks, personal finance. Measured before any row was added after it was
 * chosen, at c214dc8: 89.1% (106 mapped, 13 unknown; 185 distinct external sonames, 53 with no package in
 * nixpkgs 26.05, 13 its applications' own). Its unknown sonames were never printed. With the round's rows
 * (all from the ranking, by parts cut with none of this set's unknown sonames known): 93.9% (108 mapped, 7
 * unknown). The ranking was then widened to developer, admin and interpreter programs, knowing this
 * figure and that the set holds qtcreator (a developer program), though not its unknown sonames; the
 * widened list's rows mapped two of them (Qt Quick 3D's particles and asset utilities): 95.7% (110 mapped,
 * 5 unknown).
 */
const FRESH_4: DebianSet = {
  name: "fourth fresh set",
  debs: join(CACHE, "debs-fresh4"),
  tree: join(CACHE, "debtree-fresh4"),
  packages: ["meshlab", "lmms", "kstars", "qtcreator", "k3b", "sqlitebrowser", "gpick", "zathura", "celluloid", "quassel", "gnome-disk-utility", "kmymoney"],
  unseen: true,
};

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
