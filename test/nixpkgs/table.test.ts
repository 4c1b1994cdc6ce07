// The table's own integrity: order, uniqueness, syntax, classes, evidence and the files behind it,
// non-overlapping patterns.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NIXPKGS_RELEASES } from "../../src/loader/profiles.js";
import { EVIDENCE_KINDS } from "../../src/model/mapping.js";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import { attrInRelease, rowAttrInRelease } from "../../src/nixpkgs/releases.js";
import { lookup, parseRows, patternRegex, tableRows } from "../../src/nixpkgs/table.js";
import type { SonameRow } from "../../src/nixpkgs/types.js";
import { runCli } from "../support/run-cli.js";

const TABLE = tableRows();
const DATA = new URL("../../src/nixpkgs/sonames.json", import.meta.url);

/**
 * nixpkgs files that only define or alias attributes (the package set, release notes, the Qt and X.Org
 * sets): they show that an attribute exists, never what it installs.
 */
const ATTRIBUTE_ONLY =
  /^(pkgs\/top-level\/(all-packages|aliases)\.nix|doc\/release-notes\/.+|pkgs\/development\/libraries\/qt-6\/default\.nix|pkgs\/development\/libraries\/qt-5\/5\.15\/default\.nix|pkgs\/servers\/x11\/xorg\/default\.nix)$/;
/** Lists of libraries handed to foreign binaries (AppImage's FHS set, nix-ld's defaults, manylinux): consumers. */
const CONSUMER_LISTS =
  /^(pkgs\/build-support\/appimage\/default\.nix|nixos\/modules\/programs\/nix-ld\.nix|pkgs\/development\/interpreters\/python\/manylinux\/default\.nix)$/;

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The package a file belongs to: its directory's name (pkgs/by-name/li/libxslt/package.nix -> libxslt). */
function packageDir(file: string): string {
  const parts = file.split("/");
  return squash(/\.nix$/.test(file) ? (parts[parts.length - 2] ?? "") : (parts[parts.length - 1] ?? ""));
}

/** The library's own name: the attribute's last part without its version, or the soname's stem. */
function libraryName(r: SonameRow): string {
  const fromAttr = r.attr
    ?.split(".")
    .pop()
    ?.replaceAll("{N}", "")
    .replace(/_?\d+$/, "");
  return squash(fromAttr || r.soname.replace(/^lib/, "").split(/[.-]/)[0]!);
}

/** Why a row's evidence kind is more than its files can show, or null when they support it. */
function unsupported(r: SonameRow): string | null {
  const packageFiles = r.files.filter((f) => !ATTRIBUTE_ONLY.test(f));
  switch (r.evidence) {
    case "none":
    case "exists":
      return null;
    case "consumer":
      return packageFiles.length > 0 ? null : `consumer needs a package file, not only ${r.files.join(", ")}`;
    case "ships": {
      const own = packageFiles.filter((f) => !CONSUMER_LISTS.test(f));
      if (own.length === 0) return `ships needs the package's own file, not only ${r.files.join(", ")}`;
      const name = libraryName(r);
      const related = own.some((f) => packageDir(f).includes(name) || name.includes(packageDir(f)));
      return related || r.shows !== null ? null : `ships cites ${own.join(", ")}, which is not ${name}'s own file: say what in it shows the soname`;
    }
    default:
      return `unknown evidence ${String(r.evidence)}`;
  }
}

const ATTR_PATH = /^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/;

describe("the soname table", () => {
  it("has at least 600 rows, sorted and unique by soname", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(600);
    const names = TABLE.map((r) => r.soname);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it("is a JSON array with one row a line", () => {
    const lines = readFileSync(DATA, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("[");
    expect(lines.at(-1)).toBe("]");
    expect(lines.length - 2).toBe(TABLE.length);
    for (const l of lines.slice(1, -1)) expect(l, l).toMatch(/^\{"soname":.*\},?$/);
    // One key order, so that a row's diff is its change (rows merged from several hands drifted).
    const ORDER = ["soname", "attr", "output", "class", "evidence", "files", "shows", "read", "note", "releases"];
    for (const l of lines.slice(1, -1)) {
      const keys = Object.keys(JSON.parse(l.replace(/,$/, "")) as object);
      expect(keys, l).toEqual(ORDER.filter((k) => keys.includes(k)));
    }
  });

  it("every row has a known class, its evidence with the nixpkgs file(s), and a valid attribute path where it has one", () => {
    for (const r of TABLE) {
      expect(r.files.length, r.soname).toBeGreaterThan(0);
      for (const f of r.files) expect(f, r.soname).toMatch(/^(pkgs|nixos|doc|lib)\/[^ ]+$/);
      expect(EVIDENCE_KINDS).toContain(r.evidence);
      expect(unsupported(r), r.soname).toBeNull();
      // When: the month of the research, or the nixpkgs commit whose files were read.
      expect(r.read, r.soname).toMatch(/^(\d{4}-\d{2}|NixOS\/nixpkgs@[0-9a-f]{40})$/);
      if (r.read?.includes("@")) expect(r.shows, `${r.soname}: read at a commit, so say what the file shows`).not.toBeNull();
      expect(["nixpkgs", "glibc", "driver", "musl", "app-internal", "none"]).toContain(r.class);
      if (r.attr !== null) expect(r.attr.replaceAll("{N}", "1"), r.soname).toMatch(ATTR_PATH);
      if (r.class === "nixpkgs") expect(r.attr, `${r.soname} is class nixpkgs without an attribute`).not.toBeNull();
      if (r.attr?.includes("{N}")) expect(r.soname, `${r.soname}: {N} in the attribute needs one in the soname`).toContain("{N}");
      expect(r.soname).toMatch(/^[A-Za-z0-9_.+{}-]+$/);
    }
  });

  it("refuses a row without evidence or files, and an evidence kind its files cannot show", () => {
    const row = { soname: "libz.so.1", attr: "zlib", class: "nixpkgs", evidence: "ships", files: ["pkgs/development/libraries/zlib/default.nix"] };
    expect(parseRows([row])[0]).toMatchObject({ evidence: "ships", files: row.files, shows: null, releases: {} });
    expect(() => parseRows([{ ...row, evidence: undefined }])).toThrow(/row 1 \(libz.so.1\): evidence must be one of/);
    expect(() => parseRows([{ ...row, evidence: "verified" }])).toThrow(/evidence must be one of/);
    expect(() => parseRows([{ ...row, files: [] }])).toThrow(/no nixpkgs file/);
    expect(() => parseRows([{ ...row, releases: { "24.11": "zlib" } }])).toThrow(/unknown release 24.11/);
    const [ok] = parseRows([row]);
    const as = (evidence: SonameRow["evidence"], files: string[], shows: string | null = null): SonameRow => ({ ...ok!, evidence, files, shows });
    expect(unsupported(ok!)).toBeNull();
    expect(unsupported(as("ships", ["pkgs/top-level/all-packages.nix"]))).toMatch(/ships needs the package's own file/);
    expect(unsupported(as("ships", ["pkgs/build-support/appimage/default.nix"]))).toMatch(/ships needs the package's own file/);
    expect(unsupported(as("ships", ["pkgs/by-name/go/google-chrome/package.nix"]))).toMatch(/not zlib's own file/);
    expect(unsupported(as("ships", ["pkgs/by-name/go/google-chrome/package.nix"], "what in it shows libz.so.1"))).toBeNull();
    expect(unsupported(as("consumer", ["pkgs/top-level/all-packages.nix", "doc/release-notes/rl-2511.section.md"]))).toMatch(/consumer needs a package file/);
    expect(unsupported(as("consumer", ["pkgs/build-support/appimage/default.nix"]))).toBeNull();
    expect(unsupported(as("exists", ["pkgs/top-level/all-packages.nix"]))).toBeNull();
  });

  it("counts the rows of each evidence kind (and says so)", () => {
    const n = Object.fromEntries(EVIDENCE_KINDS.map((k) => [k, TABLE.filter((r) => r.evidence === k).length]));
    console.log(`soname table: ${TABLE.length} rows: ${EVIDENCE_KINDS.map((k) => `${n[k]} ${k}`).join(", ")}`);
    expect(n.ships! + n.consumer! + n.exists!).toBeGreaterThan(n.none!);
    // README's "nixpkgs mapping" quotes the same numbers.
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(`has ${TABLE.length} rows`);
    for (const k of EVIDENCE_KINDS) expect(readme, k).toMatch(new RegExp(`^\\| \`${k}\` \\| ${n[k]} \\|`, "m"));
  });

  it("no two {N} patterns can match the same soname", () => {
    const pats = TABLE.filter((r) => r.soname.includes("{N}"));
    const samples = (p: string) => ["0", "1", "12", "123"].flatMap((a) => ["0", "1", "12", "123"].map((b) => p.replace("{N}", a).replaceAll("{N}", b)));
    for (const a of pats) {
      for (const b of pats) {
        if (a === b) continue;
        const re = patternRegex(b.soname);
        for (const s of samples(a.soname)) expect(re.test(s), `${a.soname} and ${b.soname} both match ${s}`).toBe(false);
      }
    }
  });

  it("names an attribute in a {N} pattern only when the attribute carries the number (GPU driver rows aside)", () => {
    // A pattern whose attribute ignores the number maps every release's soname to the one release nixpkgs
    // ships: Debian 12's libraw.so.20 went to LibRaw 0.21.4, which installs only .so.23, and libgdal.so.32
    // to GDAL 3.12 (.so.38). The soname nixpkgs' release installs gets an exact row and the pattern none.
    // The one exception is the driver class (NVIDIA's libnvidia-*.so.{N}): select.ts turns those into
    // hardware.graphics advice and never prints their attribute, and the driver must match the kernel's.
    const agnostic = TABLE.filter((r) => r.soname.includes("{N}") && r.attr !== null && !r.attr.includes("{N}"));
    expect(agnostic.filter((r) => r.class !== "driver").map((r) => r.soname)).toEqual([]);
    for (const r of agnostic) expect(r.class, r.soname).toBe("driver");
    expect(lookup("libraw.so.20")?.attr).toBeNull();
    expect(lookup("libgdal.so.32")?.attr).toBeNull();
    expect(lookup("libgdal.so.38")?.attr).toBe("gdal");
    expect(lookup("libvpx.so.9")?.attr).toBeNull();
    expect(lookup("libvpx.so.11")?.attr).toBe("libvpx");
    expect(lookup("libfmt.so.10")?.attr).toBe("fmt_10");
    expect(lookup("libfmt.so.8")?.attr).toBeNull();
    expect(lookup("libopencv_core.so.406")?.attr).toBeNull();
    expect(lookup("libopencv_core.so.411")?.attr).toBe("opencv");
  });

  it("looks up exact names before patterns and substitutes the pattern's number", () => {
    expect(lookup("libz.so.1")).toMatchObject({ attr: "zlib" });
    expect(lookup("libicuuc.so.74")?.attr).toBe("icu74");
    expect(lookup("libpython3.12.so.1.0")?.attr).toBe("python312");
    expect(lookup("libboost_filesystem.so.1.83.0")?.attr).toBe("boost183");
    expect(lookup("libdefinitely-not-a-library.so.9")).toBeNull();
  });

  it("every attribute the table can print in a release is in that release's attribute list", () => {
    for (const rel of NIXPKGS_RELEASES) {
      const known = knownAttrs(rel);
      expect(known.size).toBeGreaterThan(300);
      for (const r of TABLE) {
        if (r.attr === null || r.attr.includes("{N}") || r.class !== "nixpkgs") continue;
        const n = rowAttrInRelease(r.releases, r.soname, r.attr, rel);
        if (n.attr !== null) expect(known.has(n.attr), `${n.attr} (${rel})`).toBe(true);
      }
    }
  });

  it("--list-attributes with a release the data does not know lists the nearest known one's, with a warning", () => {
    const r = runCli(["--list-attributes", "--nixpkgs", "27.11"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "nix-bincheck: warning: nixpkgs 27.11 (from --nixpkgs) is not a release nix-bincheck knows; judging against the nearest known one, 26.11\n",
    );
    expect(r.stdout).toBe(runCli(["--list-attributes", "--nixpkgs", "26.11"]).stdout);
  });

  it("--list-attributes prints each printable attribute of a release with where it was confirmed", () => {
    const r = runCli(["--list-attributes", "--nixpkgs", "25.05"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(lines.length).toBeGreaterThan(300);
    // zlib's strongest row, and every file its rows were read in.
    const zlib = TABLE.filter((r) => r.attr === "zlib" && r.class === "nixpkgs");
    const strongest = EVIDENCE_KINDS.find((k) => zlib.some((r) => r.evidence === k));
    expect(lines.find((l) => l[0] === "zlib")).toEqual(["zlib", strongest, [...new Set(zlib.flatMap((r) => r.files))].sort().join(" ")]);
    for (const l of lines) expect(EVIDENCE_KINDS, l.join(" ")).toContain(l[1]);
    expect(lines.some((l) => l[0] === "xorg.libX11")).toBe(true);
    expect(lines.some((l) => l[0] === "libx11")).toBe(false);
    for (const l of lines) expect(knownAttrs("25.05").has(l[0]!), l[0]).toBe(true);
  });

  it("--list-attributes follows a row's own per-release column, as the mapping does", () => {
    // Every row naming xrootd says none in unstable (XRootD 6 renumbered all its libraries), while
    // 26.05's column is not set: the attribute is printable there, not in unstable.
    const xrootd = TABLE.filter((r) => r.attr === "xrootd");
    expect(xrootd.length).toBeGreaterThan(0);
    for (const r of xrootd) expect(r.releases.unstable, r.soname).toBeNull();
    expect(knownAttrs("26.05").has("xrootd")).toBe(true);
    expect(knownAttrs("unstable").has("xrootd")).toBe(false);
    // A row whose column names another attribute there lists that one (libxml2.so.2 is libxml2_13's since 25.11).
    expect(knownAttrs("unstable").has("libxml2_13")).toBe(true);
  });

  it("translates renamed attributes per release and never prints a removed one", () => {
    expect(attrInRelease("libx11", "25.05").attr).toBe("xorg.libX11");
    expect(attrInRelease("libx11", "25.11").attr).toBe("xorg.libX11");
    expect(attrInRelease("libx11", "26.05").attr).toBe("libx11");
    expect(attrInRelease("ffmpeg_8", "25.05").attr).toBeNull();
    expect(attrInRelease("python315", "unstable")).toEqual({ attr: "python315", certain: true });
    expect(attrInRelease("python310", "unstable").attr).toBeNull();
    expect(attrInRelease("icu59", "unstable").attr).toBeNull();
    expect(attrInRelease("zlib", "25.05")).toEqual({ attr: "zlib", certain: true });
  });
});
