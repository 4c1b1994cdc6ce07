// parseElf: ELF identification, program headers, PT_INTERP, PT_DYNAMIC, strings, versions and
// notes, read through positioned reads only. Total: never throws, bounds-checks every offset. The
// structures are read in headers.ts (the fixed-layout front) and dynamic.ts (what they point at).

import { classify, libcFlavour, targetOs, usesOrigin } from "./classify.js";
import { machineName, osAbiName, PN_XNUM, PT_DYNAMIC, PT_INTERP, PT_LOAD, PT_NOTE, typeName } from "./constants.js";
import { readDynamic, readInterp, readNotes } from "./dynamic.js";
import { fact } from "./fault.js";
import { ElfFault, type Fields } from "./fields.js";
import { identify, need, readHeader, readSegments, type Segment, sectionContentEnd, sectionHeaderInfo } from "./headers.js";
import { LIMITS } from "./limits.js";
import { BlockReader } from "./source.js";
import type { ByteSource, ElfError, ElfInfo, ElfParseResult, ElfWarning } from "./types.js";

export { LIMITS };

export interface ParseOptions {
  /** Bytes already read from offset 0 (the sniff), reused to save a read. */
  head?: Uint8Array;
  /** Parse DT_VERDEF (version definitions). Default true. */
  versionDefs?: boolean;
}

type HeaderFacts = Pick<ElfInfo, "class" | "endian" | "machine" | "machineCode" | "osAbi" | "osAbiCode" | "abiVersion" | "type" | "typeCode" | "flags">;

/**
 * The facts of a file whose ELF header was read and nothing else yet (the reader fills in the rest).
 * Written out field by field: built with an object spread, every ElfInfo got a shape that made the
 * whole scan ~25% slower (measured).
 */
export function headerOnlyInfo(header: HeaderFacts): ElfInfo {
  return {
    class: header.class,
    endian: header.endian,
    machine: header.machine,
    machineCode: header.machineCode,
    osAbi: header.osAbi,
    osAbiCode: header.osAbiCode,
    abiVersion: header.abiVersion,
    type: header.type,
    typeCode: header.typeCode,
    flags: header.flags,
    kind: "other",
    interpreter: null,
    hasDynamic: false,
    needed: [],
    rpath: null,
    runpath: null,
    soname: null,
    flags1: null,
    dtFlags: null,
    versionNeeds: [],
    versionDefs: [],
    auxiliary: [],
    filter: [],
    libc: "none",
    os: null,
    usesOrigin: false,
    trailingPayload: null,
    dlopen: [],
    loadSegments: 0,
  };
}

/** Parse one ELF file. Returns whatever could be read plus typed errors; never throws. */
export function parseElf(src: ByteSource, options: ParseOptions = {}): ElfParseResult {
  const errors: ElfError[] = [];
  const warnings: ElfWarning[] = [];
  const r = new BlockReader(src, options.head);
  const fail = (e: unknown): void => {
    if (e instanceof ElfFault) errors.push({ code: e.code, detail: e.detail });
    else errors.push({ code: "elf-read-failed", detail: { reason: "read-error", error: (e as Error)?.message ?? String(e) } });
  };

  let f: Fields;
  let hdr: ReturnType<typeof readHeader>;
  try {
    const ident = need(r, 0, 16, { part: "identification" });
    f = identify(ident);
    hdr = readHeader(r, f);
  } catch (e) {
    fail(e);
    return { info: null, errors, warnings };
  }

  const info = headerOnlyInfo({
    class: f.is64 ? 64 : 32,
    endian: f.little ? "little" : "big",
    machine: machineName(hdr.machine, f.is64 ? 64 : 32, f.little ? "little" : "big"),
    machineCode: hdr.machine,
    osAbi: osAbiName(f.osAbi),
    osAbiCode: f.osAbi,
    abiVersion: f.abiVersion,
    type: typeName(hdr.type),
    typeCode: hdr.type,
    flags: hdr.flags,
  });

  let segments: Segment[] = [];
  let shEnd = 0;
  let shCount = 0;
  try {
    const sh = sectionHeaderInfo(r, f, hdr);
    shEnd = sh.end;
    shCount = sh.count;
    if (sh.truncated) {
      errors.push({
        code: "elf-truncated",
        detail: { reason: "past-end", place: { part: "section-header-table" }, offset: fact(hdr.shoff), length: null, fileSize: r.size },
      });
    }
    const phnum = hdr.phnum === PN_XNUM ? sh.xnum : hdr.phnum;
    if (phnum === null) {
      throw new ElfFault("elf-bad-phdrs", { reason: "xnum-unreadable" });
    }
    segments = readSegments(r, f, hdr.phoff, hdr.phentsize, phnum);
  } catch (e) {
    fail(e);
  }

  const loads = segments.filter((s) => s.type === PT_LOAD);
  info.loadSegments = loads.length;
  // The end of what the headers describe: segments, sections with file content (non-alloc ones such as
  // .symtab, .debug_* or Go's .gopclntab may lie past every segment), and the section header table.
  let maxEnd = Math.max(f.is64 ? 64 : 52, hdr.phoff + hdr.phentsize * Math.min(hdr.phnum, segments.length), shEnd);
  for (const s of segments) maxEnd = Math.max(maxEnd, s.offset + s.filesz);
  // Sections are read only when the bytes past the segments and the table could be a payload: the
  // table usually ends the file, and then there is nothing to read.
  if (segments.length > 0 && shCount > 0 && r.size - maxEnd >= LIMITS.trailingPayloadMin) {
    try {
      maxEnd = Math.max(maxEnd, sectionContentEnd(r, f, hdr.shoff, shCount, warnings));
    } catch (e) {
      fail(e);
    }
  }
  const truncatedSeg = segments.find((s) => s.offset + s.filesz > r.size);
  if (truncatedSeg) {
    errors.push({
      code: "elf-truncated",
      detail: { reason: "past-end", place: { part: "segment" }, offset: fact(truncatedSeg.offset), length: fact(truncatedSeg.filesz), fileSize: r.size },
    });
  }
  if (segments.length > 0 && r.size - maxEnd >= LIMITS.trailingPayloadMin) info.trailingPayload = { offset: maxEnd, size: r.size - maxEnd };

  // Separate debug files keep the program headers but no segment contents: nothing to read.
  const dynSegs = segments.filter((s) => s.type === PT_DYNAMIC);
  const debuginfo = loads.length === 0 || dynSegs[0]?.filesz === 0 || loads.every((l) => l.filesz === 0);
  const interpSeg = debuginfo ? undefined : segments.find((s) => s.type === PT_INTERP);
  if (interpSeg) {
    try {
      info.interpreter = readInterp(r, interpSeg);
    } catch (e) {
      fail(e);
    }
  }

  if (dynSegs.length > 1) warnings.push({ code: "several-pt-dynamic", count: dynSegs.length });
  const dynSeg = dynSegs[0];
  if (dynSeg && !debuginfo) {
    info.hasDynamic = true;
    try {
      readDynamic(r, f, dynSeg, loads, info, warnings, options.versionDefs !== false);
    } catch (e) {
      fail(e);
    }
  }

  const notes = segments.filter((s) => s.type === PT_NOTE);
  let noteOs: ElfInfo["os"] = null;
  if (notes.length > 0) {
    try {
      const facts = readNotes(r, f, notes, warnings);
      info.dlopen = facts.dlopen;
      noteOs = facts.os;
    } catch (e) {
      fail(e);
    }
  }

  info.kind = classify(info, debuginfo);
  info.os = targetOs(info, noteOs);
  info.libc = libcFlavour(info);
  info.usesOrigin = usesOrigin(info);
  return { info, errors, warnings };
}
