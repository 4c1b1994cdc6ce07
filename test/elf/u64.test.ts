// u64/tag64 read 64-bit ELF fields as numbers; BigInt is the oracle.
import { describe, expect, it } from "vitest";
import { tag64, u64 } from "../../src/elf/u64.js";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const VALUES = [0n, 1n, 0xffffffffn, 0x100000000n, 0x123456789abcn, MAX - 1n, MAX, MAX + 1n, 1n << 60n, (1n << 64n) - 1n];

function at(value: bigint, little: boolean): DataView {
  const v = new DataView(new ArrayBuffer(24));
  v.setBigUint64(8, value, little);
  return v;
}

describe("64-bit fields", () => {
  it("u64 is the value when it is a safe integer, +Infinity above", () => {
    for (const little of [true, false])
      for (const x of VALUES) expect(u64(at(x, little), 8, little), `${x} ${little}`).toBe(x <= MAX ? Number(x) : Number.POSITIVE_INFINITY);
  });

  it("tag64 is -1 for a negative tag, else as u64", () => {
    for (const little of [true, false]) {
      for (const x of VALUES) {
        const v = at(x, little);
        const signed = v.getBigInt64(8, little);
        expect(tag64(v, 8, little), `${x} ${little}`).toBe(signed < 0n ? -1 : x <= MAX ? Number(x) : Number.POSITIVE_INFINITY);
      }
    }
  });
});
