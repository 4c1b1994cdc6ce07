// Parse glibc's /etc/ld.so.cache ("glibc-ld.so.cache1.1", optionally after the old "ld.so-1.7.0"
// table): soname -> paths. Bounded by the buffer; entries pointing outside it are dropped.

const NEW_MAGIC = "glibc-ld.so.cache1.1";
const OLD_MAGIC = "ld.so-1.7.0";

export function parseLdCache(bytes: Uint8Array): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = (o: number, n: number) => String.fromCharCode(...bytes.subarray(o, o + n));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let base = 0;
  if (bytes.length >= 16 && text(0, OLD_MAGIC.length) === OLD_MAGIC) {
    const nOld = v.getUint32(12, true);
    base = 16 + nOld * 12;
    base = (base + 7) & ~7;
  }
  if (bytes.length < base + 48 || text(base, NEW_MAGIC.length) !== NEW_MAGIC) return out;
  const nlibs = v.getUint32(base + 20, true);
  const entries = Math.min(nlibs, Math.floor((bytes.length - base - 48) / 24));
  const decoder = new TextDecoder();
  const str = (off: number): string | null => {
    if (off <= 0 || off >= bytes.length) return null;
    const end = bytes.indexOf(0, off);
    if (end < 0) return null;
    return decoder.decode(bytes.subarray(off, end));
  };
  for (let i = 0; i < entries; i++) {
    const e = base + 48 + i * 24;
    const key = str(v.getUint32(e + 4, true) + base);
    const value = str(v.getUint32(e + 8, true) + base);
    if (key === null || value === null) continue;
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}
