// Words for per-file problems: the ELF reader's errors and warnings, the walk's problems, a root that cannot be scanned.
import { unreachable } from "../../model/diagnostics.js";
import type { ElfErrorDetail, ElfPlace, FileWarning } from "../../model/elf.js";
import type { RootFailure, ScanProblemDetail, SystemError } from "../../model/report.js";

/** A structure of an ELF file, named as readelf and the ELF specification name it. */
export function placeText(place: ElfPlace): string {
  const n = place.index !== undefined ? ` #${place.index}` : "";
  switch (place.part) {
    case "identification":
      return "the identification bytes";
    case "header":
      return "the ELF header";
    case "section-header-0":
      return "section header 0";
    case "section-header-table":
      return "the section header table";
    case "program-header-table":
      return "the program header table";
    case "segment":
      return "a segment";
    case "PT_INTERP":
    case "PT_DYNAMIC":
    case "DT_NEEDED":
    case "DT_AUXILIARY":
    case "DT_FILTER":
    case "DT_SONAME":
    case "DT_RPATH":
    case "DT_RUNPATH":
    case "DT_VERNEED":
    case "DT_VERDEF":
      return `${place.part}${n}`;
    case "verneed-file":
      return `version need${n} file name`;
    case "vernaux-list":
      return `version need ${JSON.stringify(place.library ?? "?")} entries`;
    case "vernaux":
      return `version need ${JSON.stringify(place.library ?? "?")}${n}`;
    case "verdef":
    case "verdaux":
      return `version definition${n}`;
    default:
      return unreachable(place.part);
  }
}

/** A number from the file; null stands for one beyond 2^53. */
export const big = (n: number | null): string => (n === null ? "beyond 2^53" : String(n));

export const address = (n: number | null): string => (n === null ? "beyond 2^53" : `0x${n.toString(16)}`);

export const IDENT_EXPECTED = { EI_CLASS: "1 (32-bit) or 2 (64-bit)", EI_DATA: "1 (little endian) or 2 (big endian)", EI_VERSION: "1" } as const;

/** What the ELF reader found wrong, in one line, with the numbers it saw. */
export function elfErrorText(detail: ElfErrorDetail): string {
  switch (detail.reason) {
    case "no-magic":
      return "no ELF magic (7f 45 4c 46)";
    case "bad-ident-field":
      return `${detail.field} is ${detail.value}; expected ${IDENT_EXPECTED[detail.field]}`;
    case "bad-e-version":
      return `e_version is ${detail.value}; expected 1`;
    case "past-end":
      return detail.length === null
        ? `${placeText(detail.place)} (offset ${big(detail.offset)}) runs past the end of the file (${detail.fileSize} bytes): the file was cut short`
        : `${placeText(detail.place)} (offset ${big(detail.offset)}, ${detail.length} bytes) extends past the end of the file (${detail.fileSize} bytes)`;
    case "starts-past-end":
      return `${placeText(detail.place)} starts at offset ${big(detail.offset)}, past the end of the file (${detail.fileSize} bytes)`;
    case "short-read":
      return `${detail.place ? `${placeText(detail.place)}: ` : ""}only ${detail.got} of ${detail.wanted} bytes could be read at offset ${detail.offset} of a ${detail.fileSize}-byte file; it shrank while it was scanned (scan again)`;
    case "xnum-unreadable":
      return "e_phnum is PN_XNUM (0xffff) but section header 0, which holds the real count, cannot be read";
    case "bad-phentsize":
      return `e_phentsize is ${detail.value}; a ${detail.bits}-bit file needs ${detail.expected}`;
    case "phdr-table-too-large":
      return `e_phnum is ${detail.count}: a ${detail.bytes}-byte program header table is beyond any real file`;
    case "phdr-table-past-end":
      return `program header table (offset ${big(detail.offset)}, ${detail.count} entries) lies past the end of the file (${detail.fileSize} bytes)`;
    case "string-outside-table":
      return `${placeText(detail.place)} starts at offset ${big(detail.offset)}, outside its table`;
    case "string-unterminated":
      return `${placeText(detail.place)} at offset ${big(detail.offset)} is not NUL-terminated within its table`;
    case "string-past-strsz":
      return `${placeText(detail.place)}: string offset ${big(detail.offset)} is past the end of the string table (DT_STRSZ ${detail.strsz})`;
    case "interp-empty":
      return "PT_INTERP is empty";
    case "interp-unterminated":
      return `PT_INTERP is not NUL-terminated within ${detail.length} bytes`;
    case "too-many-needed":
      return `${detail.count} DT_NEEDED entries: more than any real object has`;
    case "no-strtab":
      return "the dynamic section names strings but has no DT_STRTAB";
    case "strtab-unmapped":
      return `DT_STRTAB address ${address(detail.address)} is outside every PT_LOAD segment`;
    case "record-unmapped":
      return `${placeText(detail.place)}: record #${detail.record} at address ${address(detail.address)} is outside every PT_LOAD segment`;
    case "record-past-end":
      return `${placeText(detail.place)}: record #${detail.record} at offset ${big(detail.offset)} lies past the end of the file (${detail.fileSize} bytes)`;
    case "no-dt-null":
      return "the dynamic section has no DT_NULL terminator within PT_DYNAMIC";
    case "too-many-versions":
      return `more than ${detail.limit} version needs`;
    case "read-error":
      return `read failed: ${detail.error}`;
    default:
      return unreachable(detail);
  }
}

/** A file's non-fatal oddity, in one line. */
export function fileWarningText(warning: FileWarning): string {
  switch (warning.code) {
    case "several-pt-dynamic":
      return `${warning.count} PT_DYNAMIC segments; the first is used`;
    case "repeated-dynamic-tag":
      return `more than one ${warning.tag}; the first is used`;
    case "section-headers-capped":
      return `${warning.count} section headers: only the first ${warning.read} were read to find where the file's content ends`;
    case "sections-past-end":
      return `${warning.count} section${warning.count === 1 ? "" : "s"} said to end past the end of the file (${warning.fileSize} bytes); ignored`;
    case "dlopen-note-not-json":
      return ".note.dlopen holds text that is not valid JSON; ignored";
    case "dlopen-note-not-array":
      return ".note.dlopen JSON is not an array; ignored";
    case "path-control-characters":
      return "the path contains control characters (newline, tab, ...); quote it when copying";
    case "setuid-origin":
      return "setuid/setgid and relies on $ORIGIN: in secure mode ld.so ignores $ORIGIN-relative library paths, so bundled libraries are not found when another user runs it";
    default:
      return unreachable(warning);
  }
}

/** Why a path could not be read, from the system's error, phrased for a person. */
export function systemErrorText(error: SystemError, ignoreGlob: string | null): string {
  switch (error.errno) {
    case "EACCES":
    case "EPERM":
      return `permission denied (run as a user who can read it, or leave it out with --ignore ${ignoreGlob ?? "GLOB"})`;
    case "ENOENT":
      return "it disappeared while the tree was scanned";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOTDIR":
      return "a path component is not a directory";
    default:
      return error.message;
  }
}

/** Why part of the tree was not scanned, in one line. */
export function scanProblemText(detail: ScanProblemDetail): string {
  switch (detail.reason) {
    case "cannot-list":
      return `cannot list directory: ${systemErrorText(detail.error, detail.ignoreGlob)}`;
    case "cannot-stat":
      return `cannot stat: ${systemErrorText(detail.error, null)}`;
    case "cannot-open":
      return `cannot open: ${systemErrorText(detail.error, null)}`;
    case "cannot-read":
      return `cannot read: ${systemErrorText(detail.error, null)}`;
    case "not-utf8":
      return "the name is not valid UTF-8 and cannot be reported faithfully; rename it to scan it";
    case "pseudo-fs":
      return "pseudo filesystem not scanned";
    default:
      return unreachable(detail);
  }
}

/** One line for a root that cannot be scanned: the root, what we were doing, why it failed, what to try. */
export function rootFailureText(failure: RootFailure): string {
  const what = `cannot scan ${JSON.stringify(failure.root)}`;
  const errno = failure.error.errno;
  const denied = errno === "EACCES" || errno === "EPERM";
  switch (failure.doing) {
    case "look-up":
      if (errno === "ENOENT") return `${what}: it does not exist; check the path`;
      if (denied) return `${what}: looking it up failed: permission denied on a directory above it; check the path, or run as a user who can reach it`;
      if (errno === "ENOTDIR") return `${what}: looking it up failed: a path component is not a directory; check the path`;
      if (errno === "ELOOP") return `${what}: looking it up failed: too many levels of symbolic links; check the path`;
      return `${what}: looking it up failed: ${failure.error.message}; check the path`;
    case "list":
      return denied
        ? `${what}: listing the directory failed: permission denied; run as a user who can read it, or scan the directories below it that you can read`
        : `${what}: listing the directory failed: ${failure.error.message}; check that it is a readable directory`;
    case "open":
      return denied
        ? `${what}: opening the file failed: permission denied; run as a user who can read it`
        : `${what}: opening the file failed: ${failure.error.message}; check that it is a readable file`;
    default:
      return unreachable(failure.doing);
  }
}
