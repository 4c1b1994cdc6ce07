// The tree walk: regular files to sniff, symlinks recorded (never followed into directories),
// special files skipped without opening, unreadable directories recorded, the walk goes on.
import { type Dirent, lstatSync, readdirSync, readlinkSync, statSync } from "node:fs";

export interface WalkSink {
  /** A regular file; `explicit` when it was named as a root (then a symlink to it is followed). */
  file(path: string, name: string, explicit: boolean): void;
  symlink(path: string, target: string | null): void;
  special(path: string, kind: "fifo" | "socket" | "char-device" | "block-device" | "unknown"): void;
  problem(path: string, code: WalkProblemCode, message: string): void;
}

export type WalkProblemCode = "walk-unreadable-dir" | "walk-stat-failed" | "path-not-utf8" | "walk-pseudo-fs";

const PSEUDO = new Set(["/proc", "/sys", "/dev"]);

function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** Why a path could not be read, from a Node fs error, phrased for a person. */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied (run as a user who can read it, or pass --ignore for it)";
    case "ENOENT":
      return "it disappeared while the tree was scanned";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOTDIR":
      return "a path component is not a directory";
    default:
      return err?.message ?? String(e);
  }
}

/** Walk one root. A root that is a file (or a symlink to one) is reported as a file. */
export function walkRoot(root: string, sink: WalkSink): void {
  // statSync follows a symlink given explicitly on the command line, like `find -H`.
  const st = statSync(root);
  if (st.isDirectory()) walkDir(root, sink);
  else if (st.isFile()) sink.file(root, root.slice(root.lastIndexOf("/") + 1), true);
  else sink.special(root, specialKind(st));
}

type SpecialKind = Parameters<WalkSink["special"]>[1];

/** What a non-regular, non-directory, non-symlink entry is (lstat's or readdir's answer). */
function specialKind(x: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): SpecialKind {
  return x.isFIFO() ? "fifo" : x.isSocket() ? "socket" : x.isCharacterDevice() ? "char-device" : x.isBlockDevice() ? "block-device" : "unknown";
}

function walkDir(root: string, sink: WalkSink): void {
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      sink.problem(dir, "walk-unreadable-dir", `cannot list directory: ${describeFsError(e)}`);
      continue;
    }
    const subdirs: string[] = [];
    for (const d of entries) {
      const name = d.name;
      const p = join(dir, name);
      if (name.includes("\uFFFD")) {
        sink.problem(p, "path-not-utf8", "the name is not valid UTF-8 and cannot be reported faithfully; rename it to scan it");
        continue;
      }
      if (d.isFile()) sink.file(p, name, false);
      else if (d.isDirectory()) subdirs.push(p);
      else if (d.isSymbolicLink()) sink.symlink(p, safeReadlink(p));
      else if (d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice()) sink.special(p, specialKind(d));
      else lstatDispatch(p, name, subdirs, sink); // d_type unknown: ask lstat
    }
    // Depth-first, in name order within a directory (the report is sorted anyway).
    for (let i = subdirs.length - 1; i >= 0; i--) {
      const s = subdirs[i]!;
      if (PSEUDO.has(s)) sink.problem(s, "walk-pseudo-fs", "pseudo filesystem not scanned");
      else stack.push(s);
    }
  }
}

/** Filesystems that do not fill d_type: ask lstat. */
function lstatDispatch(p: string, name: string, subdirs: string[], sink: WalkSink): void {
  try {
    const st = lstatSync(p);
    if (st.isFile()) sink.file(p, name, false);
    else if (st.isDirectory()) subdirs.push(p);
    else if (st.isSymbolicLink()) sink.symlink(p, safeReadlink(p));
    else sink.special(p, specialKind(st));
  } catch (e) {
    sink.problem(p, "walk-stat-failed", `cannot stat: ${describeFsError(e)}`);
  }
}

function safeReadlink(p: string): string | null {
  try {
    return readlinkSync(p);
  } catch {
    return null;
  }
}
