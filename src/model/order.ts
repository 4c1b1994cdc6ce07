// Byte-wise string order (the same on every machine and locale): every sorted list in a report uses it.

export function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
