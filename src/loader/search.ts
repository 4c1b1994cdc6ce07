// One library search as ld.so does it (LOADER.md §7): RPATH chain (unless RUNPATH), then
// LD_LIBRARY_PATH, RUNPATH, ld.so.cache, default dirs; hwcaps subdirectories first in each dir;
// wrong class or machine skipped, any other unloadable candidate stops the search.
import type { ElfInfo } from "../elf/types.js";
import type { TriedStep } from "../model/analysis.js";
import type { CandidateRejection, EdgeNote } from "../model/diagnostics.js";
import { type DstValues, pathList, usesOrigin, usesPlatform } from "./dst.js";
import type { EdgeVia, LoaderFs } from "./types.js";

/** A loaded object as the search needs it. */
export interface SearchObject {
  path: string;
  origin: string | null;
  rpath: string | null;
  runpath: string | null;
  nodeflib: boolean;
  loader: SearchObject | null;
  /** searchLibrary's cache of contextKey() for this object, with the main object it was made for. */
  searchKey?: { main: SearchObject | null; key: string } | undefined;
}

/** The RPATH an object contributes to searches: none when it also has a RUNPATH (LOADER.md §5). */
export function effectiveRpath(info: Pick<ElfInfo, "rpath" | "runpath">): string | null {
  return info.runpath !== null ? null : info.rpath;
}

/** Byte order and OS ABI a Linux loader accepts: little endian (the targets), SYSV or GNU/Linux. */
export function abiSupported(info: Pick<ElfInfo, "endian" | "osAbiCode">): boolean {
  return info.endian === "little" && (info.osAbiCode === 0 || info.osAbiCode === 3);
}

/** Whether the object carries DF_1_NODEFLIB (no ld.so.cache, no default directories). */
export function hasNodeflib(info: Pick<ElfInfo, "flags1">): boolean {
  return info.flags1?.nodeflib === true;
}

export interface SearchEnv {
  fs: LoaderFs;
  machineCode: number;
  elfClass: 32 | 64;
  dst: Omit<DstValues, "origin">;
  hwcapsLevels: readonly string[];
  /** Pre-2.37 glibc also tries these subdirectories (tls/x86_64/x86_64, ..., x86_64) before the plain dir. */
  legacySubdirs: readonly string[];
  /** Directories searched as LD_LIBRARY_PATH (nix-ld mode); empty on plain NixOS. */
  libraryPath: readonly string[];
  /** How a hit on libraryPath is labelled: nix-ld's NIX_LD_LIBRARY_PATH, or LD_LIBRARY_PATH. */
  libraryPathVia: "nix-ld-library-path" | "ld-library-path";
  /** ld.so.cache lookup (host pass only). */
  cache: ((name: string) => readonly string[]) | null;
  /** Default directories (host pass), or the virtual glibc directory (NixOS). */
  defaults: { kind: "dirs"; dirs: readonly string[] } | { kind: "virtual"; names: ReadonlySet<string> };
  /** Label candidates reached through a symlink ("via-symlink"); off for the host pass, which shows no labels. */
  symlinkLabels: boolean;
  /** Whether a directory exists on the target (NixOS: inside the bundle; host: always). */
  dirPresent: (dir: string, fromOrigin: boolean) => boolean;
  /**
   * Results by everything that decides them: the requester's search context (contextKey: its lists
   * and origins, NODEFLIB), then the name. Two levels, so a lookup hashes no freshly built string.
   */
  memo: Map<string, Map<string, SearchResult>>;
}

export type SearchResult =
  | { kind: "file"; path: string; info: ElfInfo; id: string; via: EdgeVia; labels: string[]; tried: TriedStep[] }
  | { kind: "virtual"; via: EdgeVia; tried: TriedStep[] }
  | { kind: "fatal"; path: string; note: EdgeNote; via: EdgeVia; tried: TriedStep[] }
  | { kind: "none"; tried: TriedStep[]; cwdDependent: boolean; unresolvable: boolean };

type Probe = { kind: "file"; path: string; info: ElfInfo; id: string; labels: string[] } | { kind: "fatal"; path: string; note: EdgeNote } | null;

/** Search for `name` (no slash) on behalf of `o`. Results are shared: callers must not mutate them. */
export function searchLibrary(name: string, object: SearchObject, main: SearchObject | null, env: SearchEnv): SearchResult {
  let sk = object.searchKey;
  if (sk === undefined || sk.main !== main) {
    sk = { main, key: contextKey(object, main) };
    object.searchKey = sk;
  }
  let byName = env.memo.get(sk.key);
  if (byName === undefined) {
    byName = new Map();
    env.memo.set(sk.key, byName);
  }
  let r = byName.get(name);
  if (r === undefined) {
    r = searchUncached(name, object, main, env);
    byName.set(name, r);
  }
  return r;
}

/** Everything the search reads from the objects: the RPATH chain with origins, RUNPATH, NODEFLIB. */
function contextKey(object: SearchObject, main: SearchObject | null): string {
  let k = object.nodeflib ? "1" : "0";
  if (object.runpath !== null) return `${k}\0R${object.runpath}\0${object.origin}`;
  let mainSeen = false;
  for (let l: SearchObject | null = object; l !== null; l = l.loader) {
    if (l === main) mainSeen = true;
    if (l.rpath !== null) k += `\0P${l.rpath}\0${l.origin}`;
  }
  if (!mainSeen && main !== null && main.rpath !== null) k += `\0M${main.rpath}\0${main.origin}`;
  return k;
}

function searchUncached(name: string, object: SearchObject, main: SearchObject | null, env: SearchEnv): SearchResult {
  const tried: TriedStep[] = [];
  let cwdDependent = false;
  let unresolvable = false;

  const tryList = (owner: SearchObject, value: string, via: EdgeVia): SearchResult | null => {
    for (const el of pathList(value, { ...env.dst, origin: owner.origin })) {
      if (el.kind === "cwd") {
        cwdDependent = true;
        tried.push({ step: "current-directory", element: el.raw });
        continue;
      }
      if (el.kind === "unresolvable") {
        unresolvable = true;
        continue;
      }
      const hit = tryDir(el.dir, name, env, tried, usesOrigin(el.raw));
      // $PLATFORM is the CPU's AT_PLATFORM (x86_64 assumed; haswell or xeon_phi on some Intel CPUs).
      if (hit) return { ...hit, via, tried, ...(hit.kind === "file" && usesPlatform(el.raw) ? { labels: [...hit.labels, "platform-dependent"] } : {}) };
    }
    return null;
  };

  // 1. RPATH chain, only when the requester has no RUNPATH.
  if (object.runpath === null) {
    let mainSeen = false;
    for (let l: SearchObject | null = object, depth = 0; l !== null; l = l.loader, depth++) {
      if (l === main) mainSeen = true;
      if (l.rpath !== null) {
        const r = tryList(l, l.rpath, depth === 0 ? "rpath" : l === main ? "rpath-of-main" : "rpath-of-ancestor");
        if (r) return r;
      }
    }
    if (!mainSeen && main !== null && main.rpath !== null) {
      const r = tryList(main, main.rpath, "rpath-of-main");
      if (r) return r;
    }
  }
  // 2. LD_LIBRARY_PATH (for a program run through nix-ld, the NIX_LD_LIBRARY_PATH it turns into that).
  for (const dir of env.libraryPath) {
    const hit = tryDir(dir, name, env, tried, false);
    if (hit) return { ...hit, via: env.libraryPathVia, tried };
  }
  // 3. The requester's own RUNPATH.
  if (object.runpath !== null) {
    const r = tryList(object, object.runpath, "runpath");
    if (r) return r;
  }
  // 4. ld.so.cache (none on NixOS), 5. default directories; both skipped with DF_1_NODEFLIB.
  if (!object.nodeflib) {
    if (env.cache) {
      for (const p of env.cache(name)) {
        const hit = verify(p, env);
        tried.push({ step: "ld.so.cache", path: p });
        if (hit && hit.kind === "file") return { ...hit, via: "ld.so.cache", tried };
      }
    }
    if (env.defaults.kind === "virtual") {
      tried.push({ step: "glibc-lib" });
      if (env.defaults.names.has(name)) return { kind: "virtual", via: "default-dirs", tried };
    } else {
      for (const dir of env.defaults.dirs) {
        const hit = tryDir(dir, name, env, tried, false);
        if (hit) return { ...hit, via: "default-dirs", tried };
      }
    }
  } else {
    tried.push({ step: "nodeflib" });
  }
  return { kind: "none", tried, cwdDependent, unresolvable };
}

/** Try `dir`'s glibc-hwcaps subdirectories, then `dir` itself. */
function tryDir(dir: string, name: string, env: SearchEnv, tried: TriedStep[], fromOrigin: boolean): Probe {
  if (!env.dirPresent(dir, fromOrigin)) {
    tried.push({ step: env.fs.realpath(dir) === null ? "no-such-directory" : "outside-tree", path: `${dir}/${name}` });
    return null;
  }
  const entries = env.fs.listDir(dir);
  if (entries !== null && env.hwcapsLevels.length > 0 && entries.has("glibc-hwcaps")) {
    for (const level of env.hwcapsLevels) {
      const sub = `${dir}/glibc-hwcaps/${level}`;
      const subEntries = env.fs.listDir(sub);
      if (subEntries === null || !subEntries.has(name)) continue;
      const cand = `${sub}/${name}`;
      tried.push(cand);
      const hit = verify(cand, env);
      if (hit) return hit.kind === "file" ? { ...hit, labels: [...hit.labels, `hwcaps-only(${level})`] } : hit;
    }
  }
  for (const sub of env.legacySubdirs) {
    const first = sub.split("/")[0]!;
    if (entries === null || !entries.has(first)) continue;
    const subEntries = env.fs.listDir(`${dir}/${sub}`);
    if (subEntries === null || !subEntries.has(name)) continue;
    const cand = `${dir}/${sub}/${name}`;
    tried.push(cand);
    const hit = verify(cand, env);
    if (hit) return hit;
  }
  const cand = dir === "/" ? `/${name}` : `${dir}/${name}`;
  tried.push(cand);
  if (entries === null || !entries.has(name)) return null;
  return verify(cand, env);
}

function rejected(path: string, reason: CandidateRejection, message: string | null = null): Probe {
  return { kind: "fatal", path, note: { code: "candidate-rejected", reason, message } };
}

/** The checks ld.so makes on a candidate, in its order (LOADER.md §7 "Trying a directory"). */
export function verify(path: string, env: Pick<SearchEnv, "fs" | "machineCode" | "elfClass" | "symlinkLabels">): Probe {
  const o = env.fs.object(path);
  if (!o.ok) {
    if (o.reason === "not-found" || o.reason === "unreadable") return null;
    const reason: CandidateRejection = o.reason === "too-short" ? "file-too-short" : o.reason === "not-elf" ? "invalid-elf-header" : "unreadable";
    return rejected(path, reason, reason === "unreadable" ? o.message : null);
  }
  const i = o.info;
  if (i.class !== env.elfClass) return null;
  if (!abiSupported(i)) return rejected(path, "unsupported-encoding-or-abi");
  if (i.machineCode !== env.machineCode) return null;
  if (i.typeCode !== 2 && i.typeCode !== 3) return rejected(path, "not-dyn-or-exec");
  if (i.loadSegments === 0) return rejected(path, "no-load-segments");
  if (!i.hasDynamic) return rejected(path, "no-dynamic-section");
  if (i.typeCode === 2) return rejected(path, "executable");
  if (i.flags1?.pie) return rejected(path, "pie-executable");
  const labels = env.symlinkLabels && env.fs.isSymlink(path) ? ["via-symlink"] : [];
  return { kind: "file", path, info: i, id: `${o.id.dev}:${o.id.ino}`, labels };
}
