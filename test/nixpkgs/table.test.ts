// The table's own integrity: order, uniqueness, syntax, classes, sources, non-overlapping patterns.
import { describe, expect, it } from "vitest";
import { NIXPKGS_RELEASES } from "../../src/loader/profiles.js";
import { knownAttrs } from "../../src/nixpkgs/attrs.js";
import { attrInRelease } from "../../src/nixpkgs/releases.js";
import { lookup, patternRegex, TABLE } from "../../src/nixpkgs/table.js";
import { runCli } from "../support/run-cli.js";

const ATTR_PATH = /^[A-Za-z_][A-Za-z0-9_'-]*(\.[A-Za-z_][A-Za-z0-9_'-]*)*$/;

describe("the soname table", () => {
  it("has at least 600 rows, sorted and unique by soname", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(600);
    const names = TABLE.map((r) => r.soname);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it("every row has a known class, a nixpkgs source, and a valid attribute path where it has one", () => {
    for (const r of TABLE) {
      expect(r.source, r.soname).toMatch(/(pkgs|nixos|doc|lib)\/[^ ]+/);
      expect(["nixpkgs", "glibc", "driver", "musl", "app-internal", "none"]).toContain(r.class);
      if (r.attr !== null) expect(r.attr.replaceAll("{N}", "1"), r.soname).toMatch(ATTR_PATH);
      if (r.class === "nixpkgs") expect(r.attr, `${r.soname} is class nixpkgs without an attribute`).not.toBeNull();
      if (r.attr?.includes("{N}")) expect(r.soname, `${r.soname}: {N} in the attribute needs one in the soname`).toContain("{N}");
      expect(r.soname).toMatch(/^[A-Za-z0-9_.+{}-]+$/);
    }
  });

  it("counts what is verified (and says so)", () => {
    const unverified = TABLE.filter((r) => !r.verified).length;
    const verified = TABLE.length - unverified;
    console.log(`soname table: ${TABLE.length} rows, ${verified} verified, ${unverified} not verified`);
    expect(verified).toBeGreaterThan(unverified);
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

  it("looks up exact names before patterns and substitutes the pattern's number", () => {
    expect(lookup("libz.so.1")).toMatchObject({ attr: "zlib", versionAgnostic: false });
    expect(lookup("libicuuc.so.74")?.attr).toBe("icu74");
    expect(lookup("libpython3.12.so.1.0")?.attr).toBe("python312");
    expect(lookup("libboost_python312.so.1.83.0")?.attr).toBe("boost183");
    expect(lookup("libdefinitely-not-a-library.so.9")).toBeNull();
  });

  it("every attribute the table can print in a release is in that release's attribute list", () => {
    for (const rel of NIXPKGS_RELEASES) {
      const known = knownAttrs(rel);
      expect(known.size).toBeGreaterThan(300);
      for (const r of TABLE) {
        if (r.attr === null || r.attr.includes("{N}") || r.class !== "nixpkgs") continue;
        const n = attrInRelease(r.attr, rel);
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
    expect(lines.find((l) => l[0] === "zlib")).toEqual(["zlib", "verified", expect.stringContaining("pkgs/")]);
    expect(lines.some((l) => l[0] === "xorg.libX11")).toBe(true);
    expect(lines.some((l) => l[0] === "libx11")).toBe(false);
    for (const l of lines) expect(knownAttrs("25.05").has(l[0]!), l[0]).toBe(true);
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
