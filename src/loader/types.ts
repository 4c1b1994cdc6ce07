// Types of the loader emulation: target profiles, the filesystem port it needs, and its results.
import type { ElfInfo } from "../elf/types.js";
import type { SystemName } from "../model/analysis.js";
import type { HostAssumption } from "../model/diagnostics.js";

// The analysis result types live in src/model/analysis.ts (the report carries them).
export type { Analysis, Edge, EdgeStatus, EdgeVia, Role, SystemName, Verdict, VersionProblem } from "../model/analysis.js";

/** What a NixOS system looks like to the dynamic loader (data, see profiles.ts). */
export interface TargetProfile {
  system: SystemName;
  machineCode: number;
  class: 32 | 64;
  /** The loader's own SONAME. */
  loaderSoname: string;
  /** FHS interpreter paths binaries carry; none exists on NixOS. */
  fhsInterpreters: string[];
  /** glibc version of the nixpkgs release the profile describes. */
  glibcVersion: string;
  /** Which nixpkgs release(s) the glibc facts describe. */
  describes: string;
  /** File names in nixpkgs glibc's lib/. */
  glibcProvided: string[];
  /** Names glibc's lib/ has only through a nixpkgs addition (libgcc_s.so.1). */
  glibcHacks: string[];
  dstLib: string;
  dstPlatform: string;
  /** glibc-hwcaps subdirectories tried, best first (CPU-dependent: an assumption). */
  hwcapsLevels: string[];
}

/** A process that dlopen()s shared objects from the tree (an addon's host). */
export interface HostProfile {
  name: string;
  /** Why we believe this; printed with results that depend on it. */
  assumption: HostAssumption;
  /** SONAMEs the host process has loaded before it dlopen()s an addon. */
  loaded: string[];
  /** The host's DT_RPATH, if any (its RUNPATH does not apply to dlopen'ed objects). */
  rpath: string | null;
  /** The host dlopen()s the real path (node resolves symlinks of modules), so $ORIGIN is the real directory. */
  opensRealPath: boolean;
}

/** The build machine, used only to label "resolvable-via-system" and "broken-on-any-system". */
export interface BuildHostProfile {
  systemDirs: string[];
  /** ld.so.cache: soname -> paths (any class; verified on use). */
  cache: ReadonlyMap<string, readonly string[]>;
  dstLib: string;
  dstPlatform: string;
  hwcapsLevels: string[];
  /** Legacy hwcap subdirectories a pre-2.37 glibc tries (empty from 2.37 on). */
  legacySubdirs: string[];
}

export interface FileId {
  dev: number;
  ino: number;
}

export type ParsedObject =
  | { ok: true; info: ElfInfo; id: FileId }
  /** `message`: the system's own error, for an unreadable file (null otherwise). */
  | { ok: false; reason: "not-found" | "not-elf" | "too-short" | "unreadable" | "broken"; message: string | null; id: FileId | null };

/** The filesystem as the emulation needs it; implemented over node:fs in src/io/loader-fs.ts. */
export interface LoaderFs {
  /** Entry names of a directory, or null when it cannot be listed. Memoised. */
  listDir(dir: string): ReadonlySet<string> | null;
  /** Parse (or recall) the object at `path`, following symlinks. Memoised by identity. */
  object(path: string): ParsedObject;
  /** realpath(3), or null. Memoised. */
  realpath(path: string): string | null;
  /** True when the path is a symbolic link. */
  isSymlink(path: string): boolean;
}
