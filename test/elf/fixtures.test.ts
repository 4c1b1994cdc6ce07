// Real fixtures built from source (fixtures/elf/build.sh): the reader's answers must match the recipe
// (needed lists, paths, kinds) and readelf (version needs, the file layout behind trailingPayload).
import { statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import type { ElfInfo, ElfParseResult } from "../../src/elf/types.js";
import { buildElfFixtures } from "../support/fixtures.js";
import { type ReadelfFacts, readelfBatch, readelfSections } from "../support/readelf.js";
import { countingSource, fileSource } from "../support/sources.js";

let dir = "";
beforeAll(async () => {
  dir = await buildElfFixtures();
});

function parse(name: string): ElfParseResult {
  const src = fileSource(join(dir, name));
  try {
    return parseElf(src);
  } finally {
    src.close();
  }
}
function info(name: string): ElfInfo {
  const r = parse(name);
  expect(r.errors).toEqual([]);
  return r.info!;
}
async function readelf(name: string): Promise<ReadelfFacts> {
  const [f] = await readelfBatch([join(dir, name)]);
  return f!;
}
const versionSets = (i: ElfInfo) => new Map(i.versionNeeds.map((v) => [v.file, new Set(v.versions.map((x) => x.name))]));

const GLIBC_INTERP = "/lib64/ld-linux-x86-64.so.2";
const x86 = { class: 64, endian: "little", machine: "x86_64", machineCode: 62 } as const;

type Expect = Partial<
  Pick<ElfInfo, "class" | "endian" | "machine" | "machineCode" | "kind" | "interpreter" | "needed" | "rpath" | "runpath" | "soname" | "libc" | "type">
>;
const cases: [string, Expect][] = [
  ["static", { ...x86, type: "EXEC", kind: "static-executable", interpreter: null, needed: [], libc: "none" }],
  ["static-pie", { ...x86, type: "DYN", kind: "static-pie", interpreter: null, needed: [], libc: "none" }],
  ["pie", { ...x86, type: "DYN", kind: "dynamic-executable", interpreter: GLIBC_INTERP, needed: ["libc.so.6"], rpath: null, runpath: null, libc: "glibc" }],
  ["nopie", { ...x86, type: "EXEC", kind: "dynamic-executable", interpreter: GLIBC_INTERP, needed: ["libc.so.6"], libc: "glibc" }],
  ["libfixture.so.1", { ...x86, kind: "shared-object", interpreter: null, soname: "libfixture.so.1", needed: ["libc.so.6"], libc: "glibc" }],
  ["rpath", { ...x86, kind: "dynamic-executable", needed: ["libfixture.so.1", "libc.so.6"], rpath: "$ORIGIN/../lib", runpath: null }],
  ["runpath", { ...x86, kind: "dynamic-executable", needed: ["libfixture.so.1", "libc.so.6"], rpath: null, runpath: "$ORIGIN/../lib:/opt/fixture/lib" }],
  ["nosections", { ...x86, type: "DYN", kind: "dynamic-executable", interpreter: GLIBC_INTERP, needed: ["libc.so.6"], libc: "glibc" }],
  ["trailing", { ...x86, type: "EXEC", kind: "dynamic-executable", interpreter: GLIBC_INTERP, needed: ["libc.so.6"] }],
  ["golike", { ...x86, type: "EXEC", kind: "dynamic-executable", interpreter: GLIBC_INTERP, needed: ["libc.so.6"] }],
  ["musl-needed", { ...x86, kind: "shared-object", interpreter: null, soname: "libusesmusl.so.1", needed: ["libc.musl-x86_64.so.1"], libc: "musl" }],
  ["musl-gcc", { ...x86, kind: "dynamic-executable", interpreter: "/lib/ld-musl-x86_64.so.1", needed: ["libc.so"], libc: "musl" }],
];
// Interpreters are glibc's canonical ones for each architecture, so the executables are glibc; the
// libraries need only the stub and are "none".
const foreign = [
  ["aarch64", 64, "little", "aarch64", 183, "/lib/ld-linux-aarch64.so.1"],
  ["ppc64", 64, "big", "ppc64", 21, "/lib64/ld64.so.1"],
  ["s390x", 64, "big", "s390x", 22, "/lib/ld64.so.1"],
  ["mips", 32, "big", "mips", 8, "/lib/ld.so.1"],
] as const;
for (const [arch, cls, endian, machine, machineCode, interp] of foreign) {
  const common = { class: cls, endian, machine, machineCode, needed: ["libfixturestub.so.1"] };
  cases.push([`libforeign-${arch}.so`, { ...common, type: "DYN", kind: "shared-object", interpreter: null, soname: `libforeign-${arch}.so.1`, libc: "none" }]);
  cases.push([`foreign-${arch}-exe`, { ...common, type: "EXEC", kind: "dynamic-executable", interpreter: interp, soname: null, libc: "glibc" }]);
}

describe("fixtures built from source", () => {
  it.each(cases)("%s", (name, want) => {
    const got = info(name);
    expect(got).toMatchObject(want);
    if (name !== "trailing") expect(got.trailingPayload).toBeNull();
  });

  it.each(["pie", "nopie", "rpath", "runpath", "libfixture.so.1", "musl-gcc", "libforeign-ppc64.so", "foreign-mips-exe"])(
    "%s: version needs equal readelf's",
    async (name) => {
      const got = info(name);
      expect(versionSets(got)).toEqual((await readelf(name)).versionNeeds);
    },
  );

  it("nosections: version needs read from DT_VERNEED equal readelf's for the original pie", async () => {
    const pie = await readelf("pie");
    expect(pie.versionNeeds.size).toBeGreaterThan(0);
    expect(versionSets(info("nosections"))).toEqual(pie.versionNeeds);
    const r = await readelf("nosections");
    expect(r.shoff).toBe(0);
    expect(r.shnum).toBe(0);
  });

  it("pie carries DF_1_PIE, nopie does not", () => {
    expect(info("pie").flags1?.pie).toBe(true);
    expect(info("nopie").flags1?.pie ?? false).toBe(false);
  });

  it("rpath/runpath: $ORIGIN is noticed", () => {
    expect(info("rpath").usesOrigin).toBe(true);
    expect(info("runpath").usesOrigin).toBe(true);
    expect(info("pie").usesOrigin).toBe(false);
  });

  it("trailing: payload starts where readelf says the file's structures end, and holds the 4096 appended bytes", async () => {
    const r = await readelf("trailing");
    const segEnd = Math.max(...r.segments.map((s) => s.offset + s.filesz));
    const shEnd = r.shoff! + r.shnum! * r.shentsize!;
    const end = Math.max(segEnd, shEnd);
    expect(statSync(join(dir, "trailing")).size - end).toBe(4096);
    expect(info("trailing").trailingPayload).toEqual({ offset: end, size: 4096 });
  });

  it("golike: the bytes past the segments and the section header table are the data of non-loaded sections, not a payload", async () => {
    const r = await readelf("golike");
    const segEnd = Math.max(...r.segments.map((s) => s.offset + s.filesz));
    const shEnd = r.shoff! + r.shnum! * r.shentsize!;
    const size = statSync(join(dir, "golike")).size;
    // Laid out as Go lays out esbuild: the table right after the segments, 8 KiB of .bigdata and the debug sections after it.
    expect(r.shoff).toBeGreaterThanOrEqual(segEnd);
    expect(size - Math.max(segEnd, shEnd)).toBeGreaterThan(8192);
    const sections = readelfSections(join(dir, "golike"));
    expect(sections.find((x) => x.name === ".bigdata")).toMatchObject({ type: "PROGBITS", size: 8192 });
    expect(sections.some((x) => x.name.startsWith(".debug_") && x.offset >= shEnd)).toBe(true);
    expect(Math.max(...sections.filter((x) => x.type !== "NOBITS").map((x) => x.offset + x.size))).toBe(size);
    expect(info("golike").trailingPayload).toBeNull();
  });

  it.each(["static", "static-pie"])("%s: a large file, answered from a small read", (name) => {
    const file = fileSource(join(dir, name));
    try {
      const src = countingSource(file);
      expect(parseElf(src).errors).toEqual([]);
      expect(src.size).toBeGreaterThan(256 * 1024);
      expect(src.bytesRead).toBeLessThanOrEqual(64 * 1024);
    } finally {
      file.close();
    }
  });
});
