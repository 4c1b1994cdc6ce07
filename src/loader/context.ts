// What one load-graph emulation runs with: the context every root shares (target, filesystem, hosts,
// the judged environment) and the objects a root loads.
import type { ElfInfo } from "../elf/types.js";
import type { SearchObject } from "./search.js";
import type { BuildHostProfile, HostProfile, LoaderFs, TargetProfile } from "./types.js";

export interface JudgedEnvironment {
  /** nix-ld serves the FHS loader paths (NIX_LD is set, or the system ships nix-ld's loader). */
  nixLd: boolean;
  /** NIX_LD_LIBRARY_PATH's directories (absolute, existing). */
  nixLdLibraryPath: readonly string[];
  /** LD_LIBRARY_PATH's directories (absolute, existing). */
  ldLibraryPath: readonly string[];
}

export interface ResolveContext {
  fs: LoaderFs;
  target: TargetProfile;
  /** The build machine, for resolvable-via-system / broken-on-any-system; null skips that pass. */
  buildHost: BuildHostProfile | null;
  /** Host assumed for `.node` addons. */
  addonHost: HostProfile;
  /** Host assumed for other shared objects analysed on their own. */
  libraryHost: HostProfile;
  /** Real paths of the scanned directories: what travels with the binaries to NixOS. */
  bundleDirs: readonly string[];
  /**
   * The environment a program runs in on the judged system, when it is known (the host's nix-ld and
   * library paths; null: a generic NixOS of the release, as before). Executables with an FHS loader
   * run through nix-ld (its library path); the rest, and addons in their host process, see
   * LD_LIBRARY_PATH.
   */
  environment: JudgedEnvironment | null;
  /** Absolute path -> the path as the user wrote it. */
  display: (abs: string) => string;
  /**
   * "nixos" (default): the target profile. "host": this build machine as it is, every directory
   * present and every object expanded; used to check the emulation against the real loader.
   */
  mode?: "nixos" | "host";
  /** Told of every tree object a root loads (by the scan's own ElfInfo object) and the path it was opened as (as edges name their requester), for "loaded by". */
  onLoaded?: (info: ElfInfo, openedAs: string) => void;
}

export type Kind = "tree" | "glibc" | "loader" | "host" | "main-virtual";

export interface Loaded extends SearchObject {
  id: string | null;
  soname: string | null;
  kind: Kind;
  info: ElfInfo | null;
  loader: Loaded | null;
}

export interface Preloaded {
  main: Loaded | null;
  loader: Loaded;
  /** One object per name of the host's `loaded`, in its order. */
  loaded: Loaded[];
}
