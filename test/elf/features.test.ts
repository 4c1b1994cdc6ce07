// One positive test per reader feature, on synthetic files whose every byte the builder wrote.
import { describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse.js";
import { memorySource } from "../../src/elf/source.js";
import type { ElfInfo, ElfParseResult } from "../../src/elf/types.js";
import { type BuiltElf, buildElf, CLASSES, DF_1, type ElfSpec, ET, PT, patch, phdrField } from "../support/elf-builder.js";

function clean(spec: ElfSpec): ElfInfo {
  const r: ElfParseResult = parseElf(memorySource(buildElf(spec).bytes));
  expect(r.errors).toEqual([]);
  expect(r.info).not.toBeNull();
  return r.info!;
}

const needed = ["libz.so.1", "libc.so.6", "libm.so.6", "libpthread.so.0"];
const verneed = [
  { file: "libc.so.6", versions: [{ name: "GLIBC_2.2.5" }, { name: "GLIBC_2.34" }, { name: "GLIBC_PRIVATE", weak: true }] },
  { file: "libm.so.6", versions: [{ name: "GLIBC_2.29" }] },
];
const verdef = [{ name: "libx.so.3", flags: 1 }, { name: "X_1.0" }, { name: "X_2.0", parents: ["X_1.0"] }];

describe.each(CLASSES)("$class-bit $endian", (c) => {
  const spec: ElfSpec = {
    ...c,
    type: ET.DYN,
    interp: "/lib/ld-linux.so.2",
    sections: "full",
    dynamic: {
      needed,
      soname: "libx.so.3",
      rpath: "$ORIGIN/../lib:/opt/a",
      runpath: "${ORIGIN}/lib64::/usr/lib",
      flags1: DF_1.PIE | DF_1.NODEFLIB,
      verneed,
      verdef,
    },
  };
  const info = clean(spec);

  it("identification", () => {
    expect(info.class).toBe(c.class);
    expect(info.endian).toBe(c.endian);
    expect(info.typeCode).toBe(ET.DYN);
    expect(info.type).toBe("DYN");
    expect(info.loadSegments).toBe(1);
  });
  it("interpreter", () => expect(info.interpreter).toBe("/lib/ld-linux.so.2"));
  it("needed in DT_NEEDED order", () => expect(info.needed).toEqual(needed));
  it("rpath and runpath as raw strings", () => {
    expect(info.rpath).toBe("$ORIGIN/../lib:/opt/a");
    expect(info.runpath).toBe("${ORIGIN}/lib64::/usr/lib");
    expect(info.usesOrigin).toBe(true);
  });
  it("soname", () => expect(info.soname).toBe("libx.so.3"));
  it("flags1 PIE and NODEFLIB", () => {
    expect(info.flags1).toMatchObject({ raw: DF_1.PIE | DF_1.NODEFLIB, pie: true, nodeflib: true, now: false, origin: false, noopen: false });
    expect(info.kind).toBe("dynamic-executable");
  });
  it("version needs: file -> names, weak flag", () => {
    expect(info.versionNeeds).toEqual(verneed.map((v) => ({ file: v.file, versions: v.versions.map((x) => ({ name: x.name, weak: x.weak === true })) })));
  });
  it("version definitions", () => {
    expect(info.versionDefs).toEqual([
      { name: "libx.so.3", base: true, weak: false },
      { name: "X_1.0", base: false, weak: false },
      { name: "X_2.0", base: false, weak: false },
    ]);
  });
  it("no section headers: same answers", () => {
    const bare = clean({ ...spec, sections: "none" });
    expect(bare).toEqual({ ...info, trailingPayload: null });
  });
});

describe("trailing payload", () => {
  const payload = new Uint8Array(1234).fill(0xaa);
  it.each(["none", "full"] as const)("after the last segment / section table (sections: %s)", (sections) => {
    const b = buildElf({ sections, dynamic: { needed: ["liba.so"] }, trailing: payload });
    const r = parseElf(memorySource(b.bytes));
    expect(r.errors).toEqual([]);
    expect(r.info?.trailingPayload).toEqual({ offset: b.layout.end, size: payload.length });
  });
  it("absent when the file ends with the section header table", () => {
    expect(clean({ sections: "full" }).trailingPayload).toBeNull();
  });

  /** Point section `i` of a built file (sections: "full") at the bytes after the section header table. */
  function describeTrailing(b: BuiltElf, i: number, type: number, size: number): void {
    const l = b.layout;
    const q = l.shoff + i * (l.class === 64 ? 64 : 40);
    const w = l.class === 64 ? 8 : 4;
    patch(b.bytes, q + 4, 4, type, l.little);
    patch(b.bytes, q + (l.class === 64 ? 24 : 16), w, l.end, l.little);
    patch(b.bytes, q + (l.class === 64 ? 32 : 20), w, size, l.little);
  }

  // Go's linker (esbuild) and debug builds: non-loaded sections may follow the last segment and even the
  // section header table. Bytes a section describes are part of the file, whatever loads them.
  describe.each(CLASSES)("$class-bit $endian: sections past the table", (c) => {
    const build = () => buildElf({ ...c, sections: "full", dynamic: { needed: ["liba.so"] }, trailing: payload });
    it("a section holding the bytes past the table: no payload", () => {
      const b = build();
      describeTrailing(b, 1, 1 /* SHT_PROGBITS */, payload.length);
      const r = parseElf(memorySource(b.bytes));
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.info?.trailingPayload).toBeNull();
    });
    it("a section covering only the first part: the rest is the payload", () => {
      const b = build();
      describeTrailing(b, 1, 1, 500);
      expect(parseElf(memorySource(b.bytes)).info?.trailingPayload).toEqual({ offset: b.layout.end + 500, size: payload.length - 500 });
    });
    it("SHT_NOBITS (.bss) has no bytes in the file: still a payload", () => {
      const b = build();
      describeTrailing(b, 1, 8 /* SHT_NOBITS */, payload.length);
      expect(parseElf(memorySource(b.bytes)).info?.trailingPayload).toEqual({ offset: b.layout.end, size: payload.length });
    });
    it("a section said to end past the end of the file describes nothing: still a payload, with a warning", () => {
      const b = build();
      describeTrailing(b, 1, 1, payload.length + 1);
      const r = parseElf(memorySource(b.bytes));
      expect(r.errors).toEqual([]);
      expect(r.info?.trailingPayload).toEqual({ offset: b.layout.end, size: payload.length });
      expect(r.warnings).toEqual([{ code: "sections-past-end", count: 1, fileSize: expect.any(Number) }]);
    });
  });
});

describe("kind", () => {
  it("static-executable: ET_EXEC, no PT_INTERP, no PT_DYNAMIC", () => {
    expect(clean({ type: ET.EXEC, dynamic: null }).kind).toBe("static-executable");
  });
  it("static-pie: ET_DYN, no PT_INTERP, DF_1_PIE, no DT_NEEDED", () => {
    expect(clean({ type: ET.DYN, dynamic: { flags1: DF_1.PIE } }).kind).toBe("static-pie");
  });
  it("dynamic-executable: ET_EXEC with PT_INTERP", () => {
    expect(clean({ type: ET.EXEC, interp: "/lib/ld.so", dynamic: { needed: ["libc.so.6"] } }).kind).toBe("dynamic-executable");
  });
  it("dynamic-executable: PIE (ET_DYN, DF_1_PIE) with PT_INTERP", () => {
    expect(clean({ type: ET.DYN, interp: "/lib/ld.so", dynamic: { needed: ["libc.so.6"], flags1: DF_1.PIE } }).kind).toBe("dynamic-executable");
  });
  it("shared-object: ET_DYN, no PT_INTERP, not PIE", () => {
    expect(clean({ type: ET.DYN, dynamic: { needed: ["libc.so.6"], soname: "liba.so.1" } }).kind).toBe("shared-object");
  });
  it("relocatable and core", () => {
    expect(clean({ type: ET.REL, dynamic: null }).kind).toBe("relocatable");
    expect(clean({ type: ET.CORE, dynamic: null }).kind).toBe("core");
  });
  it("debuginfo: PT_DYNAMIC with p_filesz 0", () => {
    const b = buildElf({ type: ET.DYN, dynamic: { needed: ["libc.so.6"] } });
    const f = phdrField(b.layout, 1, "filesz");
    patch(b.bytes, f.off, f.width, 0, true);
    const r = parseElf(memorySource(b.bytes));
    expect(r.info?.kind).toBe("debuginfo");
    expect(r.info?.needed).toEqual([]);
  });
  it("debuginfo: no PT_LOAD", () => {
    const info = clean({ type: ET.DYN, dynamic: null, editPhdrs: (ps) => ps.map((p) => (p.type === PT.LOAD ? { ...p, type: 0x6474e551 } : p)) });
    expect(info.kind).toBe("debuginfo");
    expect(info.loadSegments).toBe(0);
  });
});

describe("machine names", () => {
  it.each([
    [62, 64, "little", "x86_64"],
    [3, 32, "little", "i386"],
    [183, 64, "little", "aarch64"],
    [40, 32, "little", "arm"],
    [243, 64, "little", "riscv64"],
    [243, 32, "little", "riscv32"],
    [21, 64, "big", "ppc64"],
    [21, 64, "little", "ppc64le"],
    [20, 32, "big", "ppc"],
    [22, 64, "big", "s390x"],
    [22, 32, "big", "s390"],
    [8, 32, "big", "mips"],
    [2, 32, "big", "sparc"],
    [0x1234, 64, "little", "unknown(4660)"],
    [0xffff, 32, "big", "unknown(65535)"],
  ] as const)("e_machine %i, %i-bit %s -> %s", (machine, cls, endian, name) => {
    const info = clean({ machine, class: cls, endian, dynamic: { needed: ["libc.so.6"] } });
    expect(info.machine).toBe(name);
    expect(info.machineCode).toBe(machine);
    expect(info.needed).toEqual(["libc.so.6"]);
  });
});

describe("header odds and ends", () => {
  it("OS/ABI and ABI version are reported as numbers", () => {
    const info = clean({ ident: { osAbi: 3, abiVersion: 1 } });
    expect(info.osAbiCode).toBe(3);
    expect(info.abiVersion).toBe(1);
  });
  it("e_phnum 0: header only, no segments, no errors", () => {
    const info = clean({ type: ET.REL, dynamic: null, header: { phnum: 0, phoff: 0 } });
    expect(info.loadSegments).toBe(0);
  });
  it("DF_1_ORIGIN alone sets usesOrigin", () => {
    expect(clean({ dynamic: { flags1: DF_1.ORIGIN } }).usesOrigin).toBe(true);
    expect(clean({ dynamic: { flags1: DF_1.NOW } }).usesOrigin).toBe(false);
  });
});

describe("notes", () => {
  it("FDO .note.dlopen in a PT_NOTE segment", () => {
    const json = '[{"feature":"tls","description":"TLS support","priority":"suggested","soname":["libssl.so.3","libssl.so.1.1"]}]\0';
    const info = clean({
      notes: [
        { name: "GNU", type: 3, desc: new Uint8Array(20) },
        { name: "FDO", type: 0x407c0c0a, desc: new TextEncoder().encode(json) },
      ],
    });
    expect(info.dlopen).toEqual([{ feature: "tls", description: "TLS support", priority: "suggested", sonames: ["libssl.so.3", "libssl.so.1.1"] }]);
  });
});
