// Types produced by the ELF reader. Plain data: strings, numbers, arrays; safe to serialise.
import type { Complete } from "./closed-set.js";

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

/**
 * A structure of the file the reader names in a problem: the tables and entries of the ELF format
 * (the dynamic tags by their own names), with the entry's number and the library it is about when
 * there is one.
 */
export interface ElfPlace {
  part:
    | "identification"
    | "header"
    | "section-header-0"
    | "section-header-table"
    | "program-header-table"
    | "segment"
    | "PT_INTERP"
    | "PT_DYNAMIC"
    | "DT_NEEDED"
    | "DT_AUXILIARY"
    | "DT_FILTER"
    | "DT_SONAME"
    | "DT_RPATH"
    | "DT_RUNPATH"
    | "DT_VERNEED"
    | "DT_VERDEF"
    | "verneed-file"
    | "vernaux-list"
    | "vernaux"
    | "verdef"
    | "verdaux";
  /** 1-based entry number, when the structure is one of several. */
  index?: number;
  /** The library a version need is about. */
  library?: string;
}

/**
 * What exactly the reader found wrong, with the numbers it saw: a reason from a closed set. Offsets,
 * addresses and lengths are null when the file gave a value beyond 2^53 (no real file has one).
 */
export type ElfErrorDetail =
  | { reason: "no-magic" }
  | { reason: "bad-ident-field"; field: "EI_CLASS" | "EI_DATA" | "EI_VERSION"; value: number }
  | { reason: "bad-e-version"; value: number }
  /** `length` null: the structure's length is not known (the section header table's) or beyond 2^53. */
  | { reason: "past-end"; place: ElfPlace; offset: number | null; length: number | null; fileSize: number }
  | { reason: "starts-past-end"; place: ElfPlace; offset: number | null; fileSize: number }
  | { reason: "short-read"; place: ElfPlace | null; offset: number; wanted: number; got: number; fileSize: number }
  | { reason: "xnum-unreadable" }
  | { reason: "bad-phentsize"; value: number; expected: number; bits: 32 | 64 }
  | { reason: "phdr-table-too-large"; count: number; bytes: number }
  | { reason: "phdr-table-past-end"; offset: number | null; count: number; fileSize: number }
  | { reason: "string-outside-table"; place: ElfPlace; offset: number | null }
  | { reason: "string-unterminated"; place: ElfPlace; offset: number | null }
  | { reason: "string-past-strsz"; place: ElfPlace; offset: number | null; strsz: number }
  | { reason: "interp-empty" }
  | { reason: "interp-unterminated"; length: number }
  | { reason: "too-many-needed"; count: number }
  | { reason: "no-strtab" }
  | { reason: "strtab-unmapped"; address: number | null }
  | { reason: "record-unmapped"; place: ElfPlace; record: number; address: number | null }
  | { reason: "record-past-end"; place: ElfPlace; record: number; offset: number | null; fileSize: number }
  | { reason: "no-dt-null" }
  | { reason: "too-many-versions"; limit: number }
  /** The operating system refused a read: its own message. */
  | { reason: "read-error"; error: string };

export interface ElfError {
  code: ElfErrorCode;
  detail: ElfErrorDetail;
}

/** Non-fatal oddities the reader met: a code from a closed set and its facts. */
export type ElfWarning =
  | { code: "several-pt-dynamic"; count: number }
  | { code: "repeated-dynamic-tag"; tag: "DT_RPATH" | "DT_RUNPATH" | "DT_SONAME" }
  | { code: "section-headers-capped"; count: number; read: number }
  | { code: "sections-past-end"; count: number; fileSize: number }
  | { code: "dlopen-note-not-json" }
  | { code: "dlopen-note-not-array" };

/** What the scan notes about a file beyond the reader's warnings. */
export type FileWarning = ElfWarning | { code: "path-control-characters" } | { code: "setuid-origin" };

/** Every member of the reader's closed sets, for documentation checks (the README lists them all). */
export const ELF_ERROR_CODES = [
  "elf-bad-ident",
  "elf-truncated",
  "elf-bad-header",
  "elf-bad-phdrs",
  "elf-bad-interp",
  "elf-bad-dynamic",
  "elf-strtab-unmapped",
  "elf-string-out-of-range",
  "elf-bad-version-info",
  "elf-bad-note",
  "elf-file-changed",
  "elf-read-failed",
] as const satisfies readonly ElfErrorCode[];
export const ELF_ERROR_REASONS = [
  "no-magic",
  "bad-ident-field",
  "bad-e-version",
  "past-end",
  "starts-past-end",
  "short-read",
  "xnum-unreadable",
  "bad-phentsize",
  "phdr-table-too-large",
  "phdr-table-past-end",
  "string-outside-table",
  "string-unterminated",
  "string-past-strsz",
  "interp-empty",
  "interp-unterminated",
  "too-many-needed",
  "no-strtab",
  "strtab-unmapped",
  "record-unmapped",
  "record-past-end",
  "no-dt-null",
  "too-many-versions",
  "read-error",
] as const satisfies readonly ElfErrorDetail["reason"][];
export const FILE_WARNING_CODES = [
  "several-pt-dynamic",
  "repeated-dynamic-tag",
  "section-headers-capped",
  "sections-past-end",
  "dlopen-note-not-json",
  "dlopen-note-not-array",
  "path-control-characters",
  "setuid-origin",
] as const satisfies readonly FileWarning["code"][];

const complete: [
  Complete<ElfErrorCode, (typeof ELF_ERROR_CODES)[number]>,
  Complete<ElfErrorDetail["reason"], (typeof ELF_ERROR_REASONS)[number]>,
  Complete<FileWarning["code"], (typeof FILE_WARNING_CODES)[number]>,
] = [true, true, true];
void complete;

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
  warnings: ElfWarning[];
}
