// 64-bit fields as numbers without a BigInt per read: ELF64 headers hold dozens of such fields per
// file, and allocating a BigInt for each was a measurable part of parsing a tree's ELF headers.

/** 2^53 / 2^32: a high word at or above this makes the value exceed Number.MAX_SAFE_INTEGER. */
const SAFE_HIGH = 0x200000;

/** The unsigned 64-bit word at `o`, or +Infinity when it exceeds Number.MAX_SAFE_INTEGER. */
export function u64(view: DataView, o: number, little: boolean): number {
  const lo = view.getUint32(little ? o : o + 4, little);
  const hi = view.getUint32(little ? o + 4 : o, little);
  return hi < SAFE_HIGH ? hi * 0x100000000 + lo : Number.POSITIVE_INFINITY;
}

/** A signed 64-bit dynamic tag at `o`: -1 when negative, else as u64(). */
export function tag64(view: DataView, o: number, little: boolean): number {
  const hi = view.getUint32(little ? o + 4 : o, little);
  return hi >= 0x80000000 ? -1 : u64(view, o, little);
}
