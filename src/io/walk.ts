// The tree walk: regular files to sniff, symlinks recorded (never followed into directories),
// special files skipped without opening, unreadable directories recorded, the walk goes on.
import { accessSync, constants, type Dirent, lstatSync, readdirSync, readlinkSync, statSync } from "node:fs";
import type { RootFailure, ScanProblem, SystemError } from "../model/report.js";

export interface WalkSink {
  /**
   * A regular file, in the directory `dir` (the path it was listed from, or what a root file's path has
   * before its name); `explicit` when it was named as a root (then a symlink to it is followed).
   */
  file(path: string, name: string, explicit: boolean, dir: string): void;
  symlink(path: string, target: string | null): void;
  special(path: string, kind: "fifo" | "socket" | "char-device" | "block-device" | "unknown"): void;
  problem(path: string, problem: WalkProblem): void;
}

export type WalkProblem = Exclude<ScanProblem, { code: "file-unreadable" }>;

export interface WalkOptions {
  /**
   * Leave `path` out (a directory with everything below it: it is not even listed). Asked for the root
   * too; `isDir` says whether the path is a directory (symlinks are not).
   */
  ignored?: (path: string, isDir: boolean) => boolean;
  /** Directory names not entered below a root (a root with such a name is still scanned). */
  skipDirNames?: ReadonlySet<string>;
}

/** Version-control metadata: hook samples and packed objects, never the project's binaries. */
export const VCS_DIRS: ReadonlySet<string> = new Set([".git", ".hg", ".svn", "_darcs", ".jj"]);

/** The root itself cannot be scanned (exit 2): what we were doing when the filesystem said no. */
export class WalkRootError extends Error {
  readonly failure: RootFailure;
  constructor(
    root: string,
    doing: RootFailure["doing"],
    readonly error: unknown,
  ) {
    const failure = { root, doing, error: systemError(error) };
    super(`${doing} ${root}: ${failure.error.message}`);
    this.failure = failure;
    this.name = "WalkRootError";
  }
}

const PSEUDO = new Set(["/proc", "/sys", "/dev"]);

function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** What the system said about a failed call: its error code and its own message. */
export function systemError(error: unknown): SystemError {
  const err = error as NodeJS.ErrnoException;
  return { errno: typeof err?.code === "string" ? err.code : null, message: err?.message ?? String(error) };
}

/**
 * Walk one root. A root that is a file (or a symlink to one) is reported as a file. Throws
 * WalkRootError when the root itself cannot be looked up, listed or read.
 */
export function walkRoot(root: string, sink: WalkSink, options: WalkOptions = {}): void {
  let st: ReturnType<typeof statSync>;
  try {
    // statSync follows a symlink given explicitly on the command line, like `find -H`.
    st = statSync(root);
  } catch (e) {
    throw new WalkRootError(root, "look-up", e);
  }
  if (options.ignored?.(root, st.isDirectory())) return;
  if (st.isDirectory()) walkDir(root, sink, options);
  else if (st.isFile()) {
    try {
      accessSync(root, constants.R_OK);
    } catch (e) {
      throw new WalkRootError(root, "open", e);
    }
    const slash = root.lastIndexOf("/");
    sink.file(root, root.slice(slash + 1), true, slash < 0 ? "" : slash === 0 ? "/" : root.slice(0, slash));
  } else sink.special(root, specialKind(st));
}

/** How to name `p` (below `root`) to --ignore, quoted for a POSIX shell; "GLOB" when a name would not match itself. */
function ignoreArgument(root: string, path: string): string {
  const rel = path.slice(root.endsWith("/") ? root.length : root.length + 1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: such a name cannot be typed as a glob
  if (rel === "" || /[*?\u0000-\u001f\u007f]/.test(rel)) return "GLOB";
  return /^[A-Za-z0-9_.,/+@%=:-]+$/.test(rel) ? rel : `'${rel.replace(/'/g, "'\\''")}'`;
}

type SpecialKind = Parameters<WalkSink["special"]>[1];

/** What a non-regular, non-directory, non-symlink entry is (lstat's or readdir's answer). */
function specialKind(x: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): SpecialKind {
  return x.isFIFO() ? "fifo" : x.isSocket() ? "socket" : x.isCharacterDevice() ? "char-device" : x.isBlockDevice() ? "block-device" : "unknown";
}

function walkDir(root: string, sink: WalkSink, options: WalkOptions): void {
  const ignored = options.ignored;
  const skipNames = options.skipDirNames;
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root) throw new WalkRootError(root, "list", e);
      sink.problem(dir, { code: "walk-unreadable-dir", detail: { reason: "cannot-list", error: systemError(e), ignoreGlob: ignoreArgument(root, dir) } });
      continue;
    }
    const subdirs: string[] = [];
    for (const d of entries) {
      const name = d.name;
      const p = join(dir, name);
      if (name.includes("\uFFFD")) {
        sink.problem(p, { code: "path-not-utf8", detail: { reason: "not-utf8" } });
        continue;
      }
      if (d.isDirectory()) {
        if (!skipNames?.has(name) && !ignored?.(p, true)) subdirs.push(p);
      } else if (ignored?.(p, false)) continue;
      else if (d.isFile()) sink.file(p, name, false, dir);
      else if (d.isSymbolicLink()) sink.symlink(p, safeReadlink(p));
      else if (d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice()) sink.special(p, specialKind(d));
      else lstatDispatch(p, name, dir, subdirs, sink, options); // d_type unknown: ask lstat
    }
    // Depth-first, in name order within a directory (the report is sorted anyway).
    for (let i = subdirs.length - 1; i >= 0; i--) {
      const s = subdirs[i]!;
      if (PSEUDO.has(s)) sink.problem(s, { code: "walk-pseudo-fs", detail: { reason: "pseudo-fs" } });
      else stack.push(s);
    }
  }
}

/** Filesystems that do not fill d_type: ask lstat. */
function lstatDispatch(path: string, name: string, dir: string, subdirs: string[], sink: WalkSink, options: WalkOptions): void {
  try {
    const st = lstatSync(path);
    if (st.isFile()) sink.file(path, name, false, dir);
    else if (st.isDirectory()) {
      // Asked again as a directory: a directory-only glob ("vendor/**" prunes "vendor") may apply.
      if (!options.skipDirNames?.has(name) && !options.ignored?.(path, true)) subdirs.push(path);
    } else if (st.isSymbolicLink()) sink.symlink(path, safeReadlink(path));
    else sink.special(path, specialKind(st));
  } catch (e) {
    sink.problem(path, { code: "walk-stat-failed", detail: { reason: "cannot-stat", error: systemError(e) } });
  }
}

function safeReadlink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
