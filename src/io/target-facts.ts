// The files that say which nixpkgs release to judge against: the scanned project's flake.lock and the
// host's /etc/os-release. Reading is capped and never throws; parsing is config/target-source.ts.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { readFlakeLock, readOsRelease, type SourceReading } from "../config/target-source.js";
import { isUnder } from "../model/paths.js";
import type { SourceProblem, UnreadableReason } from "../model/target.js";

/** The most a source file may hold: a real flake.lock is a few kB, an os-release a few hundred bytes. */
export const SOURCE_CAP = 1024 * 1024;

export const OS_RELEASE = "/etc/os-release";

type Text = { text: string } | { reason: UnreadableReason; detail: SourceProblem };

/** A small text file: at most SOURCE_CAP bytes, valid UTF-8, no NUL. */
export function readSmallText(path: string): Text {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO (or device) under the name opens at once and is turned away below instead of hanging.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { reason: "read-failed", detail: { problem: "system-error", error: (e as NodeJS.ErrnoException).code ?? (e as Error).message } };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: "read-failed", detail: { problem: "not-regular-file" } };
    if (st.size > SOURCE_CAP) return { reason: "too-large", detail: { problem: "over-cap", size: st.size, cap: SOURCE_CAP } };
    const buf = Buffer.alloc(SOURCE_CAP + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > SOURCE_CAP) return { reason: "too-large", detail: { problem: "over-cap", size: null, cap: SOURCE_CAP } };
    }
    const bytes = buf.subarray(0, n);
    if (bytes.includes(0)) return { reason: "binary", detail: { problem: "nul-bytes" } };
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { reason: "binary", detail: { problem: "not-utf8" } };
    }
  } catch (e) {
    return { reason: "read-failed", detail: { problem: "system-error", error: (e as NodeJS.ErrnoException).code ?? (e as Error).message } };
  } finally {
    closeSync(fd);
  }
}

/** Read `path` and parse it; `shown` is how the report names the file. */
function readWith(path: string, shown: string, parse: (text: string, file: string) => SourceReading): SourceReading {
  const t = readSmallText(path);
  if ("text" in t) return parse(t.text, shown);
  return { release: null, source: null, warnings: [{ code: "source-unreadable", file: shown, key: "(file)", reason: t.reason, detail: t.detail }] };
}

/**
 * The nearest flake.lock in `from` or above it, stopping at the repository root (a directory
 * holding .git), as the config search does; null when there is none.
 */
export function findFlakeLock(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, "flake.lock");
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir || existsSync(join(dir, ".git"))) return null;
    dir = up;
  }
}

/** The release the nearest flake.lock names (nothing when there is none); named relative to `cwd` when under it. */
export function flakeLockRelease(from: string, cwd: string): SourceReading {
  const file = findFlakeLock(from);
  if (file === null) return { release: null, source: null, warnings: [] };
  const base = resolve(cwd);
  return readWith(file, isUnder(base, file) ? relative(base, file) : file, readFlakeLock);
}

/** The release a NixOS host's os-release names (nothing when the file is absent or not NixOS's). */
export function osReleaseRelease(path: string): SourceReading {
  if (!existsSync(path)) return { release: null, source: null, warnings: [] };
  return readWith(path, path, readOsRelease);
}
