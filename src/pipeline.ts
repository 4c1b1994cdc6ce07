// The one pipeline the command line and the library both run: scan -> analyse -> map -> apply the
// project's policy -> map what still fails. Each stage returns a new value; nothing is changed in
// place. Options are settled here once (settle()), so the library's defaults are the CLI's.

import { type Config, EMPTY_CONFIG } from "./config/config.js";
import { applyAcceptance, type Baseline, ignoreMatcher, projectPaths } from "./config/policy.js";
import { unknownProvides } from "./config/provides.js";
import { chooseTarget } from "./config/target.js";
import { configStart } from "./io/config-file.js";
import { defaultTarget, readEnvironment } from "./io/environment.js";
import { nixLocate } from "./io/nix-locate.js";
import { listDir, pathExists, readHead } from "./io/package-files.js";
import { isDirectory, resolveInRoot } from "./io/rooted.js";
import { flakeLockRelease, OS_RELEASE, osReleaseRelease } from "./io/target-facts.js";
import { type NixpkgsRelease, RELEASE_NAME, systemForArch } from "./loader/profiles.js";
import type { HostProfile, SystemName } from "./loader/types.js";
import { checkVersions } from "./model/package-state.js";
import type { ScanReport } from "./model/report.js";
import type { TargetReport } from "./model/target.js";
import { type Locate, mapReport } from "./nixpkgs/select.js";
import { configWarningText, environmentWarningText, targetWarningText } from "./render/words/index.js";
import { analyseReport } from "./scan/analyse.js";
import { hostFromArgument } from "./scan/host.js";
import { lookOutside, type OutsideLook } from "./scan/outside.js";
import { scanOutside } from "./scan/outside-scan.js";
import { inTreeVariables } from "./scan/packages.js";
import { collect } from "./scan/scan.js";

/** No NixOS profile for this machine's architecture and no --system: an operational error. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

/** What a caller may say; everything else takes the default that the CLI documents. */
export interface PipelineRequest {
  roots: readonly string[];
  /** What relative roots are relative to. */
  cwd: string;
  /** This machine's architecture (as Node names it), for the default --system. */
  arch: string;
  system?: SystemName | null;
  /** A release name (26.05, unstable); one the data does not know is judged as the nearest known, with a warning. */
  nixpkgs?: string | null;
  /** Look for the scanned project's flake.lock (default true). */
  flakeLock?: boolean;
  /** Where that search starts (default: the first root, or its directory). */
  flakeLockFrom?: string;
  /** The host's os-release, consulted on NixOS (default /etc/os-release; null: not consulted). */
  osRelease?: string | null;
  /** Today as YYYY-MM-DD, for end-of-life warnings (default: the clock's date). */
  today?: string;
  allFiles?: boolean;
  /** Run the loader emulation and the nixpkgs mapping (default true). */
  resolve?: boolean;
  /** Who dlopen()s `.node` addons: "node" (default), "none", a path to an executable, or a profile. */
  host?: string | HostProfile | null;
  /** Consult this machine's libraries to say where a missing one lives (default true). */
  buildHostPass?: boolean;
  /**
   * The system judged: "host" (this machine's environment: nix-ld, NIX_LD_LIBRARY_PATH, LD_LIBRARY_PATH,
   * read from `env`) or "generic" (any NixOS of the release). Default: host on NixOS or with NIX_LD* set.
   */
  judge?: "host" | "generic" | null;
  /** --root DIR: the judged system is mounted at DIR (its os-release, nix-ld directory and store are read there); implies judge "host". */
  root?: string | null;
  /** soname -> attribute pins, over the config's. */
  prefer?: Readonly<Record<string, string>>;
  /** Use nix-locate for sonames the table does not know, when it is installed (default true). */
  nixLocate?: boolean;
  /** The environment: what --target host reads (NIX_LD*, LD_LIBRARY_PATH) and what nix-locate runs in. */
  env?: NodeJS.ProcessEnv;
  /** Ignore globs from the command line (relative to the root they are under). */
  ignore?: readonly string[];
  /** The project's policy (default: none). */
  config?: Config;
  /** Where config globs and baseline entries are relative to (the config file's directory). */
  projectDir?: string;
  /** How warnings name the config (its file, and the key in package.json). */
  configWhere?: string;
  /** Findings recorded earlier (default: none). */
  baseline?: Baseline | null;
  onProgress?: (files: number, elf: number) => void;
  /** One-line warnings (unknown provides attributes, ...). */
  onWarning?: (message: string) => void;
}

export interface Settled {
  system: SystemName;
  nixpkgs: NixpkgsRelease;
  host: string | HostProfile;
  /** The release judged, where it came from, its facts and warnings. */
  target: TargetReport;
}

/**
 * The target and host. The system: request, config, this machine. The release: request (--nixpkgs),
 * the config's "nixpkgs", the scanned project's flake.lock (nearest at or above the first root), the
 * host's os-release on NixOS, the built-in default (config/target.ts).
 */
export function settle(req: PipelineRequest): Settled {
  const config = req.config;
  const system = req.system ?? config?.system ?? systemForArch(req.arch);
  if (system === null)
    throw new TargetError(`this machine's architecture (${req.arch}) has no NixOS profile; pass --system x86_64-linux, aarch64-linux or i686-linux`);
  const option = req.nixpkgs ?? null;
  if (option !== null && !RELEASE_NAME.test(option))
    throw new TargetError(`nixpkgs ${JSON.stringify(option)} is not a release name; give one such as 26.05 or unstable`);
  const nothing = { release: null, source: null, warnings: [] };
  const osRelease = osReleaseOf(req);
  const target = chooseTarget({
    option,
    config: config?.nixpkgs ? { release: config.nixpkgs, file: req.configWhere ?? "the config" } : null,
    flakeLock: () => (req.flakeLock === false ? nothing : flakeLockRelease(req.flakeLockFrom ?? configStart(req.cwd, req.roots[0] ?? "."), req.cwd)),
    osRelease: () => (osRelease === null ? nothing : osReleaseRelease(osRelease)),
    system,
    today: req.today ?? new Date().toISOString().slice(0, 10),
  });
  return { system, nixpkgs: target.release, host: req.host ?? config?.host ?? "node", target };
}

/** The judged system's os-release: as asked (NIX_BINCHECK_OS_RELEASE; null: none), else inside --root, else this machine's. */
function osReleaseOf(req: PipelineRequest): string | null {
  if (req.osRelease !== undefined) return req.osRelease;
  return req.root ? resolveInRoot(req.root, OS_RELEASE) : OS_RELEASE;
}

/**
 * What lookOutside reads: directory listings and a package's small file, inside --root DIR when given
 * (the caches of the judged system, at the paths its variables and HOME name).
 */
function outsideLook(root: string | null): OutsideLook {
  const at = (p: string) => (root === null || !p.startsWith("/") ? p : resolveInRoot(root, p));
  return {
    list: (p) => {
      const h = at(p);
      return h === null ? null : listDir(h);
    },
    exists: (p) => {
      const h = at(p);
      return h !== null && pathExists(h);
    },
    read: (p) => readHead(p, 256 * 1024),
  };
}

export function runPipeline(req: PipelineRequest): ScanReport {
  const root = req.root ?? null;
  if (root !== null && !isDirectory(root))
    throw new TargetError(`--root ${JSON.stringify(root)} is not a directory: give the directory where the NixOS system to judge is mounted`);
  const { system, nixpkgs, host, target } = settle(req);
  for (const w of target.warnings) req.onWarning?.(targetWarningText(w));
  const config = req.config;
  const projectDir = req.projectDir ?? req.cwd;
  if (config) for (const warning of unknownProvides(config.provides, nixpkgs, req.configWhere ?? "the config")) req.onWarning?.(configWarningText(warning));

  // Scan: walk and read ELF headers (ignored paths are not even listed).
  const ignore = ignoreMatcher({ cli: [...(req.ignore ?? [])], config: config?.ignore ?? [], base: projectDir, cwd: req.cwd });
  const scanned = collect(req.roots, {
    allFiles: req.allFiles === true,
    system,
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    ...(ignore ? { ignore } : {}),
  });

  // The judged system: this machine's environment, or a generic NixOS.
  const env = req.env ?? {};
  // npm packages pointed at nixpkgs builds by this environment's variables: their versions compared.
  const versioned = checkVersions(scanned.report, env, { list: listDir, read: (p) => readHead(p, 256 * 1024) });
  const osRelease = osReleaseOf(req);
  const judged = root !== null ? "host" : (req.judge ?? defaultTarget(env, system, osRelease));
  // Binaries kept outside the tree (browser caches): looked for where the package looks, on this machine only.
  // Binaries the packages look for in the tree: a variable of this machine's environment may name one instead.
  // The directories of the executables found there are then walked and judged like the tree.
  const collected =
    judged === "host"
      ? scanOutside(
          { ...scanned, report: inTreeVariables(lookOutside(versioned, env, system, outsideLook(root)), env) },
          { allFiles: req.allFiles === true, cwd: req.cwd, at: (p) => (root === null ? p : resolveInRoot(root, p)) },
        )
      : { ...scanned, report: versioned };
  const read = judged === "host" ? readEnvironment(env, system, root, osRelease) : null;
  for (const warning of read?.facts.warnings ?? []) req.onWarning?.(environmentWarningText(warning));

  // Analyse: the loader emulation for a NixOS target.
  const resolve = req.resolve !== false;
  const analysed: ScanReport = resolve
    ? analyseReport(
        { ...collected, report: { ...collected.report, target } },
        {
          system,
          nixpkgs,
          addonHost: typeof host === "object" ? host : hostFromArgument(host, system, req.cwd),
          buildHostPass: req.buildHostPass !== false,
          cwd: req.cwd,
          environment: read?.environment ?? null,
          root,
        },
      )
    : { ...collected.report, target };
  const stated: ScanReport = resolve ? { ...analysed, judged, environment: read?.facts ?? null } : analysed;

  // Map: what to add from nixpkgs (nix-locate answers are kept for the second mapping).
  const located = new Map<string, ReturnType<Locate>>();
  const locate: Locate | undefined = req.nixLocate === false ? undefined : (s) => located.get(s) ?? located.set(s, nixLocate(s, env)).get(s)!;
  const mapOptions = { release: nixpkgs, system, prefer: { ...config?.prefer, ...req.prefer }, ...(locate ? { locate } : {}) };
  const mapping = mapReport(stated, mapOptions);

  // Policy: the declared environment, accept rules and the baseline (scripts and ELF errors too).
  const policy = applyAcceptance(stated, config ?? EMPTY_CONFIG, mapping, req.baseline ?? null, projectPaths(req.cwd, projectDir));
  if (!resolve) return policy.report;
  // What to add for what still fails: mapped again only when acceptance took findings away.
  return { ...policy.report, mapping: policy.accepted > 0 ? mapReport(policy.report, mapOptions) : mapping };
}
