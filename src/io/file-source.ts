// A ByteSource over an open file descriptor: positioned synchronous reads, nothing else.
import { readSync } from "node:fs";
import type { ByteSource } from "../elf/types.js";

/** Reads at most `length` bytes at `offset` from `fd`; `size` is the size fstat reported at open. */
export function fdSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset: number, length: number): Uint8Array {
      const len = Math.max(0, Math.min(length, size - offset));
      if (len === 0) return new Uint8Array(0);
      const buf = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const n = readSync(fd, buf, got, len - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got === len ? buf : buf.subarray(0, got);
    },
  };
}
