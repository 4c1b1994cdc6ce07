// Hostile inputs: every case must return (no throw, no hang) with stable error codes.
import { describe, expect, it } from "vitest";
import { LIMITS, parseElf } from "../../src/elf/parse.js";
import { memorySource } from "../../src/elf/source.js";
import type { ByteSource, ElfParseResult } from "../../src/elf/types.js";
import { elfErrorText } from "../../src/render/words/index.js";
import { type BuiltElf, buildElf, CLASSES, DT, dynValueOffset, type ElfSpec, ET, headerField, patch, phdrField } from "../support/elf-builder.js";
import { codes, countingSource, failingSource, shrunkSource } from "../support/sources.js";

const TWO53 = 2n ** 53n;

/** Parse, asserting it neither throws nor takes long. */
function run(input: Uint8Array | ByteSource): ElfParseResult {
  const src = input instanceof Uint8Array ? memorySource(input) : input;
  const t0 = performance.now();
  let r: ElfParseResult | undefined;
  expect(() => (r = parseElf(src))).not.toThrow();
  expect(performance.now() - t0).toBeLessThan(1000);
  return r!;
}

/** A dynamically linked executable with every structure the reader walks. */
const rich = (over: ElfSpec = {}): BuiltElf =>
  buildElf({
    type: ET.EXEC,
    interp: "/lib64/ld-linux-x86-64.so.2",
    sections: "full",
    dynamic: {
      needed: ["libfoo.so.1", "libc.so.6"],
      runpath: "$ORIGIN/../lib",
      verneed: [{ file: "libc.so.6", versions: [{ name: "GLIBC_2.2.5" }, { name: "GLIBC_2.34" }] }],
    },
    ...over,
  });

/** [1,2,3,7] -> "1-3,7" */
function ranges(ns: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    out.push(i === j ? `${ns[i]}` : `${ns[i]}-${ns[j]}`);
    i = j + 1;
  }
  return out.join(",");
}

describe("truncation", () => {
  const b = rich();
  const l = b.layout;
  const cut = (n: number) => run(b.bytes.subarray(0, n));

  it("the untruncated file parses cleanly (baseline for the cuts below)", () => {
    const r = cut(b.bytes.length);
    expect(r.errors).toEqual([]);
    expect(r.info?.needed).toEqual(["libfoo.so.1", "libc.so.6"]);
  });

  it.each([4, 8, 15])("inside e_ident (%i bytes): no info, elf-truncated", (n) => {
    const r = cut(n);
    expect(r.info).toBeNull();
    expect(codes(r)).toEqual(["elf-truncated"]);
  });

  it.each([0, 1, 3])("before the magic is complete (%i bytes): no info, one error", (n) => {
    const r = cut(n);
    expect(r.info).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(["elf-truncated", "elf-bad-ident"]).toContain(r.errors[0]!.code);
  });

  it.each([16, 40, 63])("inside the ELF header (%i bytes): no info, elf-truncated", (n) => {
    const r = cut(n);
    expect(r.info).toBeNull();
    expect(codes(r)).toEqual(["elf-truncated"]);
  });

  it.each([
    ["at the start of the program headers", l.phoff],
    ["inside the program headers", l.phoff + l.phentsize + 3],
  ])("%s: header info, elf-bad-phdrs (and the section header table is gone too)", (_what, n) => {
    const r = cut(n);
    expect(r.info?.machine).toBe("x86_64");
    expect(r.info?.needed).toEqual([]);
    expect(codes(r)).toEqual(["elf-bad-phdrs", "elf-truncated"]);
  });

  it("inside PT_INTERP: elf-truncated first, then elf-bad-interp", () => {
    const r = cut(l.interpOffset + 5);
    expect(r.errors[0]?.code).toBe("elf-truncated");
    expect(codes(r)).toContain("elf-bad-interp");
    expect(r.info?.interpreter).toBeNull();
  });

  it.each([
    ["inside dynstr", l.dynstrOffset + 4],
    ["inside verneed", l.verneedOffset + 20],
    ["at the start of PT_DYNAMIC", l.dynamicOffset],
    ["inside PT_DYNAMIC", l.dynamicOffset + l.dynEntSize + 3],
    ["one byte short of the end of the load segment", l.loadEnd - 1],
  ])("%s: elf-truncated first, then elf-bad-dynamic", (_what, n) => {
    const r = cut(n);
    expect(r.info).not.toBeNull();
    expect(r.errors[0]?.code).toBe("elf-truncated");
    expect(codes(r)).toEqual(["elf-bad-dynamic", "elf-truncated"]);
  });

  it.each([
    ["at the end of the load segment (section headers gone)", l.loadEnd],
    ["inside the section header table", l.shoff + 70],
    ["one byte short of the end", b.bytes.length - 1],
  ])("%s: segments intact, still elf-truncated", (_what, n) => {
    const r = cut(n);
    expect(r.info?.needed).toEqual(["libfoo.so.1", "libc.so.6"]);
    expect(codes(r)).toEqual(["elf-truncated"]);
  });

  it("every proper prefix of the file reports at least one error", () => {
    const silent: number[] = [];
    for (let n = 0; n < b.bytes.length; n++) if (cut(n).errors.length === 0) silent.push(n);
    expect(ranges(silent), `prefix lengths with no error (file is ${b.bytes.length} bytes)`).toEqual("");
  });
});

describe("program header table", () => {
  it("e_phoff past the end of the file: elf-bad-phdrs", () => {
    const b = rich();
    const f = headerField(b.layout, "phoff");
    patch(b.bytes, f.off, f.width, b.bytes.length + 8, true);
    const r = run(b.bytes);
    expect(codes(r)).toEqual(["elf-bad-phdrs"]);
    expect(r.info?.loadSegments).toBe(0);
  });

  it("e_phnum 0xfffe with e_phentsize 56 in a 200-byte file: elf-bad-phdrs, small reads", () => {
    const bytes = buildElf({ dynamic: null, header: { phnum: 0xfffe }, trailing: new Uint8Array(200) }).bytes.slice(0, 200);
    expect(bytes.length).toBe(200);
    const src = countingSource(memorySource(bytes));
    const r = run(src);
    expect(codes(r)).toEqual(["elf-bad-phdrs"]);
    expect(src.largest).toBeLessThan(1 << 20);
  });

  it("PN_XNUM with the real count in section 0's sh_info: parses", () => {
    const b = rich({ sections: "null", header: { phnum: 0xffff } });
    const r0 = run(rich({ sections: "null" }).bytes);
    patch(b.bytes, b.layout.shoff + (b.layout.class === 64 ? 44 : 28), 4, b.layout.phnum, true);
    const r = run(b.bytes);
    expect(r.errors).toEqual([]);
    expect(r.info?.needed).toEqual(["libfoo.so.1", "libc.so.6"]);
    expect(r.info?.loadSegments).toBe(r0.info?.loadSegments);
  });

  it("PN_XNUM without any section header: elf-bad-phdrs", () => {
    const r = run(rich({ sections: "none", header: { phnum: 0xffff } }).bytes);
    expect(codes(r)).toEqual(["elf-bad-phdrs"]);
  });

  it("PN_XNUM whose section 0 lies past the end of the file: elf-bad-phdrs", () => {
    const b = rich({ sections: "null", header: { phnum: 0xffff }, section0Info: 4 });
    const r = run(b.bytes.subarray(0, b.layout.shoff + 8));
    expect(codes(r)).toContain("elf-bad-phdrs");
  });

  it("PN_XNUM with a huge sh_info: elf-bad-phdrs", () => {
    const r = run(rich({ sections: "null", header: { phnum: 0xffff }, section0Info: 0xffffffff }).bytes);
    expect(codes(r)).toEqual(["elf-bad-phdrs"]);
  });

  it.each([0, 32, 55, 57, 64, 0xffff])("e_phentsize %i in a 64-bit file: elf-bad-phdrs", (n) => {
    const r = run(rich({ header: { phentsize: n } }).bytes);
    expect(codes(r)).toEqual(["elf-bad-phdrs"]);
  });

  it.each([
    ["PT_LOAD", 1],
    ["PT_INTERP", 0],
  ])("%s p_filesz of 2^40: no huge read, elf-truncated", (_what, idx) => {
    const b = rich();
    const f = phdrField(b.layout, idx, "filesz");
    patch(b.bytes, f.off, f.width, 2n ** 40n, true);
    const src = countingSource(memorySource(b.bytes));
    const r = run(src);
    expect(r.errors[0]?.code).toBe("elf-truncated");
    expect(src.bytesRead).toBeLessThan(1 << 20);
  });
});

describe("section header table (read only to find where the described content ends)", () => {
  const payload = new Uint8Array(4096).fill(0xee);

  it("2^31 section headers (e_shnum 0, the count in section 0's sh_size) in a file that claims to hold them: a capped, chunked read", () => {
    const b = buildElf({ sections: "null", dynamic: { needed: ["liba.so"] } });
    const l = b.layout;
    patch(b.bytes, headerField(l, "shnum").off, 2, 0, true);
    patch(b.bytes, l.shoff + 32, 8, 2n ** 31n, true);
    // The table and 4096 bytes after it, served as zeros (SHT_NULL entries) without ever existing.
    const size = l.shoff + 2 ** 31 * 64 + payload.length;
    const virtual: ByteSource = {
      size,
      read(offset, length) {
        const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        if (offset < b.bytes.length) out.set(b.bytes.subarray(offset, Math.min(b.bytes.length, offset + out.length)));
        return out;
      },
    };
    const src = countingSource(virtual);
    const r = run(src);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ code: "section-headers-capped", count: 2 ** 31, read: LIMITS.sectionHeaders }]);
    expect(r.info?.trailingPayload).toEqual({ offset: size - payload.length, size: payload.length });
    expect(src.bytesRead).toBeLessThanOrEqual(LIMITS.sectionHeaders * 64 + (1 << 18));
    expect(src.largest).toBeLessThanOrEqual(LIMITS.sectionChunkBytes + 4096); // the block cache starts reads on a 4 KiB boundary
  });

  it.each([
    ["sh_size 2^64-1", 2n ** 64n - 1n, 0n],
    ["sh_offset + sh_size above 2^53", TWO53, 16n],
  ])("%s: describes nothing in the file, the payload stays", (_what, size, offset) => {
    const b = buildElf({ sections: "full", dynamic: { needed: ["liba.so"] }, trailing: payload });
    const q = b.layout.shoff + 64;
    patch(b.bytes, q + 4, 4, 1, true);
    patch(b.bytes, q + 24, 8, offset, true);
    patch(b.bytes, q + 32, 8, size, true);
    const r = run(b.bytes);
    expect(r.errors).toEqual([]);
    expect(r.info?.trailingPayload).toEqual({ offset: b.layout.end, size: payload.length });
  });
});

describe("64-bit values above 2^53", () => {
  const big = TWO53 + 16n;
  it("e_phoff: elf-bad-phdrs", () => {
    expect(codes(run(rich({ header: { phoff: big } }).bytes))).toEqual(["elf-bad-phdrs"]);
  });
  it("e_shoff: ignored for parsing (section headers are not needed)", () => {
    const r = run(rich({ header: { shoff: 2n ** 63n } }).bytes);
    expect(r.info?.needed).toEqual(["libfoo.so.1", "libc.so.6"]);
    for (const c of codes(r)) expect(["elf-truncated", "elf-bad-header"]).toContain(c);
  });
  it("PT_DYNAMIC p_offset: elf-bad-dynamic", () => {
    const b = rich();
    const f = phdrField(b.layout, 2, "offset");
    patch(b.bytes, f.off, f.width, big, true);
    expect(codes(run(b.bytes))).toContain("elf-bad-dynamic");
  });
  it("PT_LOAD p_vaddr: DT_STRTAB becomes unmapped", () => {
    const b = rich();
    const f = phdrField(b.layout, 1, "vaddr");
    patch(b.bytes, f.off, f.width, big, true);
    expect(codes(run(b.bytes))).toEqual(["elf-strtab-unmapped"]);
  });
  it("DT_STRTAB: elf-strtab-unmapped", () => {
    const b = rich();
    patch(b.bytes, dynValueOffset(b, DT.STRTAB), 8, big, true);
    expect(codes(run(b.bytes))).toEqual(["elf-strtab-unmapped"]);
  });
  it("DT_NEEDED string offset: elf-string-out-of-range", () => {
    const b = rich();
    patch(b.bytes, dynValueOffset(b, DT.NEEDED), 8, big, true);
    expect(codes(run(b.bytes))).toEqual(["elf-string-out-of-range"]);
  });
});

describe("dynamic section and strings", () => {
  it("PT_DYNAMIC without DT_NULL: elf-bad-dynamic, what was read is kept", () => {
    const r = run(rich({ dynamic: { needed: ["liba.so"], omitNull: true } }).bytes);
    expect(codes(r)).toEqual(["elf-bad-dynamic"]);
    expect(r.info?.needed).toEqual(["liba.so"]);
  });

  it("PT_DYNAMIC starting past the end of the file: elf-bad-dynamic", () => {
    const b = rich();
    const f = phdrField(b.layout, 2, "offset");
    patch(b.bytes, f.off, f.width, b.bytes.length + 64, true);
    const r = run(b.bytes);
    expect(codes(r)).toEqual(["elf-bad-dynamic", "elf-truncated"]);
    expect(r.info?.needed).toEqual([]);
  });

  it("DT_STRTAB outside every PT_LOAD: elf-strtab-unmapped", () => {
    const b = rich();
    patch(b.bytes, dynValueOffset(b, DT.STRTAB), 8, 0x7000_0000, true);
    expect(codes(run(b.bytes))).toEqual(["elf-strtab-unmapped"]);
  });

  it("DT_NEEDED without any DT_STRTAB: elf-bad-dynamic", () => {
    const r = run(buildElf({ dynamic: { entries: [{ tag: DT.NEEDED, value: { str: "liba.so" } }] } }).bytes);
    expect(codes(r)).toEqual(["elf-bad-dynamic"]);
  });

  it("DT_NEEDED offset equal to DT_STRSZ: elf-string-out-of-range", () => {
    const b = rich();
    patch(b.bytes, dynValueOffset(b, DT.NEEDED), 8, b.layout.dynstrSize, true);
    expect(codes(run(b.bytes))).toEqual(["elf-string-out-of-range"]);
  });

  it("DT_NEEDED offset far beyond DT_STRSZ: elf-string-out-of-range", () => {
    const b = rich();
    patch(b.bytes, dynValueOffset(b, DT.NEEDED), 8, 0xffff_fff0, true);
    expect(codes(run(b.bytes))).toEqual(["elf-string-out-of-range"]);
  });

  it("a string not NUL-terminated within DT_STRSZ: elf-string-out-of-range", () => {
    const b = buildElf({ dynamic: { needed: ["liba.so", "libb.so.2"] } });
    patch(b.bytes, dynValueOffset(b, DT.STRSZ), 8, b.layout.strOffset("libb.so.2") + 4, true);
    const r = run(b.bytes);
    expect(codes(r)).toEqual(["elf-string-out-of-range"]);
  });

  it("DT_STRSZ larger than the segment: strings still read, bounded by the segment", () => {
    const b = buildElf({ dynamic: { needed: ["liba.so"] } });
    patch(b.bytes, dynValueOffset(b, DT.STRSZ), 8, 2n ** 62n, true);
    const r = run(b.bytes);
    expect(r.info?.needed).toEqual(["liba.so"]);
  });

  it("5000 DT_NEEDED entries: returns, output bounded by the entries present", () => {
    const needed = Array.from({ length: 5000 }, (_, i) => `lib${i}.so`);
    const r = run(buildElf({ dynamic: { needed } }).bytes);
    expect(r.info!.needed.length).toBeLessThanOrEqual(5000);
    if (r.info!.needed.length > 0) expect(r.info!.needed.slice(0, 3)).toEqual(["lib0.so", "lib1.so", "lib2.so"]);
  });
});

describe("symbol versioning", () => {
  const need = [
    { file: "liba.so.1", versions: [{ name: "A_1" }, { name: "A_2" }] },
    { file: "libb.so.1", versions: [{ name: "B_1" }] },
  ];
  const vnNext = (l: BuiltElf["layout"], i: number) => l.verneedOffset + [0, 48][i]! + 12;

  it.each(CLASSES)("vn_next pointing back to the first record ($class-bit $endian): bounded, elf-bad-version-info", (c) => {
    const b = buildElf({ ...c, dynamic: { needed: ["liba.so.1", "libb.so.1"], verneed: need } });
    patch(b.bytes, vnNext(b.layout, 1), 4, -48, c.endian === "little");
    patch(b.bytes, dynValueOffset(b, DT.VERNEEDNUM), c.class === 64 ? 8 : 4, 0xffffffff, c.endian === "little");
    const r = run(b.bytes);
    expect(codes(r)).toEqual(["elf-bad-version-info"]);
    expect(r.info!.versionNeeds.length).toBeLessThanOrEqual(2);
  });

  it("vna_next pointing back: bounded, elf-bad-version-info", () => {
    const b = buildElf({ class: 32, dynamic: { needed: ["liba.so.1"], verneed: need.slice(0, 1) } });
    patch(b.bytes, b.layout.verneedOffset + 32 + 12, 4, -16, true);
    patch(b.bytes, b.layout.verneedOffset + 2, 2, 0xffff, true);
    const r = run(b.bytes);
    expect(codes(r)).toEqual(["elf-bad-version-info"]);
    expect(r.info!.versionNeeds.flatMap((v) => v.versions).length).toBeLessThanOrEqual(2);
  });

  it("DT_VERNEEDNUM 0xffffffff with a chain that ends: reads the chain, no error", () => {
    const b = buildElf({ dynamic: { needed: ["liba.so.1", "libb.so.1"], verneed: need } });
    patch(b.bytes, dynValueOffset(b, DT.VERNEEDNUM), 8, 0xffffffff, true);
    const r = run(b.bytes);
    expect(r.errors).toEqual([]);
    expect(r.info!.versionNeeds.map((v) => v.file)).toEqual(["liba.so.1", "libb.so.1"]);
  });

  it("vn_cnt 0xffff with a link that runs out of the segment: elf-bad-version-info", () => {
    const b = buildElf({ dynamic: { needed: ["liba.so.1"], verneed: need.slice(0, 1) } });
    patch(b.bytes, b.layout.verneedOffset + 2, 2, 0xffff, true);
    patch(b.bytes, b.layout.verneedOffset + 32 + 12, 4, 0x1000_0000, true);
    expect(codes(run(b.bytes))).toEqual(["elf-bad-version-info"]);
  });

  it("vna_name outside DT_STRSZ: elf-string-out-of-range", () => {
    const b = buildElf({ dynamic: { needed: ["liba.so.1"], verneed: need.slice(0, 1) } });
    patch(b.bytes, b.layout.verneedOffset + 16 + 8, 4, 0xfffff, true);
    expect(codes(run(b.bytes))).toEqual(["elf-string-out-of-range"]);
  });

  it("vd_next pointing back: bounded, elf-bad-version-info", () => {
    const defs = [{ name: "libx.so", flags: 1 }, { name: "X_1" }];
    const b = buildElf({ dynamic: { soname: "libx.so", verdef: defs } });
    patch(b.bytes, b.layout.verdefOffset + 28 + 16, 4, -28, true);
    patch(b.bytes, dynValueOffset(b, DT.VERDEFNUM), 8, 0xffffffff, true);
    const r = run(b.bytes);
    expect(codes(r)).toEqual(["elf-bad-version-info"]);
    expect(r.info!.versionDefs.length).toBeLessThanOrEqual(2);
  });

  it("DT_VERNEED outside every PT_LOAD: elf-bad-version-info", () => {
    const b = buildElf({ dynamic: { needed: ["liba.so.1"], verneed: need.slice(0, 1) } });
    patch(b.bytes, dynValueOffset(b, DT.VERNEED), 8, 0x7000_0000, true);
    expect(codes(run(b.bytes))).toEqual(["elf-bad-version-info"]);
  });
});

describe("identification and header", () => {
  it.each([
    ["bad magic", { magic: [0x7f, 0x45, 0x4c, 0x47] }],
    ["EI_CLASS 0", { class: 0 }],
    ["EI_CLASS 3", { class: 3 }],
    ["EI_DATA 0", { data: 0 }],
    ["EI_DATA 3", { data: 3 }],
    ["EI_VERSION 0", { version: 0 }],
    ["EI_VERSION 2", { version: 2 }],
  ])("%s: no info, elf-bad-ident", (_what, ident) => {
    const r = run(rich({ ident }).bytes);
    expect(r.info).toBeNull();
    expect(codes(r)).toEqual(["elf-bad-ident"]);
  });

  it("e_version 0: elf-bad-header", () => {
    expect(codes(run(rich({ header: { version: 0 } }).bytes))).toEqual(["elf-bad-header"]);
  });
});

describe("sources that misbehave", () => {
  const b = rich();
  const l = b.layout;
  it.each([
    ["the program headers", l.phoff + 10],
    ["PT_INTERP", l.interpOffset + 3],
    ["dynstr", l.dynstrOffset + 3],
    ["verneed", l.verneedOffset + 3],
    ["PT_DYNAMIC", l.dynamicOffset + 3],
  ])("the file shrank inside %s after open: elf-file-changed or elf-truncated only", (_what, n) => {
    const r = run(shrunkSource(b.bytes.slice(0, n), b.bytes.length));
    expect(r.errors.length).toBeGreaterThan(0);
    expect(
      codes(r).filter((c) => c !== "elf-file-changed" && c !== "elf-truncated"),
      JSON.stringify(r.errors),
    ).toEqual([]);
  });

  it("the file shrank inside the ELF header: no info, elf-file-changed or elf-truncated", () => {
    const r = run(shrunkSource(b.bytes.slice(0, 30), b.bytes.length));
    expect(r.info).toBeNull();
    expect(["elf-file-changed", "elf-truncated"]).toContain(r.errors[0]?.code);
  });

  it.each([0, 64, l.dynamicOffset])("a read that throws past byte %i: elf-read-failed, no throw", (ok) => {
    const r = run(failingSource(b.bytes, ok));
    expect(codes(r)).toContain("elf-read-failed");
  });
});

describe("errors are codes with the facts the reader saw (the words come from src/render/words/)", () => {
  const b = rich();
  it("no magic, a bad EI_CLASS, a bad e_version", () => {
    const noMagic = b.bytes.slice();
    noMagic[0] = 0;
    expect(run(noMagic).errors).toEqual([{ code: "elf-bad-ident", detail: { reason: "no-magic" } }]);
    const badClass = b.bytes.slice();
    badClass[4] = 7;
    expect(run(badClass).errors).toEqual([{ code: "elf-bad-ident", detail: { reason: "bad-ident-field", field: "EI_CLASS", value: 7 } }]);
    expect(elfErrorText(run(badClass).errors[0]!.detail)).toBe("EI_CLASS is 7; expected 1 (32-bit) or 2 (64-bit)");
  });

  it("a file that shrank after open names what was being read and how many bytes came back", () => {
    const r = run(shrunkSource(b.bytes.slice(0, 30), b.bytes.length));
    const d = r.errors[0]!.detail;
    expect(d).toMatchObject({ reason: "short-read", got: 30, fileSize: b.bytes.length });
    expect(elfErrorText(d)).toMatch(/^only 30 of \d+ bytes could be read at offset 0 of a \d+-byte file; it shrank while it was scanned \(scan again\)$/);
  });

  it("a read the system refuses keeps the system's message", () => {
    const r = run(failingSource(b.bytes, 0));
    expect(r.errors).toEqual([{ code: "elf-read-failed", detail: { reason: "read-error", error: "EIO at 0" } }]);
    expect(elfErrorText(r.errors[0]!.detail)).toBe("read failed: EIO at 0");
  });

  it("a DT_NEEDED string offset past DT_STRSZ names the entry; an address beyond 2^53 is null, said as such", () => {
    const far = rich();
    patch(far.bytes, dynValueOffset(far, DT.NEEDED), 8, 0xfffff, true);
    const d = run(far.bytes).errors[0]!.detail;
    expect(d).toMatchObject({ reason: "string-past-strsz", place: { part: "DT_NEEDED", index: 1 }, offset: 0xfffff });
    expect(elfErrorText(d)).toMatch(/^DT_NEEDED #1: string offset 1048575 is past the end of the string table \(DT_STRSZ \d+\)$/);
    const strtab = rich();
    patch(strtab.bytes, dynValueOffset(strtab, DT.STRTAB), 8, TWO53 + 16n, true);
    const e = run(strtab.bytes).errors[0]!;
    expect(e).toEqual({ code: "elf-strtab-unmapped", detail: { reason: "strtab-unmapped", address: null } });
    expect(elfErrorText(e.detail)).toBe("DT_STRTAB address beyond 2^53 is outside every PT_LOAD segment");
  });
});
