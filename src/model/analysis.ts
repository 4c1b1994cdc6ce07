// What the loader emulation concludes for one root: its edges, verdict and problems. Data only; the
// loader (src/loader) produces it, every renderer reads it.
import type { AnalysisProblem, EdgeNote, HostAssumption } from "./diagnostics.js";

export type SystemName = "x86_64-linux" | "aarch64-linux" | "i686-linux";

/** Where the emulated loader satisfied one DT_NEEDED (or .note.dlopen) name. */
export type EdgeStatus =
  | "provided-by-loader"
  | "provided-by-glibc"
  | "bundled"
  | "provided-by-host"
  /** Found in a directory of the judged environment: NIX_LD_LIBRARY_PATH (nix-ld) or LD_LIBRARY_PATH, or the store paths those libraries use. */
  | "provided-by-environment"
  | "resolvable-via-system"
  | "missing"
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
  | "ld-library-path"
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
  /**
   * Extra facts: hwcaps-only(<level>) (found only in that glibc-hwcaps subdirectory), cpu-dependent
   * (and missing on a CPU below that level), cwd-relative (an empty or relative search element, or a
   * relative path: looked up in the current directory too), via-symlink, order-dependent,
   * nixpkgs-hack, nix-store-path, bundled-glibc, platform-dependent, dlopen-<priority>.
   */
  labels: string[];
  /** Where it was found: a path in the tree, or on this build machine for resolvable-via-system. */
  path: string | null;
  /** Every candidate tried, in order, for names not satisfied on NixOS. */
  tried: TriedStep[];
  /** Why a candidate stopped the search, or another fact the status alone does not say. */
  note: EdgeNote | null;
}

/**
 * One step of a library search, in order: a candidate path (a string), or a step that opened no file:
 * a directory that does not exist or is not on the target, a current-directory search element, a path
 * from ld.so.cache, NixOS's glibc lib/ (names only), the default directories skipped (DF_1_NODEFLIB).
 */
export type TriedStep =
  | string
  | { step: "no-such-directory" | "outside-tree" | "ld.so.cache"; path: string }
  | { step: "current-directory"; element: string }
  | { step: "glibc-lib" }
  | { step: "nodeflib" };

export type Verdict =
  | "ok"
  | "needs-interpreter"
  | "needs-libraries"
  | "needs-newer-glibc"
  | "foreign"
  | "foreign-libc"
  | "broken-on-any-system"
  | "cpu-dependent"
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
  /** Each problem as a code and its facts, most important first (src/render/words/ gives the words). */
  problems: AnalysisProblem[];
  /** fhs-nix-ld: an FHS loader path that the judged system's nix-ld serves (NIX_LD is set there). */
  interpreter: { path: string; status: "nix-store" | "fhs-missing" | "fhs-nix-ld" | "musl" | "nonstandard" } | null;
  /** The host assumed for an addon, with the assumption spelled out; null for executables. */
  host: { name: string; assumption: HostAssumption } | null;
  edges: Edge[];
  /** Names that NixOS lacks (missing or resolvable-via-system), sorted, unique. */
  missing: string[];
  versionProblems: VersionProblem[];
  /** GLIBCXX_/CXXABI_/GCC_ needs on libraries outside the tree (for choosing a new enough gcc). */
  externalVersionNeeds: { file: string; versions: string[] }[];
  /** For libraries: the executables and addons of the scan that load it (its verdict then matters less). */
  loadedBy: string[];
}
