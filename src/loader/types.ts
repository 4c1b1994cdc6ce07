// Types of the loader emulation: target profiles, the filesystem port it needs, and its results.
import type { ElfInfo } from "../elf/types.js";
import type { AnalysisProblem, EdgeNote } from "../model/diagnostics.js";

export type SystemName = "x86_64-linux" | "aarch64-linux" | "i686-linux";

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
  assumption: string;
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
  | { ok: false; reason: "not-found" | "not-elf" | "too-short" | "unreadable" | "broken"; message: string; id: FileId | null };

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

/** Where the emulated loader satisfied one DT_NEEDED (or .note.dlopen) name. */
export type EdgeStatus =
  | "provided-by-loader"
  | "provided-by-glibc"
  | "bundled"
  | "provided-by-host"
  | "resolvable-via-system"
  | "missing"
  | "cwd-dependent"
  | "fatal-candidate"
  | "unresolvable-dst"
  | "foreign-libc";

/** How the name was found (libtree's "how"). */
export type EdgeVia =
  | "already-loaded"
  | "rpath"
  | "rpath-of-ancestor"
  | "rpath-of-main"
  | "nix-ld-library-path"
  | "runpath"
  | "ld.so.cache"
  | "default-dirs"
  | "absolute-path"
  | "dst-in-needed";

export interface Edge {
  /** Display path of the object whose DT_NEEDED (or dlopen note) asked. */
  requester: string;
  name: string;
  status: EdgeStatus;
  via: EdgeVia | null;
  /** Extra facts: hwcaps-only(<level>), via-symlink, order-dependent, nixpkgs-hack, nix-store-path, bundled-glibc, dlopen-<priority>. */
  labels: string[];
  /** Where it was found: a path in the tree, or on this build machine for resolvable-via-system. */
  path: string | null;
  /** Every candidate tried, in order, for names not satisfied on NixOS. */
  tried: string[];
  /** Why a candidate stopped the search, or another fact the status alone does not say. */
  note: EdgeNote | null;
}

export type Verdict =
  | "ok"
  | "needs-interpreter"
  | "needs-libraries"
  | "needs-newer-glibc"
  | "foreign"
  | "foreign-libc"
  | "broken-on-any-system"
  | "cwd-dependent"
  | "unparseable";

export type Role = "executable" | "addon" | "library" | "static";

export interface VersionProblem {
  code: "glibc-too-old" | "version-missing" | "version-missing-weak";
  requester: string;
  file: string;
  version: string;
  /** The object that should define the version: a bundled file, or null for glibc itself. */
  provider: string | null;
}

export interface Analysis {
  role: Role;
  verdict: Verdict;
  /** Each problem as a code and its facts, most important first (src/render/words.ts gives the words). */
  problems: AnalysisProblem[];
  interpreter: { path: string; status: "nix-store" | "fhs-missing" | "musl" | "nonstandard" } | null;
  /** The host assumed for an addon, with the assumption spelled out; null for executables. */
  host: { name: string; assumption: string } | null;
  edges: Edge[];
  /** Names that NixOS lacks (missing or resolvable-via-system), sorted, unique. */
  missing: string[];
  versionProblems: VersionProblem[];
  /** GLIBCXX_/CXXABI_/GCC_ needs on libraries outside the tree (for choosing a new enough gcc). */
  externalVersionNeeds: { file: string; versions: string[] }[];
  /** For libraries: the executables and addons of the scan that load it (its verdict then matters less). */
  loadedBy: string[];
}
