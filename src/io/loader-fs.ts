// LoaderFs over node:fs, memoised: directory listings, realpaths, lstat, and parsed objects by
// (dev, ino). Tree files parsed during the scan are handed in, so nothing is parsed twice.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { parseElf } from "../elf/parse.js";
import type { ElfInfo } from "../elf/types.js";
import type { LoaderFs, ParsedObject } from "../loader/types.js";
import { fdSource } from "./file-source.js";

/** `compute` memoised in `cache`; a throw gives (and caches) `fallback`. */
function memo<T>(cache: Map<string, T>, compute: (key: string) => T, fallback: T): (key: string) => T {
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      try {
        v = compute(key);
      } catch {
        v = fallback;
      }
      cache.set(key, v);
    }
    return v as T;
  };
}

/** `map` (--root): where a path of the judged system is on this machine; identity without --root. */
export function createLoaderFs(known: ReadonlyMap<string, ElfInfo>, map: (path: string) => string = (p) => p): LoaderFs {
  const dirs = new Map<string, ReadonlySet<string> | null>();
  const reals = new Map<string, string | null>();
  const links = new Map<string, boolean>();
  const byPath = new Map<string, ParsedObject>();
  const byId = new Map<string, ParsedObject>();

  /** What is known of the file with this identity: looked at before, or parsed by the scan. */
  const recall = (st: Stats): ParsedObject | undefined => {
    const key = `${st.dev}:${st.ino}`;
    const seen = byId.get(key);
    if (seen) return seen;
    const info = st.isFile() ? known.get(key) : undefined;
    if (!info) return undefined;
    const res: ParsedObject = { ok: true, info, id: { dev: st.dev, ino: st.ino } };
    byId.set(key, res);
    return res;
  };

  const parseAt = (path: string): ParsedObject => {
    // Files the scan already parsed are recognised by identity: one stat, no open.
    try {
      const r = recall(statSync(path));
      if (r) return r;
    } catch {
      /* the open below reports why */
    }
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP"
        ? { ok: false, reason: "not-found", message: null, id: null }
        : { ok: false, reason: "unreadable", message: (e as Error).message, id: null };
    }
    try {
      // The opened file's identity decides (it may have been replaced since the stat).
      const st = fstatSync(fd);
      const r = recall(st);
      if (r) return r;
      const id = { dev: st.dev, ino: st.ino };
      let res: ParsedObject;
      if (st.isDirectory()) res = { ok: false, reason: "broken", message: null, id };
      else if (!st.isFile()) res = { ok: false, reason: "broken", message: null, id };
      else if (st.size < 64) res = { ok: false, reason: "too-short", message: null, id };
      else {
        const p = parseElf(fdSource(fd, st.size));
        if (p.info) res = { ok: true, info: p.info, id };
        else
          res = {
            ok: false,
            reason: p.errors[0]?.code === "elf-bad-ident" ? "not-elf" : p.errors[0]?.code === "elf-truncated" ? "too-short" : "broken",
            message: null,
            id,
          };
      }
      byId.set(`${st.dev}:${st.ino}`, res);
      return res;
    } catch (e) {
      return { ok: false, reason: "unreadable", message: (e as Error).message, id: null };
    } finally {
      closeSync(fd);
    }
  };

  return {
    listDir: memo(dirs, (dir) => new Set(readdirSync(map(dir))), null),
    object(path) {
      let o = byPath.get(path);
      if (!o) {
        o = parseAt(map(path));
        byPath.set(path, o);
      }
      return o;
    },
    realpath: memo(reals, (p) => realpathSync.native(map(p)), null),
    isSymlink: memo(links, (p) => lstatSync(map(p)).isSymbolicLink(), false),
  };
}
