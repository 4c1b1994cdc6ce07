// Analyse one root: its role, its interpreter, whether it is built for the target at all, then its
// load graph (load-state.ts) in the search its environment gives (search-envs.ts), and the verdict.
import type { ElfInfo } from "../elf/types.js";
import type { AnalysisProblem } from "../model/diagnostics.js";
import { isAddonPath, isBareAddonPath } from "../model/paths.js";
import type { ResolveContext } from "./context.js";
import { LoadState } from "./load-state.js";
import { BARE_HOST } from "./profiles.js";
import { abiSupported } from "./search.js";
import { envFor, envsOf } from "./search-envs.js";
import type { Analysis, Role } from "./types.js";
import { decide } from "./verdict.js";
import { checkVersions } from "./versions.js";

export type { JudgedEnvironment, ResolveContext } from "./context.js";
export { buildHostSearchEnv } from "./search-envs.js";

export function roleOf(info: ElfInfo, path: string): Role | null {
  switch (info.kind) {
    case "dynamic-executable":
      return "executable";
    case "static-executable":
    case "static-pie":
      return "static";
    case "shared-object":
      return isAddonPath(path) ? "addon" : "library";
    default:
      return null;
  }
}

/** An analysis with nothing found yet: verdict ok, no edges. */
export function emptyAnalysis(role: Role): Analysis {
  return {
    role,
    verdict: "ok",
    problems: [],
    interpreter: null,
    host: null,
    edges: [],
    missing: [],
    versionProblems: [],
    externalVersionNeeds: [],
    loadedBy: [],
  };
}

/**
 * Analyse one object as a root: an executable run directly, or a shared object dlopen()ed.
 * `id` ("dev:ino"), when the caller knows it, saves a stat.
 */
export function analyse(absPath: string, info: ElfInfo, ctx: ResolveContext, id: string | null = null): Analysis | null {
  const role = roleOf(info, absPath);
  if (role === null) return null;
  const t = ctx.target;
  const base = emptyAnalysis(role);
  if (info.interpreter !== null) {
    const status = interpreterStatus(info.interpreter);
    base.interpreter = { path: info.interpreter, status: status === "fhs-missing" && ctx.environment?.nixLd ? "fhs-nix-ld" : status };
  }
  const otherOs = info.os !== null && info.os !== "linux";
  if (otherOs || info.machineCode !== t.machineCode || info.class !== t.class || !abiSupported(info)) {
    const foreign: AnalysisProblem = {
      code: "foreign-build",
      os: otherOs ? info.os : null,
      machine: info.machine,
      elfClass: info.class,
      endian: info.endian,
      osAbi: info.osAbi,
      target: t.system,
    };
    return { ...base, verdict: "foreign", problems: [foreign] };
  }
  if (role === "static") return base;
  if (info.libc === "musl") {
    return {
      ...base,
      verdict: "foreign-libc",
      problems: [{ code: "musl-linked" }],
    };
  }

  const host = role === "executable" ? null : role === "addon" ? (isBareAddonPath(absPath) ? BARE_HOST : ctx.addonHost) : ctx.libraryHost;
  const envs = envsOf(ctx);
  if (host) {
    let line = envs.hostLines.get(host);
    if (line === undefined) {
      line = { name: host.name, assumption: host.assumption };
      envs.hostLines.set(host, line);
    }
    base.host = line;
  }
  const state = new LoadState(ctx, envs, envFor(ctx, envs, role, base.interpreter?.status ?? null));
  const root = state.initRoot(absPath, info, role, host, id);
  state.run(root);
  for (const note of info.dlopen) {
    for (const soname of note.sonames) state.request(root, soname, `dlopen-${note.priority}`);
  }

  const versions = checkVersions(state.treeObjects, (n) => state.find(n), t, ctx.display);
  // Filled in place: no second object per root.
  base.edges = state.edges;
  base.versionProblems = versions.problems;
  base.externalVersionNeeds = versions.external;
  decide(base, t);
  return base;
}

function interpreterStatus(path: string): "nix-store" | "fhs-missing" | "musl" | "nonstandard" {
  if (path.startsWith("/nix/store/")) return "nix-store";
  if (path.includes("ld-musl-")) return "musl";
  if (/^\/(usr\/)?lib(32|64)?\/([a-z0-9_]+-linux-gnu[a-z0-9_]*\/)?ld-linux[-a-z0-9_.]*\.so\.\d+$/.test(path) || /^\/lib(64)?\/ld64\.so\.\d$/.test(path))
    return "fhs-missing";
  return "nonstandard";
}
