// The environment programs run in on this machine, read from the variables nix-ld and a devShell set
// and from a NixOS system's nix-ld directory: what `--target host` judges against. Reading only;
// the loader (src/loader) decides what the directories provide.
import { existsSync } from "node:fs";
import { isNixosOsRelease } from "../config/target-source.js";
import type { JudgedEnvironment } from "../loader/resolve.js";
import type { SystemName } from "../loader/types.js";
import type { EnvironmentFacts, EnvironmentWarning } from "../model/report.js";
import { isDirectory, resolveInRoot } from "./rooted.js";
import { readSmallText } from "./target-facts.js";

/** Where NixOS's nix-ld module puts its loader and the `libraries` it links (share/nix-ld of the system path). */
const NIXOS_NIX_LD_DIR = "/run/current-system/sw/share/nix-ld/lib";

/** Where a path of the judged system is here: itself, or inside --root DIR. */
function locate(root: string | null, path: string): string | null {
  if (root === null) return existsSync(path) ? path : null;
  return resolveInRoot(root, path);
}

/**
 * ID=nixos in the judged system's os-release (the file as the pipeline settled it; null: none), read
 * and parsed as the release is: capped, and a FIFO or device under that name is turned away at once.
 */
export function hostIsNixos(file: string | null): boolean {
  if (file === null) return false;
  const t = readSmallText(file);
  return "text" in t && isNixosOsRelease(t.text);
}

/** nix-ld 2.x reads the per-system form first (NIX_LD_x86_64_linux), then the plain one. */
function variable(env: NodeJS.ProcessEnv, name: string, system: SystemName): { value: string; from: string } | null {
  const specific = `${name}_${system.replace("-", "_")}`;
  const v = env[specific];
  if (v !== undefined && v !== "") return { value: v, from: specific };
  const plain = env[name];
  return plain !== undefined && plain !== "" ? { value: plain, from: name } : null;
}

function isDir(root: string | null, path: string): boolean {
  const here = locate(root, path);
  return here !== null && isDirectory(here);
}

/** A colon-separated list: absolute directories that exist; everything else is a warning. */
function directories(root: string | null, value: string, from: string, warnings: EnvironmentWarning[]): string[] {
  const out: string[] = [];
  for (const el of value.split(":")) {
    if (el === "") continue;
    if (!el.startsWith("/")) warnings.push({ code: "relative-element", variable: from, element: el });
    else if (!isDir(root, el)) warnings.push({ code: "not-a-directory", variable: from, path: el });
    else if (!out.includes(el)) out.push(el);
  }
  return out;
}

/** Whether to judge this machine's environment: asked for, or NixOS, or nix-ld variables set. */
export function defaultTarget(env: NodeJS.ProcessEnv, system: SystemName, osRelease: string | null): "host" | "generic" {
  return hostIsNixos(osRelease) || variable(env, "NIX_LD", system) !== null || variable(env, "NIX_LD_LIBRARY_PATH", system) !== null ? "host" : "generic";
}

/**
 * The judged system's environment. With --root DIR its files are read inside DIR (os-release, nix-ld's
 * directory, the directories the variables name), and the variables are this process's.
 */
export function readEnvironment(
  env: NodeJS.ProcessEnv,
  system: SystemName,
  root: string | null,
  osRelease: string | null,
): { environment: JudgedEnvironment; facts: EnvironmentFacts } {
  const warnings: EnvironmentWarning[] = [];
  const nixos = hostIsNixos(osRelease);
  const ld = variable(env, "NIX_LD", system);
  const systemLoader = nixos && locate(root, `${NIXOS_NIX_LD_DIR}/ld.so`) !== null ? `${NIXOS_NIX_LD_DIR}/ld.so` : null;
  const ldFound = ld !== null && locate(root, ld.value) !== null;
  if (ld !== null && !ldFound) warnings.push({ code: "loader-missing", variable: ld.from, path: ld.value });
  const nixLd = ldFound || systemLoader !== null;
  const libs = variable(env, "NIX_LD_LIBRARY_PATH", system);
  const nixLdLibraryPath =
    libs !== null ? directories(root, libs.value, libs.from, warnings) : nixos && isDir(root, NIXOS_NIX_LD_DIR) ? [NIXOS_NIX_LD_DIR] : [];
  const ldPath = env.LD_LIBRARY_PATH;
  const ldLibraryPath = ldPath !== undefined && ldPath !== "" ? directories(root, ldPath, "LD_LIBRARY_PATH", warnings) : [];
  return {
    environment: { nixLd, nixLdLibraryPath, ldLibraryPath },
    facts: {
      root,
      nixos,
      nixLd: nixLd ? (ldFound ? { from: ld!.from, loader: ld!.value } : { from: "nixos-system", loader: systemLoader! }) : null,
      nixLdLibraryPath: { from: libs !== null ? libs.from : nixLdLibraryPath.length > 0 ? "nixos-system" : null, dirs: nixLdLibraryPath },
      ldLibraryPath: { from: ldLibraryPath.length > 0 ? "LD_LIBRARY_PATH" : null, dirs: ldLibraryPath },
      warnings,
    },
  };
}
