// The build machine's loader configuration (for the host pass): default directories, ld.so.cache
// and $LIB. Read lazily, only when some name is missing on NixOS.
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from "node:fs";
import { parseElf } from "../elf/parse.js";
import { fdSource } from "./file-source.js";
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
  const platform = system === "x86_64-linux" ? "x86_64" : system === "aarch64-linux" ? "aarch64" : "i686";
  const glibc = hostGlibc(systemDirs.map((d) => `${root}${d}/libc.so.6`).find((p) => existsSync(p)) ?? null);
  // Before 2.37 glibc also searched the legacy hwcap subdirectories (seen under glibc 2.36).
  const legacy = glibc !== null && (glibc[0] < 2 || (glibc[0] === 2 && glibc[1] < 37));
  return {
    systemDirs,
    cache,
    dstLib: existsSync(`${root}/lib/${t}`) ? `lib/${t}` : is64 ? "lib64" : "lib",
    dstPlatform: platform,
    hwcapsLevels: system === "x86_64-linux" ? ["x86-64-v4", "x86-64-v3", "x86-64-v2"] : [],
    legacySubdirs: legacy ? [`tls/${platform}/x86_64`, `tls/${platform}`, "tls", `${platform}/x86_64`, platform].map((s) => (system === "x86_64-linux" ? s : s.replace("/x86_64", ""))) : [],
    loaderSoname: system === "x86_64-linux" ? "ld-linux-x86-64.so.2" : system === "aarch64-linux" ? "ld-linux-aarch64.so.1" : "ld-linux.so.2",
  };
}

/** The newest GLIBC_2.x version libc.so.6 defines: the host's glibc version. */
function hostGlibc(libc: string | null): [number, number] | null {
  if (libc === null) return null;
  let fd: number | null = null;
  try {
    fd = openSync(libc, "r");
    const info = parseElf(fdSource(fd, fstatSync(fd).size)).info;
    let best: [number, number] | null = null;
    for (const d of info?.versionDefs ?? []) {
      const m = /^GLIBC_(\d+)\.(\d+)$/.exec(d.name);
      if (!m) continue;
      const v: [number, number] = [Number(m[1]), Number(m[2])];
      if (best === null || v[0] > best[0] || (v[0] === best[0] && v[1] > best[1])) best = v;
    }
    return best;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
