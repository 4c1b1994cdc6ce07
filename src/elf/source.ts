// Byte sources for the ELF reader: an in-memory one, and a block cache that bounds and batches reads.
import { ElfFault } from "./fault.js";
import type { ByteSource } from "./types.js";

/** A ByteSource over bytes already in memory (tests, and library users with a buffer). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset: number, length: number): Uint8Array {
      if (offset >= bytes.length || length <= 0) return new Uint8Array(0);
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
  };
}

const BLOCK = 16 * 1024;
const MAX_ENTRIES = 16;

/**
 * Serves small positioned reads from a few cached ranges, so that the header, the dynamic
 * section and nearby strings cost one or two real reads. Memory stays under
 * MAX_ENTRIES x max(BLOCK, largest single request) (256 KiB) whatever the file says.
 */
export class BlockReader {
  private entries: { start: number; bytes: Uint8Array }[] = [];

  constructor(
    private readonly src: ByteSource,
    head?: Uint8Array,
  ) {
    if (head && head.length > 0) this.entries.push({ start: 0, bytes: head });
  }

  get size(): number {
    return this.src.size;
  }

  /** Up to `length` bytes at `offset`, shorter only past `size`; throws elf-file-changed when the file shrank. */
  read(offset: number, length: number): Uint8Array {
    const end = offset + length;
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (offset >= e.start && end <= e.start + e.bytes.length) {
        if (i > 0) {
          this.entries.splice(i, 1);
          this.entries.unshift(e);
        }
        return e.bytes.subarray(offset - e.start, end - e.start);
      }
    }
    const start = offset - (offset % 4096);
    const want = Math.min(Math.max(BLOCK, end - start), Math.max(0, this.src.size - start));
    const bytes = this.src.read(start, want);
    if (bytes.length < want) {
      throw new ElfFault("elf-file-changed", { reason: "short-read", place: null, offset: start, wanted: want, got: bytes.length, fileSize: this.src.size });
    }
    this.entries.unshift({ start, bytes });
    if (this.entries.length > MAX_ENTRIES) this.entries.pop();
    if (offset - start >= bytes.length) return new Uint8Array(0);
    return bytes.subarray(offset - start, Math.min(bytes.length, end - start));
  }
}
