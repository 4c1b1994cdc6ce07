// Release facts as data (src/loader/release-facts.ts): every release has each fact with its source,
// the default follows the data, and the code reads glibc, the default gcc and attribute names from it.
import { describe, expect, it } from "vitest";
import { DEFAULT_RELEASE, NIXPKGS_RELEASES, targetProfile } from "../../src/loader/profiles.js";
import { ATTRIBUTE_COLUMNS, RELEASE_FACTS } from "../../src/loader/release-facts.js";
import { FAMILY_VERSIONS, GCC_CEILINGS, RAW_RELEASES } from "../../src/nixpkgs/release-data.js";
import { attrInRelease, libstdcxxFor } from "../../src/nixpkgs/releases.js";

describe("release facts as data", () => {
  it("every release has every fact with a source; the default is the newest confirmed stable release", () => {
    expect(NIXPKGS_RELEASES).toEqual(RELEASE_FACTS.map((r) => r.name));
    for (const r of RELEASE_FACTS)
      for (const f of [r.exists, r.glibc, r.defaultGcc, r.released, r.endOfLife, r.attributes]) expect(f.source.length, r.name).toBeGreaterThan(10);
    expect(DEFAULT_RELEASE).toBe("26.05");
  });
  it("code reads the data: glibc in the target profile, default gcc in the libstdc++ choice, names via the attribute column", () => {
    expect(targetProfile("x86_64-linux", "26.11").glibcVersion).toBe("2.42");
    // GLIBCXX_3.4.35 (gcc 16) is stdenv's in 26.11 (default gcc16) but needs gcc16.cc in 26.05, which has no gcc16.
    expect(libstdcxxFor(["GLIBCXX_3.4.35"], "26.11")?.attr).toBe("stdenv.cc.cc");
    expect(libstdcxxFor(["GLIBCXX_3.4.35"], "26.05")).toBeNull();
    // 26.11 reads unstable's names, believed rather than verified.
    expect(attrInRelease("cairomm_1_0", "26.11")).toEqual({ attr: "cairomm_1_0", certain: false });
    expect(attrInRelease("cairomm_1_0", "unstable")).toEqual({ attr: "cairomm_1_0", certain: true });
  });
  it("the attribute data has every column: each rename row, each family and each gcc row", () => {
    for (const row of RAW_RELEASES) expect(row.length, row[0]).toBe(ATTRIBUTE_COLUMNS.length + 3);
    for (const [name, f] of Object.entries(FAMILY_VERSIONS)) expect(Object.keys(f.versions).sort(), name).toEqual([...ATTRIBUTE_COLUMNS].sort());
    for (const g of GCC_CEILINGS) for (const c of g.releases) expect(ATTRIBUTE_COLUMNS, g.attr).toContain(c);
    // Every release's stdenv gcc has a ceiling row, and every release reads a column that exists.
    for (const r of RELEASE_FACTS) {
      expect(
        GCC_CEILINGS.map((g) => g.attr),
        r.name,
      ).toContain(r.defaultGcc.value);
      expect(ATTRIBUTE_COLUMNS, r.name).toContain(r.attributes.value);
    }
  });
});
