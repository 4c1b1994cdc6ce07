// Builds small synthetic ELF files (32/64-bit, little/big endian) for reader tests.
// Layout: [ehdr][phdrs][interp][notes][dynstr][verneed][verdef][dynamic] = one PT_LOAD from offset 0,
// then (optionally) [.shstrtab][section headers], then trailing bytes. vaddr = base + offset.

export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4 } as const;
/** Every ELF class and byte order the builder writes, for tests run once per combination. */
export const CLASSES = [
  { class: 64, endian: "little" },
  { class: 32, endian: "little" },
  { class: 64, endian: "big" },
  { class: 32, endian: "big" },
] as const;
export const PT = { LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4 } as const;
export const DT = {
  NULL: 0,
  NEEDED: 1,
  STRTAB: 5,
  STRSZ: 10,
  SONAME: 14,
  RPATH: 15,
  RUNPATH: 29,
  FLAGS: 30,
  FLAGS_1: 0x6ffffffb,
  VERDEF: 0x6ffffffc,
  VERDEFNUM: 0x6ffffffd,
  VERNEED: 0x6ffffffe,
  VERNEEDNUM: 0x6fffffff,
} as const;
export const DF_1 = { NOW: 0x1, ORIGIN: 0x80, NODEFLIB: 0x800, PIE: 0x08000000 } as const;

export type Num = number | bigint;
/** A dynamic-entry value: a number, the dynstr offset of a string, or an address/size the builder knows. */
export type DynValue = Num | { str: string } | { addr: "dynstr" | "verneed" | "verdef" } | { size: "dynstr" };
export interface DynEntry {
  tag: Num;
  value: DynValue;
}

export interface Phdr {
  type: number;
  flags: number;
  offset: Num;
  vaddr: Num;
  filesz: Num;
  memsz: Num;
  align: Num;
}
export interface VerneedSpec {
  file: string;
  versions: { name: string; weak?: boolean; other?: number }[];
}
export interface VerdefSpec {
  name: string;
  flags?: number;
  parents?: string[];
}
export interface NoteSpec {
  name: string;
  type: number;
  desc: Uint8Array;
}

export interface ElfSpec {
  class?: 32 | 64;
  endian?: "little" | "big";
  /** Raw e_ident bytes to overwrite after layout (class/data here change only the bytes, not the encoding). */
  ident?: Partial<{ magic: number[]; class: number; data: number; version: number; osAbi: number; abiVersion: number }>;
  type?: number;
  machine?: number;
  /** Header fields written last, over the computed ones. */
  header?: Partial<Record<"version" | "entry" | "phoff" | "shoff" | "flags" | "ehsize" | "phentsize" | "phnum" | "shentsize" | "shnum" | "shstrndx", Num>>;
  base?: number;
  interp?: string;
  /** null: no PT_DYNAMIC. Default: a dynamic section with DT_STRTAB/DT_STRSZ and the fields given. */
  dynamic?: DynamicSpec | null;
  notes?: NoteSpec[];
  /** "none": no section headers; "null": only section 0; "full": null, .interp, .dynstr, .gnu.version_r/_d, .dynamic, .shstrtab. */
  sections?: "none" | "null" | "full";
  /** sh_info of section 0 (the PN_XNUM real program header count). */
  section0Info?: number;
  /** Edit the program header list after it is computed (add, drop, patch). */
  editPhdrs?: (phdrs: Phdr[], layout: Layout) => Phdr[];
  trailing?: Uint8Array;
}

export interface DynamicSpec {
  needed?: string[];
  soname?: string;
  rpath?: string;
  runpath?: string;
  flags?: number;
  flags1?: number;
  verneed?: VerneedSpec[];
  verdef?: VerdefSpec[];
  /** Appended after the generated entries, before DT_NULL. */
  extra?: DynEntry[];
  /** Replace the generated entries entirely (DT_NULL is still appended unless omitNull). */
  entries?: DynEntry[];
  omitNull?: boolean;
  /** Extra strings to place in dynstr (e.g. for raw entries). */
  strings?: string[];
}

export interface Layout {
  class: 32 | 64;
  little: boolean;
  base: number;
  ehsize: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  interpOffset: number;
  dynstrOffset: number;
  dynstrSize: number;
  verneedOffset: number;
  verdefOffset: number;
  dynamicOffset: number;
  dynamicSize: number;
  dynEntSize: number;
  loadEnd: number;
  shoff: number;
  shnum: number;
  /** End of the section-header table (or of the load segment when there is none). */
  end: number;
  /** dynstr offset of a string placed by the builder. */
  strOffset(s: string): number;
}

export interface BuiltElf {
  bytes: Uint8Array;
  layout: Layout;
}

const enc = new TextEncoder();
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The SysV ELF hash (vn/vd hash fields). */
export function elfHash(name: string): number {
  let h = 0;
  for (const c of enc.encode(name)) {
    h = ((h << 4) + c) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h &= ~g >>> 0;
  }
  return h >>> 0;
}

/** Little writer over a growing byte array. */
export class Writer {
  private buf = new Uint8Array(4096);
  private dv = new DataView(this.buf.buffer);
  length = 0;
  constructor(readonly little: boolean) {}
  private ensure(n: number): void {
    if (n <= this.buf.length) return;
    const nb = new Uint8Array(Math.max(n, this.buf.length * 2));
    nb.set(this.buf);
    this.buf = nb;
    this.dv = new DataView(nb.buffer);
  }
  at(off: number, width: 1 | 2 | 4 | 8, v: Num): void {
    this.ensure(off + width);
    if (width === 1) this.dv.setUint8(off, Number(v));
    else if (width === 2) this.dv.setUint16(off, Number(v), this.little);
    else if (width === 4) this.dv.setUint32(off, Number(BigInt.asUintN(32, BigInt(v))), this.little);
    else this.dv.setBigUint64(off, BigInt.asUintN(64, BigInt(v)), this.little);
    this.length = Math.max(this.length, off + width);
  }
  bytes(off: number, b: Uint8Array): void {
    this.ensure(off + b.length);
    this.buf.set(b, off);
    this.length = Math.max(this.length, off + b.length);
  }
  pad(to: number): void {
    this.ensure(to);
    this.length = Math.max(this.length, to);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Overwrite an integer in built bytes (for hostile edits after the fact). */
export function patch(bytes: Uint8Array, off: number, width: 1 | 2 | 4 | 8, v: Num, little: boolean): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 1) dv.setUint8(off, Number(v));
  else if (width === 2) dv.setUint16(off, Number(v), little);
  else if (width === 4) dv.setUint32(off, Number(BigInt.asUintN(32, BigInt(v))), little);
  else dv.setBigUint64(off, BigInt.asUintN(64, BigInt(v)), little);
}

export function buildElf(spec: ElfSpec = {}): BuiltElf {
  const is64 = (spec.class ?? 64) === 64;
  const little = (spec.endian ?? "little") === "little";
  const type = spec.type ?? ET.DYN;
  const base = spec.base ?? (type === ET.EXEC ? (is64 ? 0x400000 : 0x8048000) : 0);
  const w = new Writer(little);
  const word = is64 ? 8 : 4;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const dynSpec = spec.dynamic === undefined ? {} : spec.dynamic;

  // Strings first, so every offset is known.
  const strs: string[] = [];
  const strOff = new Map<string, number>();
  let strLen = 1;
  const addStr = (s: string): number => {
    const have = strOff.get(s);
    if (have !== undefined) return have;
    strOff.set(s, strLen);
    strs.push(s);
    strLen += enc.encode(s).length + 1;
    return strOff.get(s)!;
  };
  if (dynSpec) {
    for (const s of dynSpec.needed ?? []) addStr(s);
    for (const s of [dynSpec.soname, dynSpec.rpath, dynSpec.runpath]) if (s !== undefined) addStr(s);
    for (const n of dynSpec.verneed ?? []) {
      addStr(n.file);
      for (const v of n.versions) addStr(v.name);
    }
    for (const d of dynSpec.verdef ?? []) {
      addStr(d.name);
      for (const p of d.parents ?? []) addStr(p);
    }
    for (const s of dynSpec.strings ?? []) addStr(s);
    for (const e of [...(dynSpec.entries ?? []), ...(dynSpec.extra ?? [])]) if (typeof e.value === "object" && "str" in e.value) addStr(e.value.str);
  }

  // Entries (values resolved after layout).
  const entries: DynEntry[] = [];
  if (dynSpec) {
    if (dynSpec.entries) entries.push(...dynSpec.entries);
    else {
      for (const n of dynSpec.needed ?? []) entries.push({ tag: DT.NEEDED, value: { str: n } });
      if (dynSpec.soname !== undefined) entries.push({ tag: DT.SONAME, value: { str: dynSpec.soname } });
      if (dynSpec.rpath !== undefined) entries.push({ tag: DT.RPATH, value: { str: dynSpec.rpath } });
      if (dynSpec.runpath !== undefined) entries.push({ tag: DT.RUNPATH, value: { str: dynSpec.runpath } });
      entries.push({ tag: DT.STRTAB, value: { addr: "dynstr" } }, { tag: DT.STRSZ, value: { size: "dynstr" } });
      if (dynSpec.flags !== undefined) entries.push({ tag: DT.FLAGS, value: dynSpec.flags });
      if (dynSpec.flags1 !== undefined) entries.push({ tag: DT.FLAGS_1, value: dynSpec.flags1 });
      if (dynSpec.verneed?.length) entries.push({ tag: DT.VERNEED, value: { addr: "verneed" } }, { tag: DT.VERNEEDNUM, value: dynSpec.verneed.length });
      if (dynSpec.verdef?.length) entries.push({ tag: DT.VERDEF, value: { addr: "verdef" } }, { tag: DT.VERDEFNUM, value: dynSpec.verdef.length });
    }
    entries.push(...(dynSpec.extra ?? []));
    if (!dynSpec.omitNull) entries.push({ tag: DT.NULL, value: 0 });
  }

  // Layout.
  const hasInterp = spec.interp !== undefined;
  const notes = spec.notes ?? [];
  const autoPhnum = 1 + (hasInterp ? 1 : 0) + (dynSpec ? 1 : 0) + (notes.length ? 1 : 0);
  const phoff = ehsize;
  let o = phoff + autoPhnum * phentsize;
  const interpBytes = enc.encode(`${spec.interp ?? ""}\0`);
  const interpOffset = o;
  if (hasInterp) o += interpBytes.length;
  o = align(o, 4);
  const notesOffset = o;
  for (const n of notes) o += 12 + align(enc.encode(n.name).length + 1, 4) + align(n.desc.length, 4);
  const notesSize = o - notesOffset;
  const dynstrOffset = o;
  const dynstrSize = dynSpec ? strLen : 0;
  o = align(o + dynstrSize, 4);
  const verneedOffset = o;
  for (const n of dynSpec ? (dynSpec.verneed ?? []) : []) o += 16 + 16 * n.versions.length;
  const verdefOffset = o;
  for (const d of dynSpec ? (dynSpec.verdef ?? []) : []) o += 20 + 8 * (1 + (d.parents?.length ?? 0));
  o = align(o, word);
  const dynEntSize = 2 * word;
  const dynamicOffset = o;
  const dynamicSize = entries.length * dynEntSize;
  o += dynamicSize;
  const loadEnd = o;

  const sectionsMode = spec.sections ?? "none";
  const shentsize = is64 ? 64 : 40;
  const shNames = [""];
  if (sectionsMode === "full") {
    if (hasInterp) shNames.push(".interp");
    if (dynSpec)
      shNames.push(".dynstr", ...(dynSpec.verneed?.length ? [".gnu.version_r"] : []), ...(dynSpec.verdef?.length ? [".gnu.version_d"] : []), ".dynamic");
    shNames.push(".shstrtab");
  }
  const shstrOffset = o;
  const shstr = enc.encode(shNames.map((n) => `${n}\0`).join(""));
  if (sectionsMode === "full") o += shstr.length;
  o = align(o, word);
  const shoff = sectionsMode === "none" ? 0 : o;
  const shnum = sectionsMode === "none" ? 0 : shNames.length;
  o += shnum * shentsize;
  const end = o;

  const layout: Layout = {
    class: is64 ? 64 : 32,
    little,
    base,
    ehsize,
    phoff,
    phentsize,
    phnum: autoPhnum,
    interpOffset,
    dynstrOffset,
    dynstrSize,
    verneedOffset,
    verdefOffset,
    dynamicOffset,
    dynamicSize,
    dynEntSize,
    loadEnd,
    shoff,
    shnum,
    end,
    strOffset: (s) => {
      const v = strOff.get(s);
      if (v === undefined) throw new Error(`builder: string ${JSON.stringify(s)} is not in dynstr`);
      return v;
    },
  };

  // Program headers.
  const seg = (type: number, offset: number, size: number, a: number, flags = 4): Phdr => ({
    type,
    flags,
    offset,
    vaddr: base + offset,
    filesz: size,
    memsz: size,
    align: a,
  });
  let phdrs: Phdr[] = [];
  if (hasInterp) phdrs.push(seg(PT.INTERP, interpOffset, interpBytes.length, 1));
  phdrs.push(seg(PT.LOAD, 0, loadEnd, 0x1000, 5));
  if (dynSpec) phdrs.push(seg(PT.DYNAMIC, dynamicOffset, dynamicSize, word, 6));
  if (notes.length) phdrs.push(seg(PT.NOTE, notesOffset, notesSize, 4));
  if (spec.editPhdrs) phdrs = spec.editPhdrs(phdrs, layout);
  if (phdrs.length !== autoPhnum) {
    // Edited phdr list of another length: it goes at the end of the file instead (inside no segment).
    throw new Error("builder: editPhdrs must keep the number of program headers; patch e_phnum via header instead");
  }

  // ELF header.
  w.bytes(0, new Uint8Array([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, little ? 1 : 2, 1, 0, 0]));
  w.pad(16);
  const h: Record<string, Num> = {
    version: 1,
    entry: type === ET.EXEC ? base + loadEnd : 0,
    phoff,
    shoff,
    flags: 0,
    ehsize,
    phentsize,
    phnum: autoPhnum,
    shentsize: sectionsMode === "none" ? 0 : shentsize,
    shnum,
    shstrndx: sectionsMode === "full" ? shNames.length - 1 : 0,
    ...spec.header,
  };
  w.at(16, 2, type);
  w.at(18, 2, spec.machine ?? 62);
  w.at(20, 4, h.version!);
  const a = is64 ? 8 : 4;
  w.at(24, a, h.entry!);
  w.at(24 + a, a, h.phoff!);
  w.at(24 + 2 * a, a, h.shoff!);
  let p = 24 + 3 * a;
  w.at(p, 4, h.flags!);
  for (const k of ["ehsize", "phentsize", "phnum", "shentsize", "shnum", "shstrndx"]) {
    p += k === "ehsize" ? 4 : 2;
    w.at(p, 2, h[k]!);
  }
  const id = spec.ident ?? {};
  if (id.magic) w.bytes(0, new Uint8Array(id.magic));
  if (id.class !== undefined) w.at(4, 1, id.class);
  if (id.data !== undefined) w.at(5, 1, id.data);
  if (id.version !== undefined) w.at(6, 1, id.version);
  w.at(7, 1, id.osAbi ?? 0);
  w.at(8, 1, id.abiVersion ?? 0);

  phdrs.forEach((ph, i) => {
    const q = phoff + i * phentsize;
    w.at(q, 4, ph.type);
    if (is64) {
      w.at(q + 4, 4, ph.flags);
      w.at(q + 8, 8, ph.offset);
      w.at(q + 16, 8, ph.vaddr);
      w.at(q + 24, 8, ph.vaddr);
      w.at(q + 32, 8, ph.filesz);
      w.at(q + 40, 8, ph.memsz);
      w.at(q + 48, 8, ph.align);
    } else {
      w.at(q + 4, 4, ph.offset);
      w.at(q + 8, 4, ph.vaddr);
      w.at(q + 12, 4, ph.vaddr);
      w.at(q + 16, 4, ph.filesz);
      w.at(q + 20, 4, ph.memsz);
      w.at(q + 24, 4, ph.flags);
      w.at(q + 28, 4, ph.align);
    }
  });
  if (hasInterp) w.bytes(interpOffset, interpBytes);

  let n = notesOffset;
  for (const note of notes) {
    const name = enc.encode(`${note.name}\0`);
    w.at(n, 4, name.length);
    w.at(n + 4, 4, note.desc.length);
    w.at(n + 8, 4, note.type);
    w.bytes(n + 12, name);
    n += 12 + align(name.length, 4);
    w.bytes(n, note.desc);
    n += align(note.desc.length, 4);
  }

  if (dynSpec) {
    for (const s of strs) w.bytes(dynstrOffset + strOff.get(s)!, enc.encode(`${s}\0`));
    w.pad(dynstrOffset + dynstrSize);
    let q = verneedOffset;
    (dynSpec.verneed ?? []).forEach((need, i, all) => {
      const size = 16 + 16 * need.versions.length;
      w.at(q, 2, 1);
      w.at(q + 2, 2, need.versions.length);
      w.at(q + 4, 4, strOff.get(need.file)!);
      w.at(q + 8, 4, need.versions.length ? 16 : 0);
      w.at(q + 12, 4, i + 1 < all.length ? size : 0);
      need.versions.forEach((v, j) => {
        const r = q + 16 + 16 * j;
        w.at(r, 4, elfHash(v.name));
        w.at(r + 4, 2, v.weak ? 2 : 0);
        w.at(r + 6, 2, v.other ?? 2 + j);
        w.at(r + 8, 4, strOff.get(v.name)!);
        w.at(r + 12, 4, j + 1 < need.versions.length ? 16 : 0);
      });
      q += size;
    });
    (dynSpec.verdef ?? []).forEach((def, i, all) => {
      const names = [def.name, ...(def.parents ?? [])];
      const size = 20 + 8 * names.length;
      w.at(q, 2, 1);
      w.at(q + 2, 2, def.flags ?? 0);
      w.at(q + 4, 2, i + 1);
      w.at(q + 6, 2, names.length);
      w.at(q + 8, 4, elfHash(def.name));
      w.at(q + 12, 4, 20);
      w.at(q + 16, 4, i + 1 < all.length ? size : 0);
      names.forEach((nm, j) => {
        w.at(q + 20 + 8 * j, 4, strOff.get(nm)!);
        w.at(q + 24 + 8 * j, 4, j + 1 < names.length ? 8 : 0);
      });
      q += size;
    });
    const resolve = (v: DynValue): Num => {
      if (typeof v === "number" || typeof v === "bigint") return v;
      if ("str" in v) return strOff.get(v.str)!;
      if ("size" in v) return dynstrSize;
      return base + { dynstr: dynstrOffset, verneed: verneedOffset, verdef: verdefOffset }[v.addr];
    };
    entries.forEach((e, i) => {
      const q2 = dynamicOffset + i * dynEntSize;
      w.at(q2, word as 4 | 8, e.tag);
      w.at(q2 + word, word as 4 | 8, resolve(e.value));
    });
  }
  w.pad(loadEnd);

  if (sectionsMode !== "none") {
    const sh = (
      i: number,
      f: { name?: number; type?: number; flags?: number; addr?: number; offset?: number; size?: number; link?: number; info?: number; entsize?: number },
    ): void => {
      const q = shoff + i * shentsize;
      const fields: [number, number][] = is64
        ? [
            [4, f.name ?? 0],
            [4, f.type ?? 0],
            [8, f.flags ?? 0],
            [8, f.addr ?? 0],
            [8, f.offset ?? 0],
            [8, f.size ?? 0],
            [4, f.link ?? 0],
            [4, f.info ?? 0],
            [8, 1],
            [8, f.entsize ?? 0],
          ]
        : [
            [4, f.name ?? 0],
            [4, f.type ?? 0],
            [4, f.flags ?? 0],
            [4, f.addr ?? 0],
            [4, f.offset ?? 0],
            [4, f.size ?? 0],
            [4, f.link ?? 0],
            [4, f.info ?? 0],
            [4, 1],
            [4, f.entsize ?? 0],
          ];
      let at = q;
      for (const [wd, v] of fields) {
        w.at(at, wd as 4 | 8, v);
        at += wd;
      }
    };
    sh(0, { info: spec.section0Info ?? 0 });
    if (sectionsMode === "full") {
      w.bytes(shstrOffset, shstr);
      const nameOff = (nm: string): number =>
        enc.encode(
          shNames
            .slice(0, shNames.indexOf(nm))
            .map((x) => `${x}\0`)
            .join(""),
        ).length;
      const dynstrIdx = shNames.indexOf(".dynstr");
      shNames.forEach((nm, i) => {
        if (i === 0) return;
        const at = (off: number, size: number, type: number, extra: { link?: number; info?: number; entsize?: number } = {}): void =>
          sh(i, { name: nameOff(nm), type, flags: 2, addr: base + off, offset: off, size, ...extra });
        if (nm === ".interp") at(interpOffset, interpBytes.length, 1);
        else if (nm === ".dynstr") at(dynstrOffset, dynstrSize, 3);
        else if (nm === ".gnu.version_r") at(verneedOffset, verdefOffset - verneedOffset, 0x6ffffffe, { link: dynstrIdx, info: dynSpec?.verneed?.length ?? 0 });
        else if (nm === ".gnu.version_d") at(verdefOffset, dynamicOffset - verdefOffset, 0x6ffffffd, { link: dynstrIdx, info: dynSpec?.verdef?.length ?? 0 });
        else if (nm === ".dynamic") at(dynamicOffset, dynamicSize, 6, { link: dynstrIdx, entsize: dynEntSize });
        else sh(i, { name: nameOff(nm), type: 3, offset: shstrOffset, size: shstr.length });
      });
    }
  }
  w.pad(end);
  if (spec.trailing) w.bytes(end, spec.trailing);
  return { bytes: w.done(), layout };
}

/** Offset of program header `i`'s field in a built file (64-bit and 32-bit layouts differ). */
export function phdrField(l: Layout, i: number, field: "type" | "offset" | "vaddr" | "filesz" | "memsz"): { off: number; width: 4 | 8 } {
  const q = l.phoff + i * l.phentsize;
  if (l.class === 64) return { off: q + { type: 0, offset: 8, vaddr: 16, filesz: 32, memsz: 40 }[field], width: field === "type" ? 4 : 8 };
  return { off: q + { type: 0, offset: 4, vaddr: 8, filesz: 16, memsz: 20 }[field], width: 4 };
}

/** Offset of e_* header fields. */
export function headerField(
  l: Layout,
  field: "phoff" | "shoff" | "phentsize" | "phnum" | "shentsize" | "shnum" | "shstrndx",
): { off: number; width: 2 | 4 | 8 } {
  const a = l.class === 64 ? 8 : 4;
  const p = 24 + 3 * a + 4;
  switch (field) {
    case "phoff":
      return { off: 24 + a, width: a };
    case "shoff":
      return { off: 24 + 2 * a, width: a };
    case "phentsize":
      return { off: p + 2, width: 2 };
    case "phnum":
      return { off: p + 4, width: 2 };
    case "shentsize":
      return { off: p + 6, width: 2 };
    case "shnum":
      return { off: p + 8, width: 2 };
    case "shstrndx":
      return { off: p + 10, width: 2 };
  }
}

/** File offset of the value of the first dynamic entry with `tag` in a built file (scans the bytes). */
export function dynValueOffset(b: BuiltElf, tag: number): number {
  const { layout: l, bytes } = b;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = l.dynEntSize / 2;
  for (let o = l.dynamicOffset; o + l.dynEntSize <= l.dynamicOffset + l.dynamicSize; o += l.dynEntSize) {
    const t = w === 8 ? Number(dv.getBigUint64(o, l.little)) : dv.getUint32(o, l.little);
    if (t === tag) return o + w;
  }
  throw new Error(`builder: no dynamic entry with tag ${tag}`);
}
