// The searches a root runs: NixOS's (the target profile, with the judged environment's library path
// when there is one), and this build machine's (host mode, and the host pass for names NixOS lacks).
// One set per context, so the searches' memo is shared by every root.
import { isUnder } from "../model/paths.js";
import type { Loaded, Preloaded, ResolveContext } from "./context.js";
import type { SearchEnv } from "./search.js";
import type { Analysis, BuildHostProfile, HostProfile, LoaderFs, Role } from "./types.js";

/** The FHS library directories themselves (not what lies below them): a NixOS machine has none. */
const FHS_LIB_DIR = /^\/(usr\/)?(local\/)?lib(32|64|x32)?(\/[a-z0-9_]+-linux-gnu[a-z0-9_]*)?$/;

const ENVS = new WeakMap<ResolveContext, Envs>();

export interface Envs {
  nixos: SearchEnv;
  host: SearchEnv | null | undefined;
  /**
   * Objects with no file behind them, made once and shared by every root: nothing changes them, and
   * no search starts from them. glibc's libraries by name; what a root starts with, per host
   * profile (null: an executable, which starts with the loader alone).
   */
  glibc: Map<string, Loaded>;
  preloaded: Map<HostProfile | null, Preloaded>;
  /** The `host` line of an analysis, one per host profile. */
  hostLines: Map<HostProfile, Analysis["host"]>;
  /** The NixOS search as on a CPU with no hwcaps level, made when a hwcaps-only hit needs checking. */
  baseline?: SearchEnv;
  /** The NixOS search with a library path of the judged environment: nix-ld's, or LD_LIBRARY_PATH. */
  withPath: Map<SearchEnv["libraryPathVia"], SearchEnv>;
}

/**
 * The search a root runs in: through nix-ld (an FHS loader it serves) with NIX_LD_LIBRARY_PATH;
 * otherwise, in a known environment, with LD_LIBRARY_PATH (a host process passes it to addons).
 */
export function envFor(ctx: ResolveContext, envs: Envs, role: Role, interpreter: string | null): SearchEnv {
  const e = ctx.environment;
  if (e === null || ctx.mode === "host") return envs.nixos;
  const via = role === "executable" && interpreter === "fhs-nix-ld" ? "nix-ld-library-path" : "ld-library-path";
  const path = via === "nix-ld-library-path" ? e.nixLdLibraryPath : e.ldLibraryPath;
  if (path.length === 0) return envs.nixos;
  let env = envs.withPath.get(via);
  if (env === undefined) {
    const base = envs.nixos;
    // The judged system is this one: its library directories and the store paths they use exist.
    const present = (dir: string, fromOrigin: boolean) =>
      base.dirPresent(dir, fromOrigin) || path.some((d) => isUnder(d, dir)) || dir.startsWith("/nix/store/");
    env = { ...base, libraryPath: path, libraryPathVia: via, memo: new Map(), dirPresent: present };
    envs.withPath.set(via, env);
  }
  return env;
}

/** One pair of search environments (and so one memo) per context, shared by every root. */
export function envsOf(ctx: ResolveContext): Envs {
  let e = ENVS.get(ctx);
  if (!e) {
    const h = ctx.mode === "host" ? ctx.buildHost : null;
    // In host mode the main search is already this machine's: a host pass could find nothing more.
    e = {
      nixos: h ? hostEnv(ctx, h, true) : nixosEnv(ctx),
      host: h ? null : undefined,
      glibc: new Map(),
      preloaded: new Map(),
      hostLines: new Map(),
      withPath: new Map(),
    };
    ENVS.set(ctx, e);
  }
  return e;
}

function nixosEnv(ctx: ResolveContext): SearchEnv {
  const t = ctx.target;
  const bundle = ctx.bundleDirs;
  const present = new Map<string, boolean>();
  return {
    fs: ctx.fs,
    machineCode: t.machineCode,
    elfClass: t.class,
    dst: { lib: t.dstLib, platform: t.dstPlatform },
    hwcapsLevels: t.hwcapsLevels,
    legacySubdirs: [],
    libraryPath: [],
    libraryPathVia: "ld-library-path",
    symlinkLabels: true,
    cache: null,
    memo: new Map(),
    defaults: { kind: "virtual", names: new Set([...t.glibcProvided, ...t.glibcHacks]) },
    dirPresent: (dir, fromOrigin) => {
      const key = `${fromOrigin ? 1 : 0}${dir}`;
      let v = present.get(key);
      if (v === undefined) {
        const real = ctx.fs.realpath(dir);
        // Inside a scanned directory, or reached through $ORIGIN (it travels with the object).
        v = real !== null && (bundle.some((b) => isUnder(b, real)) || (fromOrigin && !FHS_LIB_DIR.test(real)));
        present.set(key, v);
      }
      return v;
    },
  };
}

/** The build machine's search: the whole emulation in host mode, or the host pass for names NixOS lacks (LOADER.md §8). */
export function hostEnv(ctx: ResolveContext, buildHost: BuildHostProfile, symlinkLabels: boolean): SearchEnv {
  return buildHostSearchEnv(ctx.fs, ctx.target.machineCode, ctx.target.class, buildHost, symlinkLabels);
}

/**
 * A search over this machine as it is: its default directories, ld.so.cache and $LIB; every
 * directory present. `symlinkLabels` false skips an lstat per candidate where no label is shown.
 */
export function buildHostSearchEnv(fs: LoaderFs, machineCode: number, elfClass: 32 | 64, buildHost: BuildHostProfile, symlinkLabels = true): SearchEnv {
  return {
    fs,
    symlinkLabels,
    machineCode,
    elfClass,
    dst: { lib: buildHost.dstLib, platform: buildHost.dstPlatform },
    hwcapsLevels: buildHost.hwcapsLevels,
    legacySubdirs: buildHost.legacySubdirs,
    libraryPath: [],
    libraryPathVia: "ld-library-path",
    cache: (name) => buildHost.cache.get(name) ?? [],
    defaults: { kind: "dirs", dirs: buildHost.systemDirs },
    dirPresent: () => true,
    memo: new Map(),
  };
}
