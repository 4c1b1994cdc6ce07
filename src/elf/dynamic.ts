// What the program headers point at: PT_INTERP, PT_DYNAMIC with its strings and symbol versions, and
// PT_NOTE. Strings are read in bounded chunks and must end inside their table.
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
  VER_FLG_BASE,
  VER_FLG_WEAK,
} from "./constants.js";
import { fact } from "./fault.js";
import { ElfFault, type Fields, readStructs } from "./fields.js";
import { need, type Segment } from "./headers.js";
import { LIMITS } from "./limits.js";
import { parseNotes } from "./notes.js";
import type { BlockReader } from "./source.js";
import type { DlopenNote, ElfInfo, ElfPlace, ElfWarning, Flags1, VersionDef, VersionNeed } from "./types.js";
import { tag64, u64 } from "./u64.js";

const utf8 = new TextDecoder("utf-8");

/** A NUL-terminated string that must end before `limit` (an absolute file offset). */
function cString(reader: BlockReader, off: number, limit: number, place: ElfPlace): string {
  const max = Math.min(limit, reader.size, off + LIMITS.string);
  if (!(off < max)) throw new ElfFault("elf-string-out-of-range", { reason: "string-outside-table", place, offset: fact(off) });
  let pos = off;
  const parts: Uint8Array[] = [];
  while (pos < max) {
    const chunk = reader.read(pos, Math.min(4096, max - pos));
    if (chunk.length === 0) break;
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      parts.push(chunk.subarray(0, nul));
      return utf8.decode(concat(parts));
    }
    parts.push(chunk.slice());
    pos += chunk.length;
  }
  throw new ElfFault("elf-string-out-of-range", { reason: "string-unterminated", place, offset: fact(off) });
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

export function readInterp(reader: BlockReader, segment: Segment): string {
  if (segment.filesz === 0) throw new ElfFault("elf-bad-interp", { reason: "interp-empty" });
  if (segment.offset + segment.filesz > reader.size) {
    throw new ElfFault("elf-bad-interp", {
      reason: "past-end",
      place: { part: "PT_INTERP" },
      offset: fact(segment.offset),
      length: fact(segment.filesz),
      fileSize: reader.size,
    });
  }
  const len = Math.min(segment.filesz, LIMITS.interp);
  const b = need(reader, segment.offset, len, { part: "PT_INTERP" });
  const nul = b.indexOf(0);
  if (nul < 0) throw new ElfFault("elf-bad-interp", { reason: "interp-unterminated", length: len });
  return utf8.decode(b.subarray(0, nul));
}

/** Map a virtual address to a file offset through the PT_LOAD that contains it. */
function vaddrToOffset(loads: Segment[], addr: number): { offset: number; avail: number } | null {
  for (const l of loads) {
    if (addr >= l.vaddr && addr < l.vaddr + l.filesz) return { offset: l.offset + (addr - l.vaddr), avail: l.vaddr + l.filesz - addr };
  }
  return null;
}

export function readDynamic(
  reader: BlockReader,
  fields: Fields,
  seg: Segment,
  loads: Segment[],
  info: ElfInfo,
  warnings: ElfWarning[],
  wantVerdef: boolean,
): void {
  if (seg.offset >= reader.size) {
    throw new ElfFault("elf-bad-dynamic", { reason: "starts-past-end", place: { part: "PT_DYNAMIC" }, offset: fact(seg.offset), fileSize: reader.size });
  }
  const entSize = fields.is64 ? 16 : 8;
  const len = Math.min(seg.filesz, LIMITS.dynamicBytes, reader.size - seg.offset);
  const b = reader.read(seg.offset, len - (len % entSize));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const needed: number[] = [];
  const aux: number[] = [];
  const filter: number[] = [];
  const one = new Map<number, number>();
  let terminated = false;
  for (let o = 0; o + entSize <= b.length; o += entSize) {
    const tag = fields.is64 ? tag64(v, o, fields.little) : v.getInt32(o, fields.little);
    const val = fields.is64 ? u64(v, o + 8, fields.little) : v.getUint32(o + 4, fields.little);
    if (tag === DT_NULL) {
      terminated = true;
      break;
    }
    if (tag === DT_NEEDED) needed.push(val);
    else if (tag === DT_AUXILIARY) aux.push(val);
    else if (tag === DT_FILTER) filter.push(val);
    else if (one.has(tag)) {
      if (tag === DT_RPATH || tag === DT_RUNPATH || tag === DT_SONAME)
        warnings.push({ code: "repeated-dynamic-tag", tag: tag === DT_RPATH ? "DT_RPATH" : tag === DT_RUNPATH ? "DT_RUNPATH" : "DT_SONAME" });
    } else one.set(tag, val);
  }
  const unterminated = !terminated;

  const strtab = one.get(DT_STRTAB);
  const flags1 = one.get(DT_FLAGS_1);
  if (flags1 !== undefined) info.flags1 = decodeFlags1(flags1);
  const dtFlags = one.get(DT_FLAGS);
  if (dtFlags !== undefined) info.dtFlags = dtFlags;

  const stringCount = needed.length + aux.length + filter.length + 3;
  if (stringCount > LIMITS.dynamicStrings) throw new ElfFault("elf-bad-dynamic", { reason: "too-many-needed", count: needed.length });
  const anyString =
    needed.length + aux.length + filter.length > 0 ||
    one.has(DT_SONAME) ||
    one.has(DT_RPATH) ||
    one.has(DT_RUNPATH) ||
    one.has(DT_VERNEED) ||
    one.has(DT_VERDEF);
  if (anyString) {
    if (strtab === undefined) throw new ElfFault("elf-bad-dynamic", { reason: "no-strtab" });
    const m = vaddrToOffset(loads, strtab);
    if (!m) throw new ElfFault("elf-strtab-unmapped", { reason: "strtab-unmapped", address: fact(strtab) });
    const strsz = Math.min(one.get(DT_STRSZ) ?? m.avail, m.avail);
    const tableEnd = m.offset + strsz;
    const str = (off: number, place: ElfPlace): string => {
      if (off >= strsz) throw new ElfFault("elf-string-out-of-range", { reason: "string-past-strsz", place, offset: fact(off), strsz });
      return cString(reader, m.offset + off, tableEnd, place);
    };
    info.needed = needed.map((o, i) => str(o, { part: "DT_NEEDED", index: i + 1 }));
    info.auxiliary = aux.map((o, i) => str(o, { part: "DT_AUXILIARY", index: i + 1 }));
    info.filter = filter.map((o, i) => str(o, { part: "DT_FILTER", index: i + 1 }));
    const soname = one.get(DT_SONAME);
    if (soname !== undefined) info.soname = str(soname, { part: "DT_SONAME" });
    const rpath = one.get(DT_RPATH);
    if (rpath !== undefined) info.rpath = str(rpath, { part: "DT_RPATH" });
    const runpath = one.get(DT_RUNPATH);
    if (runpath !== undefined) info.runpath = str(runpath, { part: "DT_RUNPATH" });

    const verneed = one.get(DT_VERNEED);
    if (verneed !== undefined) {
      info.versionNeeds = readVerneed(reader, fields, loads, verneed, one.get(DT_VERNEEDNUM) ?? LIMITS.verneedFiles, str);
    }
    const verdef = one.get(DT_VERDEF);
    if (verdef !== undefined && wantVerdef) {
      info.versionDefs = readVerdef(reader, fields, loads, verdef, one.get(DT_VERDEFNUM) ?? LIMITS.verdefs, str);
    }
  }
  if (unterminated) throw new ElfFault("elf-bad-dynamic", { reason: "no-dt-null" });
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

type Str = (off: number, place: ElfPlace) => string;

function readVerneed(reader: BlockReader, fields: Fields, loads: Segment[], addr: number, count: number, str: Str): VersionNeed[] {
  const out: VersionNeed[] = [];
  let total = 0;
  const files = Math.min(count, LIMITS.verneedFiles);
  readStructs(reader, fields, loads, addr, files, 16, { part: "DT_VERNEED" }, (v, i) => {
    const cnt = v.u16(2);
    const file = str(v.u32(4), { part: "verneed-file", index: i + 1 });
    const entry: VersionNeed = { file, versions: [] };
    readStructs(reader, fields, loads, v.addr + v.u32(8), cnt, 16, { part: "vernaux-list", library: file }, (a, j) => {
      if (++total > LIMITS.versionsTotal) throw new ElfFault("elf-bad-version-info", { reason: "too-many-versions", limit: LIMITS.versionsTotal });
      entry.versions.push({ name: str(a.u32(8), { part: "vernaux", index: j + 1, library: file }), weak: (a.u16(4) & VER_FLG_WEAK) !== 0 });
      return a.u32(12);
    });
    out.push(entry);
    return v.u32(12);
  });
  return out;
}

function readVerdef(reader: BlockReader, fields: Fields, loads: Segment[], addr: number, count: number, str: Str): VersionDef[] {
  const out: VersionDef[] = [];
  readStructs(reader, fields, loads, addr, Math.min(count, LIMITS.verdefs), 20, { part: "DT_VERDEF" }, (v, i) => {
    const flags = v.u16(2);
    const cnt = v.u16(6);
    if (cnt > 0) {
      readStructs(reader, fields, loads, v.addr + v.u32(12), 1, 8, { part: "verdaux", index: i + 1 }, (a) => {
        out.push({ name: str(a.u32(0), { part: "verdef", index: i + 1 }), base: (flags & VER_FLG_BASE) !== 0, weak: (flags & VER_FLG_WEAK) !== 0 });
        return 0;
      });
    }
    return v.u32(16);
  });
  return out;
}

export function readNotes(reader: BlockReader, fields: Fields, notes: Segment[], warnings: ElfWarning[]): { dlopen: DlopenNote[]; os: ElfInfo["os"] } {
  const out: DlopenNote[] = [];
  let os: ElfInfo["os"] = null;
  let budget = LIMITS.notesTotal;
  for (const s of notes) {
    if (s.filesz === 0 || s.offset + s.filesz > reader.size) continue;
    const len = Math.min(s.filesz, LIMITS.noteBytes, budget);
    budget -= len;
    if (len <= 0) break;
    const facts = parseNotes(reader.read(s.offset, len), fields.little, warnings);
    out.push(...facts.dlopen);
    os ??= facts.os;
  }
  return { dlopen: out, os };
}
