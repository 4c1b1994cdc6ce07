// What a parsed file is, from its facts alone: its kind (executable, library, ...), the OS and libc
// it is for, and whether it uses $ORIGIN. Pure; parse.ts fills these in last.
import { DF_ORIGIN, ET_CORE, ET_DYN, ET_EXEC, ET_REL } from "./constants.js";
import type { ElfInfo, ElfKind, LibcFlavour } from "./types.js";

export function classify(info: ElfInfo, debuginfo: boolean): ElfKind {
  if (info.typeCode === ET_REL) return "relocatable";
  if (info.typeCode === ET_CORE) return "core";
  if (info.typeCode !== ET_EXEC && info.typeCode !== ET_DYN) return "other";
  if (debuginfo) return "debuginfo";
  const pie = info.flags1?.pie === true;
  if (info.interpreter !== null) {
    // An ET_DYN with PT_INTERP, no DF_1_PIE and a SONAME is a library that can also run (libc.so.6).
    if (info.typeCode === ET_DYN && !pie && info.soname !== null) return "shared-object";
    return "dynamic-executable";
  }
  if (info.typeCode === ET_EXEC) return info.hasDynamic && info.needed.length > 0 ? "other" : "static-executable";
  if (pie && info.needed.length === 0) return "static-pie";
  return "shared-object";
}

const OSABI_OS: Record<number, ElfInfo["os"]> = { 2: "netbsd", 6: "solaris", 9: "freebsd", 12: "openbsd" };

/**
 * Unversioned sonames only Android's bionic and NDK have (glibc's are libdl.so.2 and libm.so.6, musl has
 * no separate libdl or libm): an Android build without an OS note still names one of them. Plain
 * libc.so is not here: musl's libc is named so too.
 */
const BIONIC_ONLY = new Set(["libdl.so", "libm.so", "liblog.so", "libandroid.so", "libc++_shared.so"]);

/** The OS, by authority: the OS/ABI byte, an OS note, the interpreter path, then the C library's (or bionic's) sonames. */
export function targetOs(info: ElfInfo, noteOs: ElfInfo["os"]): ElfInfo["os"] {
  const byAbi = OSABI_OS[info.osAbiCode];
  if (byAbi) return byAbi;
  if (noteOs) return noteOs;
  const interp = info.interpreter ?? "";
  if (interp.startsWith("/system/bin/linker")) return "android";
  if (interp === "/libexec/ld-elf.so.1" || interp === "/libexec/ld-elf32.so.1") return "freebsd";
  if (interp === "/usr/libexec/ld.elf_so") return "netbsd";
  if (interp === "/usr/libexec/ld.so") return "openbsd";
  // Solaris/illumos: /usr/lib/ld.so.1 and the 64-bit subdirectories. Plain /lib/ld.so.1 is also
  // glibc's loader on Linux MIPS and PowerPC, so it proves nothing.
  if (/^\/(usr\/lib\/((amd64|64|sparcv9)\/)?|lib\/(amd64|64|sparcv9)\/)ld\.so\.1$/.test(interp)) return "solaris";
  if (info.needed.some((n) => BIONIC_ONLY.has(n))) return "android";
  if (info.needed.includes("libc.so.7")) return "freebsd";
  if (info.needed.includes("libc.so.12")) return "netbsd";
  if (info.needed.some((n) => /^libc\.so\.\d+\.\d+$/.test(n))) return "openbsd";
  return null;
}

export function libcFlavour(info: ElfInfo): LibcFlavour {
  if (info.os === "android") return "bionic";
  if (info.os !== null && info.os !== "linux") return "none";
  const interp = info.interpreter ?? "";
  if (interp.includes("ld-musl-") || info.needed.some((n) => n.startsWith("libc.musl-") || n === "libc.so")) return "musl";
  if (/ld-linux|\/ld\.so|ld64\.so/.test(interp) || info.needed.includes("libc.so.6")) return "glibc";
  return "none";
}

const ORIGIN_RE = /\$(ORIGIN(?![A-Za-z0-9_])|\{ORIGIN\})/;

export function usesOrigin(info: ElfInfo): boolean {
  if (info.dtFlags !== null && (info.dtFlags & DF_ORIGIN) !== 0) return true;
  if (info.flags1?.origin) return true;
  return [info.rpath, info.runpath, ...info.needed].some((s) => s !== null && ORIGIN_RE.test(s));
}
