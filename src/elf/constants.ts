// ELF numbers and their names (from the System V gABI and glibc's elf.h).

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PN_XNUM = 0xffff;

export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_STRTAB = 5;
export const DT_STRSZ = 10;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_FLAGS = 30;
export const DT_RUNPATH = 29;
export const DT_FLAGS_1 = 0x6ffffffb;
export const DT_VERDEF = 0x6ffffffc;
export const DT_VERDEFNUM = 0x6ffffffd;
export const DT_VERNEED = 0x6ffffffe;
export const DT_VERNEEDNUM = 0x6fffffff;
export const DT_AUXILIARY = 0x7ffffffd;
export const DT_FILTER = 0x7fffffff;

export const DF_ORIGIN = 0x1;
export const DF_1_NOW = 0x1;
export const DF_1_NOOPEN = 0x40;
export const DF_1_ORIGIN = 0x80;
export const DF_1_NODEFLIB = 0x800;
export const DF_1_PIE = 0x08000000;

export const VER_FLG_BASE = 0x1;
export const VER_FLG_WEAK = 0x2;

export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

/** Note type of the FDO `.note.dlopen` package metadata ("FDO" owner). */
export const NT_FDO_DLOPEN_METADATA = 0x407c0c0a;

export const EM_386 = 3;
export const EM_ARM = 40;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;

const TYPE_NAMES: Record<number, string> = { 0: "NONE", 1: "REL", 2: "EXEC", 3: "DYN", 4: "CORE" };

const OSABI_NAMES: Record<number, string> = {
  0: "SYSV",
  1: "HPUX",
  2: "NETBSD",
  3: "GNU",
  6: "SOLARIS",
  7: "AIX",
  8: "IRIX",
  9: "FREEBSD",
  10: "TRU64",
  11: "MODESTO",
  12: "OPENBSD",
  64: "ARM_AEABI",
  97: "ARM",
  255: "STANDALONE",
};

/** e_machine -> name; machineName() decides the codes whose name depends on class or byte order (8, 21, 22, 243, 258). */
const MACHINE_NAMES: Record<number, string> = {
  2: "sparc",
  3: "i386",
  4: "m68k",
  10: "mips-rs3-le",
  15: "parisc",
  18: "sparc32plus",
  20: "ppc",
  40: "arm",
  42: "superh",
  43: "sparcv9",
  50: "ia64",
  62: "x86_64",
  83: "avr",
  92: "openrisc",
  94: "xtensa",
  164: "hexagon",
  183: "aarch64",
  188: "tilepro",
  189: "microblaze",
  191: "tilegx",
  220: "z80",
  244: "lanai",
  247: "bpf",
  252: "csky",
};

/** Name of a machine, refined by class and byte order where the name depends on them. */
export function machineName(code: number, elfClass: 32 | 64, endian: "little" | "big"): string {
  switch (code) {
    case 21:
      return endian === "little" ? "ppc64le" : "ppc64";
    case 22:
      return elfClass === 64 ? "s390x" : "s390";
    case 243:
      return elfClass === 64 ? "riscv64" : "riscv32";
    case 258:
      return elfClass === 64 ? "loongarch64" : "loongarch32";
    case 8:
      return elfClass === 64 ? (endian === "little" ? "mips64el" : "mips64") : endian === "little" ? "mipsel" : "mips";
    default:
      return MACHINE_NAMES[code] ?? `unknown(${code})`;
  }
}

export function typeName(code: number): string {
  return TYPE_NAMES[code] ?? `unknown(${code})`;
}

export function osAbiName(code: number): string {
  return OSABI_NAMES[code] ?? `unknown(${code})`;
}
