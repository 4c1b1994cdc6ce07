// Types produced by the ELF reader. Plain data: strings, numbers, arrays; safe to serialise.

/** Where the reader gets bytes from: a positioned, synchronous read of at most `length` bytes. */
export interface ByteSource {
  /** Size of the file in bytes as seen when it was opened. */
  readonly size: number;
  /**
   * Read up to `length` bytes at `offset`. Returns fewer bytes only at end of file
   * (or if the file shrank). Must not throw for in-range requests; I/O errors throw `Error`.
   */
  read(offset: number, length: number): Uint8Array;
}

/** Stable codes for per-file ELF problems. */
export type ElfErrorCode =
  | "elf-bad-ident"
  | "elf-truncated"
  | "elf-bad-header"
  | "elf-bad-phdrs"
  | "elf-bad-interp"
  | "elf-bad-dynamic"
  | "elf-strtab-unmapped"
  | "elf-string-out-of-range"
  | "elf-bad-version-info"
  | "elf-bad-note"
  | "elf-file-changed"
  | "elf-read-failed";

export interface ElfError {
  code: ElfErrorCode;
  message: string;
}

export type ElfKind = "static-executable" | "static-pie" | "dynamic-executable" | "shared-object" | "relocatable" | "core" | "debuginfo" | "other";

export type LibcFlavour = "glibc" | "musl" | "bionic" | "none";

/** The operating system a file is for, when something in it says so (OS/ABI, notes, interpreter, libc soname). */
export type TargetOs = "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "solaris" | "hurd";

export interface VersionNeedEntry {
  /** Version name, e.g. GLIBC_2.34. */
  name: string;
  /** VER_FLG_WEAK set. */
  weak: boolean;
}

export interface VersionNeed {
  /** The file the versions are needed from, e.g. libc.so.6. */
  file: string;
  versions: VersionNeedEntry[];
}

export interface VersionDef {
  name: string;
  /** VER_FLG_BASE: the entry naming the object itself. */
  base: boolean;
  weak: boolean;
}

export interface Flags1 {
  raw: number;
  pie: boolean;
  nodeflib: boolean;
  noopen: boolean;
  now: boolean;
  origin: boolean;
}

/** Bytes past everything the headers describe: appended data (bun/deno/pkg), which patchelf would cut off or break. */
export interface TrailingPayload {
  /** File offset where the data past every segment, every section with file content and the section header table begins. */
  offset: number;
  size: number;
}

/** One `.note.dlopen` entry (FDO package-metadata / systemd ELF dlopen note). */
export interface DlopenNote {
  feature: string | null;
  description: string | null;
  priority: "required" | "recommended" | "suggested";
  sonames: string[];
}

export interface ElfInfo {
  class: 32 | 64;
  endian: "little" | "big";
  /** e_machine as a name (x86_64, aarch64, ...), or `unknown(N)`. */
  machine: string;
  machineCode: number;
  osAbi: string;
  osAbiCode: number;
  abiVersion: number;
  /** e_type as a name: EXEC, DYN, REL, CORE, NONE or `unknown(N)`. */
  type: string;
  typeCode: number;
  flags: number;
  kind: ElfKind;
  interpreter: string | null;
  hasDynamic: boolean;
  needed: string[];
  /** DT_RPATH exactly as stored, or null. */
  rpath: string | null;
  /** DT_RUNPATH exactly as stored, or null. */
  runpath: string | null;
  soname: string | null;
  flags1: Flags1 | null;
  /** DT_FLAGS raw value or null. */
  dtFlags: number | null;
  versionNeeds: VersionNeed[];
  versionDefs: VersionDef[];
  /** DT_AUXILIARY / DT_FILTER names (reported, not modelled). */
  auxiliary: string[];
  filter: string[];
  libc: LibcFlavour;
  /** Null when nothing in the file names an OS (most Linux files: they are then taken as Linux). */
  os: TargetOs | null;
  /** $ORIGIN (or ${ORIGIN}) appears in rpath, runpath or a needed name, or DF_ORIGIN / DF_1_ORIGIN is set. */
  usesOrigin: boolean;
  trailingPayload: TrailingPayload | null;
  dlopen: DlopenNote[];
  /** Number of PT_LOAD segments. */
  loadSegments: number;
}

export interface ElfParseResult {
  /** Null only when not even the identification and header could be read. */
  info: ElfInfo | null;
  errors: ElfError[];
  /** Non-fatal oddities (duplicate DT_RPATH, several PT_DYNAMIC, ...). */
  warnings: string[];
}
