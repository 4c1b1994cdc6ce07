// The build machine's loader configuration (for the host pass): default directories, ld.so.cache
// and $LIB. Read lazily, only when some name is missing on NixOS.
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from "node:fs";
import { parseElf } from "../elf/parse.js";
import { parseLdCache } from "../loader/ldcache.js";
import { targetProfile } from "../loader/profiles.js";
import type { BuildHostProfile, SystemName } from "../loader/types.js";
import { compareVersionNames, glibcVersionName } from "../loader/versions.js";
import { fdSource } from "./file-source.js";

const TRIPLETS: Record<SystemName, string> = { "x86_64-linux": "x86_64-linux-gnu", "aarch64-linux": "aarch64-linux-gnu", "i686-linux": "i386-linux-gnu" };

export function readBuildHost(system: SystemName): BuildHostProfile {
  const t = TRIPLETS[system];
  const is64 = system !== "i686-linux";
  const candidates = [`/lib/${t}`, `/usr/lib/${t}`, ...(is64 ? ["/lib64", "/usr/lib64"] : ["/lib32", "/usr/lib32"]), "/lib", "/usr/lib"];
  const systemDirs = candidates.filter((d) => existsSync(d));
  let cache = new Map<string, string[]>();
  try {
    cache = parseLdCache(readFileSync("/etc/ld.so.cache"));
  } catch {
    /* no cache: default directories only */
  }
  const platform = targetProfile(system).dstPlatform;
  const glibc = hostGlibc(systemDirs.map((d) => `${d}/libc.so.6`).find((p) => existsSync(p)) ?? null);
  // Before 2.37 glibc also searched the legacy hwcap subdirectories (seen under glibc 2.36).
  const legacy = glibc !== null && compareVersionNames(glibc, "GLIBC_2.37") < 0;
  const legacySubdirs =
    system === "x86_64-linux" ? [`tls/${platform}/x86_64`, `tls/${platform}`, "tls", `${platform}/x86_64`, platform] : [`tls/${platform}`, "tls", platform];
  return {
    systemDirs,
    cache,
    dstLib: systemDirs.includes(`/lib/${t}`) ? `lib/${t}` : is64 ? "lib64" : "lib",
    dstPlatform: platform,
    hwcapsLevels: system === "x86_64-linux" ? ["x86-64-v4", "x86-64-v3", "x86-64-v2"] : [],
    legacySubdirs: legacy ? legacySubdirs : [],
  };
}

/** The newest GLIBC_x.y version libc.so.6 defines: the host's glibc version. */
function hostGlibc(libc: string | null): string | null {
  if (libc === null) return null;
  let fd: number | null = null;
  try {
    fd = openSync(libc, "r");
    const info = parseElf(fdSource(fd, fstatSync(fd).size)).info;
    let best: string | null = null;
    for (const d of info?.versionDefs ?? []) {
      if (glibcVersionName(d.name) && (best === null || compareVersionNames(d.name, best) > 0)) best = d.name;
    }
    return best;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
