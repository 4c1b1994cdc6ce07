// The build machine's loader configuration (for the host pass): default directories, ld.so.cache
// and $LIB. Read lazily, only when some name is missing on NixOS.
import { existsSync, readFileSync } from "node:fs";
import { parseLdCache } from "../loader/ldcache.js";
import type { BuildHostProfile, SystemName } from "../loader/types.js";

const TRIPLETS: Record<SystemName, string> = { "x86_64-linux": "x86_64-linux-gnu", "aarch64-linux": "aarch64-linux-gnu", "i686-linux": "i386-linux-gnu" };

export function readBuildHost(system: SystemName, root = ""): BuildHostProfile {
  const t = TRIPLETS[system];
  const is64 = system !== "i686-linux";
  const candidates = [`/lib/${t}`, `/usr/lib/${t}`, ...(is64 ? ["/lib64", "/usr/lib64"] : ["/lib32", "/usr/lib32"]), "/lib", "/usr/lib"];
  const systemDirs = candidates.filter((d) => existsSync(root + d));
  let cache = new Map<string, string[]>();
  try {
    cache = parseLdCache(readFileSync(`${root}/etc/ld.so.cache`));
  } catch {
    /* no cache: default directories only */
  }
  return {
    systemDirs,
    cache,
    dstLib: existsSync(`${root}/lib/${t}`) ? `lib/${t}` : is64 ? "lib64" : "lib",
    dstPlatform: system === "x86_64-linux" ? "x86_64" : system === "aarch64-linux" ? "aarch64" : "i686",
    hwcapsLevels: system === "x86_64-linux" ? ["x86-64-v4", "x86-64-v3", "x86-64-v2"] : [],
  };
}
