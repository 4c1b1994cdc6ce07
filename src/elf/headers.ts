// The fixed-layout structures at the front of an ELF file: identification, header, section-header
// table (only to find where the described content ends) and program headers. Each read is bounded
// and checked; a fault is an ElfFault with its facts.
import { PN_XNUM } from "./constants.js";
import { fact } from "./fault.js";
import { ElfFault, type Fields } from "./fields.js";
import { LIMITS } from "./limits.js";
import type { BlockReader } from "./source.js";
import type { ElfPlace, ElfWarning } from "./types.js";
import { u64 } from "./u64.js";

/** A program header: the fields the reader uses. */
export interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

/** Read exactly `len` bytes at `off` or fail with a clear reason. */
export function need(reader: BlockReader, off: number, len: number, place: ElfPlace): Uint8Array {
  if (!Number.isSafeInteger(off) || off < 0 || off + len > reader.size) {
    throw new ElfFault("elf-truncated", { reason: "past-end", place, offset: fact(off), length: fact(len), fileSize: reader.size });
  }
  const b = reader.read(off, len);
  if (b.length < len) {
    throw new ElfFault("elf-file-changed", { reason: "short-read", place, offset: off, wanted: len, got: b.length, fileSize: reader.size });
  }
  return b;
}

export function identify(ident: Uint8Array): Fields {
  if (ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) {
    throw new ElfFault("elf-bad-ident", { reason: "no-magic" });
  }
  const cls = ident[4];
  const data = ident[5];
  if (cls !== 1 && cls !== 2) throw new ElfFault("elf-bad-ident", { reason: "bad-ident-field", field: "EI_CLASS", value: cls ?? 0 });
  if (data !== 1 && data !== 2) throw new ElfFault("elf-bad-ident", { reason: "bad-ident-field", field: "EI_DATA", value: data ?? 0 });
  if (ident[6] !== 1) throw new ElfFault("elf-bad-ident", { reason: "bad-ident-field", field: "EI_VERSION", value: ident[6] ?? 0 });
  return { is64: cls === 2, little: data === 1, osAbi: ident[7] ?? 0, abiVersion: ident[8] ?? 0 };
}

export function readHeader(reader: BlockReader, fields: Fields) {
  const size = fields.is64 ? 64 : 52;
  const b = need(reader, 0, size, { part: "header" });
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => v.getUint16(o, fields.little);
  const u32 = (o: number) => v.getUint32(o, fields.little);
  const addr = (o: number) => (fields.is64 ? u64(v, o, fields.little) : u32(o));
  const type = u16(16);
  const machine = u16(18);
  const version = u32(20);
  if (version !== 1) throw new ElfFault("elf-bad-header", { reason: "bad-e-version", value: version });
  const phoff = addr(fields.is64 ? 32 : 28);
  const shoff = addr(fields.is64 ? 40 : 32);
  const o = fields.is64 ? 48 : 36;
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
export function sectionHeaderInfo(
  reader: BlockReader,
  fields: Fields,
  hdr: ReturnType<typeof readHeader>,
): { end: number; count: number; xnum: number | null; truncated: boolean } {
  const shentExpected = fields.is64 ? 64 : 40;
  if (hdr.shoff === 0 || hdr.shentsize !== shentExpected) return { end: 0, count: 0, xnum: null, truncated: false };
  if (hdr.shoff + shentExpected > reader.size) return { end: 0, count: 0, xnum: null, truncated: true };
  let shnum = hdr.shnum;
  let xnum: number | null = null;
  if (shnum === 0 || hdr.phnum === PN_XNUM) {
    const s0 = need(reader, hdr.shoff, shentExpected, { part: "section-header-0" });
    const v = new DataView(s0.buffer, s0.byteOffset, s0.byteLength);
    if (shnum === 0) shnum = fields.is64 ? u64(v, 32, fields.little) : v.getUint32(20, fields.little);
    if (hdr.phnum === PN_XNUM) xnum = v.getUint32(fields.is64 ? 44 : 28, fields.little);
  }
  const end = hdr.shoff + shnum * shentExpected;
  const fits = Number.isFinite(end) && end <= reader.size;
  return { end: fits ? end : 0, count: fits ? shnum : 0, xnum, truncated: !fits };
}

const SHT_NULL = 0;
const SHT_NOBITS = 8;

/**
 * The end of the last section with bytes in the file (not SHT_NULL or SHT_NOBITS). The table (known to
 * fit in the file) is read in bounded chunks, at most LIMITS.sectionHeaders entries; a section said to
 * end past the end of the file describes nothing there and is skipped.
 */
export function sectionContentEnd(reader: BlockReader, fields: Fields, shoff: number, count: number, warnings: ElfWarning[]): number {
  const ent = fields.is64 ? 64 : 40;
  const n = Math.min(count, LIMITS.sectionHeaders);
  if (count > n) warnings.push({ code: "section-headers-capped", count, read: n });
  const perChunk = Math.max(1, Math.floor(LIMITS.sectionChunkBytes / ent));
  let end = 0;
  let pastEof = 0;
  for (let first = 0; first < n; first += perChunk) {
    const k = Math.min(perChunk, n - first);
    const b = need(reader, shoff + first * ent, k * ent, { part: "section-header-table" });
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < k; i++) {
      const o = i * ent;
      const type = v.getUint32(o + 4, fields.little);
      if (type === SHT_NULL || type === SHT_NOBITS) continue;
      const offset = fields.is64 ? u64(v, o + 24, fields.little) : v.getUint32(o + 16, fields.little);
      const size = fields.is64 ? u64(v, o + 32, fields.little) : v.getUint32(o + 20, fields.little);
      if (size === 0) continue;
      const e = offset + size;
      if (!(e <= reader.size)) pastEof++;
      else if (e > end) end = e;
    }
  }
  if (pastEof > 0) warnings.push({ code: "sections-past-end", count: pastEof, fileSize: reader.size });
  return end;
}

export function readSegments(reader: BlockReader, fields: Fields, phoff: number, phentsize: number, phnum: number): Segment[] {
  if (phnum === 0) return [];
  const want = fields.is64 ? 56 : 32;
  if (phentsize !== want) throw new ElfFault("elf-bad-phdrs", { reason: "bad-phentsize", value: phentsize, expected: want, bits: fields.is64 ? 64 : 32 });
  const bytes = phnum * phentsize;
  if (bytes > LIMITS.phdrTableBytes) throw new ElfFault("elf-bad-phdrs", { reason: "phdr-table-too-large", count: phnum, bytes });
  if (phoff + bytes > reader.size) {
    throw new ElfFault("elf-bad-phdrs", { reason: "phdr-table-past-end", offset: fact(phoff), count: phnum, fileSize: reader.size });
  }
  const t = need(reader, phoff, bytes, { part: "program-header-table" });
  const v = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const out: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * want;
    const type = v.getUint32(o, fields.little);
    if (fields.is64) {
      out.push({
        type,
        offset: u64(v, o + 8, fields.little),
        vaddr: u64(v, o + 16, fields.little),
        filesz: u64(v, o + 32, fields.little),
      });
    } else {
      out.push({ type, offset: v.getUint32(o + 4, fields.little), vaddr: v.getUint32(o + 8, fields.little), filesz: v.getUint32(o + 16, fields.little) });
    }
  }
  return out;
}
