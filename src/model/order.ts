// Byte-wise string order (the same on every machine and locale): every sorted list in a report uses it.

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
