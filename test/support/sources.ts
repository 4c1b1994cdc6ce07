// ByteSource wrappers for reader tests: counting, file-backed, lying (file shrank), failing.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ByteSource, ElfParseResult } from "../../src/elf/types.js";

export interface CountingSource extends ByteSource {
  bytesRead: number;
  calls: number;
  /** Largest single request, in bytes. */
  largest: number;
}

/** Wraps a source and counts what the reader asks for. */
export function countingSource(inner: ByteSource): CountingSource {
  const s: CountingSource = {
    size: inner.size,
    bytesRead: 0,
    calls: 0,
    largest: 0,
    read(offset: number, length: number): Uint8Array {
      const b = inner.read(offset, length);
      s.calls++;
      s.bytesRead += b.length;
      s.largest = Math.max(s.largest, length);
      return b;
    },
  };
  return s;
}

/** A positioned-read source over an open file; call close() when done. */
export function fileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset: number, length: number): Uint8Array {
      if (offset >= size || length <= 0) return new Uint8Array(0);
      const buf = new Uint8Array(Math.min(length, size - offset));
      const n = readSync(fd, buf, 0, buf.length, offset);
      return buf.subarray(0, n);
    },
    close: () => closeSync(fd),
  };
}

/** Claims `claimedSize` bytes but only has `bytes` (the file shrank after it was opened). */
export function shrunkSource(bytes: Uint8Array, claimedSize: number): ByteSource {
  return {
    size: claimedSize,
    read(offset: number, length: number): Uint8Array {
      if (offset >= bytes.length || length <= 0) return new Uint8Array(0);
      return new Uint8Array(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
    },
  };
}

/** Serves the first `okBytes` bytes, then every read touching later bytes throws (an I/O error). */
export function failingSource(bytes: Uint8Array, okBytes: number): ByteSource {
  return {
    size: bytes.length,
    read(offset: number, length: number): Uint8Array {
      if (offset + length > okBytes) throw new Error(`EIO at ${offset}`);
      return new Uint8Array(bytes.subarray(offset, offset + length));
    },
  };
}

/** The distinct error codes of a result, sorted (stable to compare). */
export function codes(r: ElfParseResult): string[] {
  return [...new Set(r.errors.map((e) => e.code))].sort();
}
