// ELF notes: the FDO `.note.dlopen` package metadata (JSON listing libraries loaded with dlopen).
import { NT_FDO_DLOPEN_METADATA } from "./constants.js";
import type { DlopenNote, ElfWarning, TargetOs } from "./types.js";

/** Note owners that name an OS, and the GNU ABI tag's OS numbers (NT_GNU_ABI_TAG = 1). */
const OWNER_OS: Record<string, TargetOs> = { Android: "android", FreeBSD: "freebsd", NetBSD: "netbsd", OpenBSD: "openbsd" };
const GNU_ABI_OS: Record<number, TargetOs> = { 0: "linux", 1: "hurd", 2: "solaris", 3: "freebsd" };

export interface NoteFacts {
  dlopen: DlopenNote[];
  os: TargetOs | null;
}

const PRIORITIES = new Set(["required", "recommended", "suggested"]);
const decoder = new TextDecoder("utf-8");

/** Parse the notes in one PT_NOTE segment's bytes: dlopen entries, and the OS a note names. */
export function parseNotes(bytes: Uint8Array, little: boolean, warnings: ElfWarning[]): NoteFacts {
  const out: DlopenNote[] = [];
  let os: TargetOs | null = null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  while (o + 12 <= bytes.length) {
    const namesz = v.getUint32(o, little);
    const descsz = v.getUint32(o + 4, little);
    const type = v.getUint32(o + 8, little);
    const nameOff = o + 12;
    const descOff = nameOff + align4(namesz);
    const end = descOff + align4(descsz);
    if (namesz > bytes.length || descsz > bytes.length || descOff + descsz > bytes.length) break;
    const name = decoder.decode(bytes.subarray(nameOff, nameOff + Math.max(0, namesz - 1)));
    if (name === "FDO" && type === NT_FDO_DLOPEN_METADATA) {
      // The descriptor is NUL-terminated JSON, possibly padded with NULs.
      let text = decoder.decode(bytes.subarray(descOff, descOff + descsz));
      const nul = text.indexOf("\0");
      if (nul >= 0) text = text.slice(0, nul);
      out.push(...decodeDlopenJson(text, warnings));
    } else if (OWNER_OS[name] !== undefined) {
      os ??= OWNER_OS[name]!;
    } else if (name === "GNU" && type === 1 && descsz >= 4) {
      os ??= GNU_ABI_OS[v.getUint32(descOff, little)] ?? null;
    }
    if (end <= o) break;
    o = end;
  }
  return { dlopen: out, os };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function decodeDlopenJson(text: string, warnings: ElfWarning[]): DlopenNote[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    warnings.push({ code: "dlopen-note-not-json" });
    return [];
  }
  if (!Array.isArray(data)) {
    warnings.push({ code: "dlopen-note-not-array" });
    return [];
  }
  const out: DlopenNote[] = [];
  for (const item of data.slice(0, 256)) {
    if (typeof item !== "object" || item === null) continue;
    const rec = item as Record<string, unknown>;
    const sonames = Array.isArray(rec.soname) ? rec.soname.filter((s): s is string => typeof s === "string").slice(0, 64) : [];
    if (sonames.length === 0) continue;
    const p = typeof rec.priority === "string" && PRIORITIES.has(rec.priority) ? (rec.priority as DlopenNote["priority"]) : "recommended";
    out.push({
      feature: typeof rec.feature === "string" ? rec.feature : null,
      description: typeof rec.description === "string" ? rec.description : null,
      priority: p,
      sonames,
    });
  }
  return out;
}
