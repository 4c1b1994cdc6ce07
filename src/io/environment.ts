// The environment programs run in on this machine, read from the variables nix-ld and a devShell set
// and from a NixOS system's nix-ld directory: what `--target host` judges against. Reading only;
// the loader (src/loader) decides what the directories provide.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { JudgedEnvironment } from "../loader/resolve.js";
import type { SystemName } from "../loader/types.js";
import type { EnvironmentFacts, EnvironmentWarning } from "../model/report.js";

/** Where NixOS's nix-ld module puts its loader and the `libraries` it links (share/nix-ld of the system path). */
const NIXOS_NIX_LD_DIR = "/run/current-system/sw/share/nix-ld/lib";

/** ID=nixos in /etc/os-release. */
export function hostIsNixos(): boolean {
  try {
    return /^ID="?nixos"?$/m.test(readFileSync("/etc/os-release", "utf8").slice(0, 64 * 1024));
  } catch {
    return false;
  }
}

/** nix-ld 2.x reads the per-system form first (NIX_LD_x86_64_linux), then the plain one. */
function variable(env: NodeJS.ProcessEnv, name: string, system: SystemName): { value: string; from: string } | null {
  const specific = `${name}_${system.replace("-", "_")}`;
  const v = env[specific];
  if (v !== undefined && v !== "") return { value: v, from: specific };
  const plain = env[name];
  return plain !== undefined && plain !== "" ? { value: plain, from: name } : null;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A colon-separated list: absolute directories that exist; everything else is a warning. */
function directories(value: string, from: string, warnings: EnvironmentWarning[]): string[] {
  const out: string[] = [];
  for (const el of value.split(":")) {
    if (el === "") continue;
    if (!el.startsWith("/")) warnings.push({ code: "relative-element", variable: from, element: el });
    else if (!isDir(el)) warnings.push({ code: "not-a-directory", variable: from, path: el });
    else if (!out.includes(el)) out.push(el);
  }
  return out;
}

/** Whether to judge this machine's environment: asked for, or NixOS, or nix-ld variables set. */
export function defaultTarget(env: NodeJS.ProcessEnv, system: SystemName): "host" | "generic" {
  return hostIsNixos() || variable(env, "NIX_LD", system) !== null || variable(env, "NIX_LD_LIBRARY_PATH", system) !== null ? "host" : "generic";
}

export function readEnvironment(env: NodeJS.ProcessEnv, system: SystemName): { environment: JudgedEnvironment; facts: EnvironmentFacts } {
  const warnings: EnvironmentWarning[] = [];
  const nixos = hostIsNixos();
  const ld = variable(env, "NIX_LD", system);
  const systemLoader = nixos && existsSync(`${NIXOS_NIX_LD_DIR}/ld.so`) ? `${NIXOS_NIX_LD_DIR}/ld.so` : null;
  if (ld !== null && !existsSync(ld.value)) warnings.push({ code: "loader-missing", variable: ld.from, path: ld.value });
  const nixLd = (ld !== null && existsSync(ld.value)) || systemLoader !== null;
  const libs = variable(env, "NIX_LD_LIBRARY_PATH", system);
  const nixLdLibraryPath = libs !== null ? directories(libs.value, libs.from, warnings) : nixos && isDir(NIXOS_NIX_LD_DIR) ? [NIXOS_NIX_LD_DIR] : [];
  const ldPath = env.LD_LIBRARY_PATH;
  const ldLibraryPath = ldPath !== undefined && ldPath !== "" ? directories(ldPath, "LD_LIBRARY_PATH", warnings) : [];
  return {
    environment: { nixLd, nixLdLibraryPath, ldLibraryPath },
    facts: {
      nixos,
      nixLd: nixLd ? (ld !== null ? { from: ld.from, loader: ld.value } : { from: "nixos-system", loader: systemLoader! }) : null,
      nixLdLibraryPath: { from: libs !== null ? libs.from : nixLdLibraryPath.length > 0 ? "nixos-system" : null, dirs: nixLdLibraryPath },
      ldLibraryPath: { from: ldLibraryPath.length > 0 ? "LD_LIBRARY_PATH" : null, dirs: ldLibraryPath },
      warnings,
    },
  };
}
