// Open one candidate file without following symlinks or blocking on FIFOs, read its first bytes,
// and hand ELF files (with their identity) to the caller while the descriptor is open.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { ByteSource } from "../elf/types.js";
import type { ScanProblemDetail } from "../model/report.js";
import { fdSource } from "./file-source.js";
import { systemError } from "./walk.js";

export const HEAD_BYTES = 4096;
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const OPEN_FLAGS_FOLLOW = constants.O_RDONLY | constants.O_NONBLOCK;

export interface FileIdentity {
  dev: number;
  ino: number;
  nlink: number;
  size: number;
  mode: number;
}

export type Inspection =
  | { kind: "elf" }
  | { kind: "script"; line: string; executable: boolean }
  | { kind: "not-elf"; magic: NonElfMagic }
  | { kind: "error"; detail: ScanProblemDetail };

export type NonElfMagic = "macho" | "pe" | "wasm" | "archive" | "script" | "other";

const head = Buffer.allocUnsafe(HEAD_BYTES);

/**
 * Sniff `path`. For an ELF file, `onElf` runs with a source over the open descriptor, a copy of the
 * first bytes, and the file's identity; the descriptor is closed afterwards whatever happens.
 * Symlinks are not followed unless `follow` (roots named on the command line).
 */
export function inspectFile(path: string, onElf: (src: ByteSource, first: Uint8Array, id: FileIdentity) => void, follow = false): Inspection {
  let fd: number;
  try {
    fd = openSync(path, follow ? OPEN_FLAGS_FOLLOW : OPEN_FLAGS);
  } catch (e) {
    return { kind: "error", detail: { reason: "cannot-open", error: systemError(e) } };
  }
  try {
    let n: number;
    try {
      n = readSync(fd, head, 0, HEAD_BYTES, 0);
    } catch (e) {
      return { kind: "error", detail: { reason: "cannot-read", error: systemError(e) } };
    }
    if (n >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
      const st = fstatSync(fd);
      const first = Uint8Array.prototype.slice.call(head, 0, Math.min(n, st.size));
      onElf(fdSource(fd, st.size), first, { dev: st.dev, ino: st.ino, nlink: st.nlink, size: st.size, mode: st.mode });
      return { kind: "elf" };
    }
    const magic = magicOf(head, n);
    if (magic === "script") {
      const end = head.subarray(0, n).indexOf(0x0a);
      const line = head.toString("utf8", 2, end < 0 ? Math.min(n, 256) : Math.min(end, 256));
      return { kind: "script", line, executable: (fstatSync(fd).mode & 0o111) !== 0 };
    }
    return { kind: "not-elf", magic };
  } finally {
    closeSync(fd);
  }
}

const AR_MAGIC = [0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a]; // "!<arch>\n"

/** The ar(1) magic, compared byte by byte (no string made for every file that is not ELF). */
function isArchive(buffer: Buffer): boolean {
  for (let i = 0; i < AR_MAGIC.length; i++) if (buffer[i] !== AR_MAGIC[i]) return false;
  return true;
}

function magicOf(buffer: Buffer, n: number): NonElfMagic {
  if (n >= 8 && isArchive(buffer)) return "archive";
  if (n >= 4) {
    const be = buffer.readUInt32BE(0);
    if (be === 0xfeedface || be === 0xfeedfacf || be === 0xcefaedfe || be === 0xcffaedfe || be === 0xcafebabe) return "macho";
    if (be === 0x0061736d) return "wasm";
  }
  if (n >= 2 && buffer[0] === 0x4d && buffer[1] === 0x5a) return "pe";
  if (n >= 2 && buffer[0] === 0x23 && buffer[1] === 0x21) return "script";
  return "other";
}
