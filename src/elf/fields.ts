// Shared low-level pieces of the reader: the file's encoding, typed faults, linked-record walks.

import { ElfFault, fact } from "./fault.js";
import type { BlockReader } from "./source.js";
import type { ElfPlace } from "./types.js";

export { ElfFault };

/** Encoding facts from e_ident that every later read depends on. */
export interface Fields {
  is64: boolean;
  little: boolean;
  osAbi: number;
  abiVersion: number;
}

/** One fixed-size record read at a virtual address. */
export interface RecordView {
  addr: number;
  u16(o: number): number;
  u32(o: number): number;
}

interface Load {
  offset: number;
  vaddr: number;
  filesz: number;
}

/**
 * Walk up to `count` linked records (verneed/vernaux/verdef/verdaux) starting at virtual address
 * `addr`. `visit` returns the byte distance to the next record; 0 ends the chain. Every record must
 * lie inside one PT_LOAD and inside the file; the count bounds the walk even when links loop.
 */
export function readStructs(
  blocks: BlockReader,
  fields: Fields,
  loads: readonly Load[],
  addr: number,
  count: number,
  size: number,
  place: ElfPlace,
  visit: (v: RecordView, index: number) => number,
): void {
  let at = addr;
  for (let i = 0; i < count; i++) {
    // A link beyond 2^53 (+Infinity from the reader) lies in no segment, whatever the segments claim.
    const load = Number.isSafeInteger(at) ? loads.find((l) => at >= l.vaddr && at + size <= l.vaddr + l.filesz) : undefined;
    if (!load) throw new ElfFault("elf-bad-version-info", { reason: "record-unmapped", place, record: i + 1, address: fact(at) });
    const off = load.offset + (at - load.vaddr);
    const b = blocks.read(off, size);
    if (b.length < size) throw new ElfFault("elf-truncated", { reason: "record-past-end", place, record: i + 1, offset: fact(off), fileSize: blocks.size });
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const next = visit({ addr: at, u16: (o) => dv.getUint16(o, fields.little), u32: (o) => dv.getUint32(o, fields.little) }, i);
    if (next === 0) return;
    at += next;
  }
}
