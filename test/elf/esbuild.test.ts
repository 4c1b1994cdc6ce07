// esbuild's Linux binary (a static Go executable, from the devDependency esbuild's optional package
// @esbuild/linux-x64; never executed, never committed): Go's linker puts the section header table at
// offset 344 and the .shstrtab data after the last segment, so 2640 bytes follow the last segment.
// They are section data, not an appended payload (issue 13 (a)).
// Facts recorded for @esbuild/linux-x64 0.28.2 with readelf -lSW:
//   last PT_LOAD 0xa7b000 + 0x6a620 -> segments end at 11425312 (0xae5620)
//   section header table 344 + 13 x 64 -> ends at 1176
//   .shstrtab at 0xae6000, 0x70 bytes -> sections end at 11427952 (0xae6070) = the file size
import { existsSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIMITS, parseElf } from "../../src/elf/parse.js";
import { readelfBatch, readelfSections } from "../support/readelf.js";
import { fileSource } from "../support/sources.js";

const DIR = new URL("../../node_modules/@esbuild/linux-x64/", import.meta.url).pathname;
const BIN = `${DIR}bin/esbuild`;
const present = existsSync(BIN);
const version = present ? (JSON.parse(readFileSync(`${DIR}package.json`, "utf8")) as { version: string }).version : null;

describe.skipIf(!present)("esbuild's static Go binary (node_modules/@esbuild/linux-x64)", () => {
  it("is a static executable with no trailing payload", () => {
    const src = fileSource(BIN);
    try {
      const r = parseElf(src);
      expect(r.errors).toEqual([]);
      expect(r.info).toMatchObject({ kind: "static-executable", interpreter: null, needed: [], trailingPayload: null });
    } finally {
      src.close();
    }
  });

  it("readelf agrees: the bytes past the segments are section data", async () => {
    const [r] = await readelfBatch([BIN]);
    const segEnd = Math.max(...r!.segments.map((s) => s.offset + s.filesz));
    const tableEnd = r!.shoff! + r!.shnum! * r!.shentsize!;
    const sectionEnd = Math.max(
      ...readelfSections(BIN)
        .filter((s) => s.type !== "NOBITS")
        .map((s) => s.offset + s.size),
    );
    const size = statSync(BIN).size;
    expect(size - Math.max(segEnd, tableEnd)).toBeGreaterThanOrEqual(LIMITS.trailingPayloadMin);
    expect(sectionEnd).toBe(size);
    if (version === "0.28.2")
      expect({ segEnd, tableEnd, sectionEnd, size }).toEqual({ segEnd: 11425312, tableEnd: 1176, sectionEnd: 11427952, size: 11427952 });
  });
});
