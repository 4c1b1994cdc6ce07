// parseElf: ELF identification, program headers, PT_INTERP, PT_DYNAMIC, strings, versions and
// notes, read through positioned reads only. Total: never throws, bounds-checks every offset.

import { classify, libcFlavour, targetOs, usesOrigin } from "./classify.js";
import {
  DF_1_NODEFLIB,
  DF_1_NOOPEN,
  DF_1_NOW,
  DF_1_ORIGIN,
  DF_1_PIE,
  DT_AUXILIARY,
  DT_FILTER,
  DT_FLAGS,
  DT_FLAGS_1,
  DT_NEEDED,
  DT_NULL,
  DT_RPATH,
  DT_RUNPATH,
  DT_SONAME,
  DT_STRSZ,
  DT_STRTAB,
  DT_VERDEF,
  DT_VERDEFNUM,
  DT_VERNEED,
  DT_VERNEEDNUM,
  machineName,
  osAbiName,
  PN_XNUM,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  typeName,
  VER_FLG_BASE,
  VER_FLG_WEAK,
} from "./constants.js";
import { ElfFault, type Fields, readStructs } from "./fields.js";
import { parseNotes } from "./notes.js";
import { BlockReader } from "./source.js";
import type { ByteSource, DlopenNote, ElfError, ElfInfo, ElfParseResult, Flags1, VersionDef, VersionNeed } from "./types.js";
import { tag64, u64 } from "./words.js";

/** Caps that keep work and memory bounded whatever the file claims. */
export const LIMITS = {
  interp: 4096,
  phdrTableBytes: 1 << 20,
  dynamicBytes: 1 << 20,
  string: 1 << 16,
  verneedFiles: 1024,
  versionsTotal: 8192,
  verdefs: 8192,
  noteBytes: 1 << 16,
  notesTotal: 1 << 18,
  dynamicStrings: 4096,
  /** Section headers read to find where the file's described content ends (more are ignored, with a warning). */
  sectionHeaders: 1 << 16,
  /** Bytes of the section header table read at a time. */
  sectionChunkBytes: 1 << 16,
  /** Fewer bytes past the described content are alignment slack (patchelf leaves some), not a payload. */
  trailingPayloadMin: 256,
} as const;

export interface ParseOptions {
  /** Bytes already read from offset 0 (the sniff), reused to save a read. */
  head?: Uint8Array;
  /** Parse DT_VERDEF (version definitions). Default true. */
  versionDefs?: boolean;
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

type HeaderFacts = Pick<ElfInfo, "class" | "endian" | "machine" | "machineCode" | "osAbi" | "osAbiCode" | "abiVersion" | "type" | "typeCode" | "flags">;

/**
 * The facts of a file whose ELF header was read and nothing else yet (the reader fills in the rest).
 * Written out field by field: built with an object spread, every ElfInfo got a shape that made the
 * whole scan ~25% slower (measured).
 */
export function headerOnlyInfo(h: HeaderFacts): ElfInfo {
  return {
    class: h.class,
    endian: h.endian,
    machine: h.machine,
    machineCode: h.machineCode,
    osAbi: h.osAbi,
    osAbiCode: h.osAbiCode,
    abiVersion: h.abiVersion,
    type: h.type,
    typeCode: h.typeCode,
    flags: h.flags,
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
  const warnings: string[] = [];
  const r = new BlockReader(src, options.head);
  const fail = (e: unknown): void => {
    if (e instanceof ElfFault) errors.push({ code: e.code, message: e.message });
    else errors.push({ code: "elf-read-failed", message: `read failed: ${(e as Error)?.message ?? String(e)}` });
  };

  let f: Fields;
  let hdr: ReturnType<typeof readHeader>;
  try {
    const ident = need(r, 0, 16, "the identification bytes");
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
        message: `the section header table (offset ${hdr.shoff}) runs past the end of the file (${r.size} bytes): the file was cut short`,
      });
    }
    const phnum = hdr.phnum === PN_XNUM ? sh.xnum : hdr.phnum;
    if (phnum === null) {
      throw new ElfFault("elf-bad-phdrs", "e_phnum is PN_XNUM (0xffff) but section header 0, which holds the real count, cannot be read");
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
      message: `segment at file offset ${truncatedSeg.offset} (${truncatedSeg.filesz} bytes) extends past the end of the file (${r.size} bytes)`,
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

  if (dynSegs.length > 1) warnings.push(`${dynSegs.length} PT_DYNAMIC segments; the first is used`);
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

/** Read exactly `len` bytes at `off` or fail with a clear reason. */
function need(r: BlockReader, off: number, len: number, what: string): Uint8Array {
  if (!Number.isSafeInteger(off) || off < 0 || off + len > r.size) {
    throw new ElfFault("elf-truncated", `${what} (offset ${off}, ${len} bytes) lies past the end of the file (${r.size} bytes)`);
  }
  const b = r.read(off, len);
  if (b.length < len) {
    throw new ElfFault("elf-file-changed", `${what}: only ${b.length} of ${len} bytes could be read at offset ${off}; the file shrank while it was scanned`);
  }
  return b;
}

function identify(ident: Uint8Array): Fields {
  if (ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) {
    throw new ElfFault("elf-bad-ident", "no ELF magic (7f 45 4c 46)");
  }
  const cls = ident[4];
  const data = ident[5];
  if (cls !== 1 && cls !== 2) throw new ElfFault("elf-bad-ident", `EI_CLASS is ${cls}; expected 1 (32-bit) or 2 (64-bit)`);
  if (data !== 1 && data !== 2) throw new ElfFault("elf-bad-ident", `EI_DATA is ${data}; expected 1 (little endian) or 2 (big endian)`);
  if (ident[6] !== 1) throw new ElfFault("elf-bad-ident", `EI_VERSION is ${ident[6]}; expected 1`);
  return { is64: cls === 2, little: data === 1, osAbi: ident[7] ?? 0, abiVersion: ident[8] ?? 0 };
}

function readHeader(r: BlockReader, f: Fields) {
  const size = f.is64 ? 64 : 52;
  const b = need(r, 0, size, "the ELF header");
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => v.getUint16(o, f.little);
  const u32 = (o: number) => v.getUint32(o, f.little);
  const addr = (o: number) => (f.is64 ? u64(v, o, f.little) : u32(o));
  const type = u16(16);
  const machine = u16(18);
  const version = u32(20);
  if (version !== 1) throw new ElfFault("elf-bad-header", `e_version is ${version}; expected 1`);
  const phoff = addr(f.is64 ? 32 : 28);
  const shoff = addr(f.is64 ? 40 : 32);
  const o = f.is64 ? 48 : 36;
  const flags = u32(o);
  const phentsize = u16(o + 6);
  const phnum = u16(o + 8);
  const shentsize = u16(o + 10);
  const shnum = u16(o + 12);
  return { type, machine, phoff, shoff, flags, phentsize, phnum, shentsize, shnum };
}

/**
 * End of the section-header table, the PN_XNUM count from section 0 when needed, and whether the
 * table runs past the end of the file (the reader needs no section headers, but such a file was cut).
 */
function sectionHeaderInfo(
  r: BlockReader,
  f: Fields,
  hdr: ReturnType<typeof readHeader>,
): { end: number; count: number; xnum: number | null; truncated: boolean } {
  const shentExpected = f.is64 ? 64 : 40;
  if (hdr.shoff === 0 || hdr.shentsize !== shentExpected) return { end: 0, count: 0, xnum: null, truncated: false };
  if (hdr.shoff + shentExpected > r.size) return { end: 0, count: 0, xnum: null, truncated: true };
  let shnum = hdr.shnum;
  let xnum: number | null = null;
  if (shnum === 0 || hdr.phnum === PN_XNUM) {
    const s0 = need(r, hdr.shoff, shentExpected, "section header 0");
    const v = new DataView(s0.buffer, s0.byteOffset, s0.byteLength);
    if (shnum === 0) shnum = f.is64 ? u64(v, 32, f.little) : v.getUint32(20, f.little);
    if (hdr.phnum === PN_XNUM) xnum = v.getUint32(f.is64 ? 44 : 28, f.little);
  }
  const end = hdr.shoff + shnum * shentExpected;
  const fits = Number.isFinite(end) && end <= r.size;
  return { end: fits ? end : 0, count: fits ? shnum : 0, xnum, truncated: !fits };
}

const SHT_NULL = 0;
const SHT_NOBITS = 8;

/**
 * The end of the last section with bytes in the file (not SHT_NULL or SHT_NOBITS). The table (known to
 * fit in the file) is read in bounded chunks, at most LIMITS.sectionHeaders entries; a section said to
 * end past the end of the file describes nothing there and is skipped.
 */
function sectionContentEnd(r: BlockReader, f: Fields, shoff: number, count: number, warnings: string[]): number {
  const ent = f.is64 ? 64 : 40;
  const n = Math.min(count, LIMITS.sectionHeaders);
  if (count > n) warnings.push(`${count} section headers: only the first ${n} were read to find where the file's content ends`);
  const perChunk = Math.max(1, Math.floor(LIMITS.sectionChunkBytes / ent));
  let end = 0;
  let pastEof = 0;
  for (let first = 0; first < n; first += perChunk) {
    const k = Math.min(perChunk, n - first);
    const b = need(r, shoff + first * ent, k * ent, "the section header table");
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < k; i++) {
      const o = i * ent;
      const type = v.getUint32(o + 4, f.little);
      if (type === SHT_NULL || type === SHT_NOBITS) continue;
      const offset = f.is64 ? u64(v, o + 24, f.little) : v.getUint32(o + 16, f.little);
      const size = f.is64 ? u64(v, o + 32, f.little) : v.getUint32(o + 20, f.little);
      if (size === 0) continue;
      const e = offset + size;
      if (!(e <= r.size)) pastEof++;
      else if (e > end) end = e;
    }
  }
  if (pastEof > 0) warnings.push(`${pastEof} section${pastEof === 1 ? "" : "s"} said to end past the end of the file (${r.size} bytes); ignored`);
  return end;
}

function readSegments(r: BlockReader, f: Fields, phoff: number, phentsize: number, phnum: number): Segment[] {
  if (phnum === 0) return [];
  const want = f.is64 ? 56 : 32;
  if (phentsize !== want) throw new ElfFault("elf-bad-phdrs", `e_phentsize is ${phentsize}; a ${f.is64 ? 64 : 32}-bit file needs ${want}`);
  const bytes = phnum * phentsize;
  if (bytes > LIMITS.phdrTableBytes) throw new ElfFault("elf-bad-phdrs", `e_phnum is ${phnum}: a ${bytes}-byte program header table is beyond any real file`);
  if (phoff + bytes > r.size) {
    throw new ElfFault("elf-bad-phdrs", `program header table (offset ${phoff}, ${phnum} entries) lies past the end of the file (${r.size} bytes)`);
  }
  const t = need(r, phoff, bytes, "the program header table");
  const v = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const out: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * want;
    const type = v.getUint32(o, f.little);
    if (f.is64) {
      out.push({
        type,
        offset: u64(v, o + 8, f.little),
        vaddr: u64(v, o + 16, f.little),
        filesz: u64(v, o + 32, f.little),
      });
    } else {
      out.push({ type, offset: v.getUint32(o + 4, f.little), vaddr: v.getUint32(o + 8, f.little), filesz: v.getUint32(o + 16, f.little) });
    }
  }
  return out;
}

const utf8 = new TextDecoder("utf-8");

/** A NUL-terminated string that must end before `limit` (an absolute file offset). */
function cString(r: BlockReader, off: number, limit: number, what: string): string {
  const max = Math.min(limit, r.size, off + LIMITS.string);
  if (!(off < max)) throw new ElfFault("elf-string-out-of-range", `${what} starts at offset ${off}, outside its table`);
  let pos = off;
  const parts: Uint8Array[] = [];
  while (pos < max) {
    const chunk = r.read(pos, Math.min(4096, max - pos));
    if (chunk.length === 0) break;
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      parts.push(chunk.subarray(0, nul));
      return utf8.decode(concat(parts));
    }
    parts.push(chunk.slice());
    pos += chunk.length;
  }
  throw new ElfFault("elf-string-out-of-range", `${what} at offset ${off} is not NUL-terminated within its table`);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function readInterp(r: BlockReader, s: Segment): string {
  if (s.filesz === 0) throw new ElfFault("elf-bad-interp", "PT_INTERP is empty");
  if (s.offset + s.filesz > r.size) throw new ElfFault("elf-bad-interp", `PT_INTERP (offset ${s.offset}, ${s.filesz} bytes) lies past the end of the file`);
  const len = Math.min(s.filesz, LIMITS.interp);
  const b = need(r, s.offset, len, "PT_INTERP");
  const nul = b.indexOf(0);
  if (nul < 0) throw new ElfFault("elf-bad-interp", `PT_INTERP is not NUL-terminated within ${len} bytes`);
  return utf8.decode(b.subarray(0, nul));
}

/** Map a virtual address to a file offset through the PT_LOAD that contains it. */
function vaddrToOffset(loads: Segment[], addr: number): { offset: number; avail: number } | null {
  for (const l of loads) {
    if (addr >= l.vaddr && addr < l.vaddr + l.filesz) return { offset: l.offset + (addr - l.vaddr), avail: l.vaddr + l.filesz - addr };
  }
  return null;
}

function readDynamic(r: BlockReader, f: Fields, seg: Segment, loads: Segment[], info: ElfInfo, warnings: string[], wantVerdef: boolean): void {
  if (seg.offset >= r.size) throw new ElfFault("elf-bad-dynamic", `PT_DYNAMIC starts at offset ${seg.offset}, past the end of the file (${r.size} bytes)`);
  const entSize = f.is64 ? 16 : 8;
  const len = Math.min(seg.filesz, LIMITS.dynamicBytes, r.size - seg.offset);
  const b = r.read(seg.offset, len - (len % entSize));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const needed: number[] = [];
  const aux: number[] = [];
  const filter: number[] = [];
  const one = new Map<number, number>();
  let terminated = false;
  for (let o = 0; o + entSize <= b.length; o += entSize) {
    const tag = f.is64 ? tag64(v, o, f.little) : v.getInt32(o, f.little);
    const val = f.is64 ? u64(v, o + 8, f.little) : v.getUint32(o + 4, f.little);
    if (tag === DT_NULL) {
      terminated = true;
      break;
    }
    if (tag === DT_NEEDED) needed.push(val);
    else if (tag === DT_AUXILIARY) aux.push(val);
    else if (tag === DT_FILTER) filter.push(val);
    else if (one.has(tag)) {
      if (tag === DT_RPATH || tag === DT_RUNPATH || tag === DT_SONAME)
        warnings.push(`more than one ${tag === DT_RPATH ? "DT_RPATH" : tag === DT_RUNPATH ? "DT_RUNPATH" : "DT_SONAME"}; the first is used`);
    } else one.set(tag, val);
  }
  const unterminated = !terminated;

  const strtab = one.get(DT_STRTAB);
  const flags1 = one.get(DT_FLAGS_1);
  if (flags1 !== undefined) info.flags1 = decodeFlags1(flags1);
  const dtFlags = one.get(DT_FLAGS);
  if (dtFlags !== undefined) info.dtFlags = dtFlags;

  const stringCount = needed.length + aux.length + filter.length + 3;
  if (stringCount > LIMITS.dynamicStrings) throw new ElfFault("elf-bad-dynamic", `${needed.length} DT_NEEDED entries: more than any real object has`);
  const anyString =
    needed.length + aux.length + filter.length > 0 ||
    one.has(DT_SONAME) ||
    one.has(DT_RPATH) ||
    one.has(DT_RUNPATH) ||
    one.has(DT_VERNEED) ||
    one.has(DT_VERDEF);
  if (anyString) {
    if (strtab === undefined) throw new ElfFault("elf-bad-dynamic", "the dynamic section names strings but has no DT_STRTAB");
    const m = vaddrToOffset(loads, strtab);
    if (!m) throw new ElfFault("elf-strtab-unmapped", `DT_STRTAB address 0x${strtab.toString(16)} is outside every PT_LOAD segment`);
    const strsz = Math.min(one.get(DT_STRSZ) ?? m.avail, m.avail);
    const tableEnd = m.offset + strsz;
    const str = (off: number, what: string): string => {
      if (off >= strsz) throw new ElfFault("elf-string-out-of-range", `${what}: string offset ${off} is past the end of the string table (DT_STRSZ ${strsz})`);
      return cString(r, m.offset + off, tableEnd, what);
    };
    info.needed = needed.map((o, i) => str(o, `DT_NEEDED #${i + 1}`));
    info.auxiliary = aux.map((o) => str(o, "DT_AUXILIARY"));
    info.filter = filter.map((o) => str(o, "DT_FILTER"));
    const soname = one.get(DT_SONAME);
    if (soname !== undefined) info.soname = str(soname, "DT_SONAME");
    const rpath = one.get(DT_RPATH);
    if (rpath !== undefined) info.rpath = str(rpath, "DT_RPATH");
    const runpath = one.get(DT_RUNPATH);
    if (runpath !== undefined) info.runpath = str(runpath, "DT_RUNPATH");

    const verneed = one.get(DT_VERNEED);
    if (verneed !== undefined) {
      info.versionNeeds = readVerneed(r, f, loads, verneed, one.get(DT_VERNEEDNUM) ?? LIMITS.verneedFiles, str);
    }
    const verdef = one.get(DT_VERDEF);
    if (verdef !== undefined && wantVerdef) {
      info.versionDefs = readVerdef(r, f, loads, verdef, one.get(DT_VERDEFNUM) ?? LIMITS.verdefs, str);
    }
  }
  if (unterminated) throw new ElfFault("elf-bad-dynamic", "the dynamic section has no DT_NULL terminator within PT_DYNAMIC");
}

function decodeFlags1(raw: number): Flags1 {
  return {
    raw,
    pie: (raw & DF_1_PIE) !== 0,
    nodeflib: (raw & DF_1_NODEFLIB) !== 0,
    noopen: (raw & DF_1_NOOPEN) !== 0,
    now: (raw & DF_1_NOW) !== 0,
    origin: (raw & DF_1_ORIGIN) !== 0,
  };
}

type Str = (off: number, what: string) => string;

function readVerneed(r: BlockReader, f: Fields, loads: Segment[], addr: number, count: number, str: Str): VersionNeed[] {
  const out: VersionNeed[] = [];
  let total = 0;
  const files = Math.min(count, LIMITS.verneedFiles);
  readStructs(r, f, loads, addr, files, 16, "DT_VERNEED", (v, i) => {
    const cnt = v.u16(2);
    const file = str(v.u32(4), `version need #${i + 1} file name`);
    const entry: VersionNeed = { file, versions: [] };
    readStructs(r, f, loads, v.addr + v.u32(8), cnt, 16, `version need "${file}" entries`, (a, j) => {
      if (++total > LIMITS.versionsTotal) throw new ElfFault("elf-bad-version-info", `more than ${LIMITS.versionsTotal} version needs`);
      entry.versions.push({ name: str(a.u32(8), `version need "${file}" #${j + 1}`), weak: (a.u16(4) & VER_FLG_WEAK) !== 0 });
      return a.u32(12);
    });
    out.push(entry);
    return v.u32(12);
  });
  return out;
}

function readVerdef(r: BlockReader, f: Fields, loads: Segment[], addr: number, count: number, str: Str): VersionDef[] {
  const out: VersionDef[] = [];
  readStructs(r, f, loads, addr, Math.min(count, LIMITS.verdefs), 20, "DT_VERDEF", (v, i) => {
    const flags = v.u16(2);
    const cnt = v.u16(6);
    if (cnt > 0) {
      readStructs(r, f, loads, v.addr + v.u32(12), 1, 8, `version definition #${i + 1}`, (a) => {
        out.push({ name: str(a.u32(0), `version definition #${i + 1}`), base: (flags & VER_FLG_BASE) !== 0, weak: (flags & VER_FLG_WEAK) !== 0 });
        return 0;
      });
    }
    return v.u32(16);
  });
  return out;
}

function readNotes(r: BlockReader, f: Fields, notes: Segment[], warnings: string[]): { dlopen: DlopenNote[]; os: ElfInfo["os"] } {
  const out: DlopenNote[] = [];
  let os: ElfInfo["os"] = null;
  let budget = LIMITS.notesTotal;
  for (const s of notes) {
    if (s.filesz === 0 || s.offset + s.filesz > r.size) continue;
    const len = Math.min(s.filesz, LIMITS.noteBytes, budget);
    budget -= len;
    if (len <= 0) break;
    const facts = parseNotes(r.read(s.offset, len), f.little, warnings);
    out.push(...facts.dlopen);
    os ??= facts.os;
  }
  return { dlopen: out, os };
}
