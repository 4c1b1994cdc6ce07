// The build machine's loader configuration (for the host pass), read from its files: which default
// directories exist, ld.so.cache, and its glibc version. The rules are src/loader/build-host.ts.
// Read lazily, only when some name is missing on NixOS.
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from "node:fs";
import { parseElf } from "../elf/parse.js";
import { buildHostProfile, defaultDirCandidates } from "../loader/build-host.js";
import { parseLdCache } from "../loader/ldcache.js";
import type { BuildHostProfile, SystemName } from "../loader/types.js";
import { compareVersionNames, glibcVersionName } from "../loader/versions.js";
import { fdSource } from "./file-source.js";

export function readBuildHost(system: SystemName): BuildHostProfile {
  const systemDirs = defaultDirCandidates(system).filter((d) => existsSync(d));
  let cache = new Map<string, string[]>();
  try {
    cache = parseLdCache(readFileSync("/etc/ld.so.cache"));
  } catch {
    /* no cache: default directories only */
  }
  const glibcVersion = hostGlibc(systemDirs.map((d) => `${d}/libc.so.6`).find((p) => existsSync(p)) ?? null);
  return buildHostProfile(system, { systemDirs, cache, glibcVersion });
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
