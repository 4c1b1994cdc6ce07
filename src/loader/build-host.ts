// The build machine's loader configuration as glibc would use it (for the host pass): which default
// directories a Debian-style multiarch glibc searches, what $LIB expands to, and which hwcaps and
// legacy subdirectories it tries. Pure rules; src/io/build-host.ts reads the machine's files.
import { targetProfile } from "./profiles.js";
import type { BuildHostProfile, SystemName } from "./types.js";
import { compareVersionNames } from "./versions.js";

const TRIPLETS: Record<SystemName, string> = { "x86_64-linux": "x86_64-linux-gnu", "aarch64-linux": "aarch64-linux-gnu", "i686-linux": "i386-linux-gnu" };

/** The default directories glibc may search on such a machine, in its order (which exist is the machine's business). */
export function defaultDirCandidates(system: SystemName): string[] {
  const t = TRIPLETS[system];
  const is64 = system !== "i686-linux";
  return [`/lib/${t}`, `/usr/lib/${t}`, ...(is64 ? ["/lib64", "/usr/lib64"] : ["/lib32", "/usr/lib32"]), "/lib", "/usr/lib"];
}

export interface BuildHostFacts {
  /** The candidate directories that exist, in order. */
  systemDirs: string[];
  /** ld.so.cache: soname -> paths. */
  cache: ReadonlyMap<string, readonly string[]>;
  /** The newest GLIBC_x.y its libc.so.6 defines, or null when unknown. */
  glibcVersion: string | null;
}

export function buildHostProfile(system: SystemName, facts: BuildHostFacts): BuildHostProfile {
  const t = TRIPLETS[system];
  const is64 = system !== "i686-linux";
  const platform = targetProfile(system).dstPlatform;
  // Before 2.37 glibc also searched the legacy hwcap subdirectories (seen under glibc 2.36).
  const legacy = facts.glibcVersion !== null && compareVersionNames(facts.glibcVersion, "GLIBC_2.37") < 0;
  const legacySubdirs =
    system === "x86_64-linux" ? [`tls/${platform}/x86_64`, `tls/${platform}`, "tls", `${platform}/x86_64`, platform] : [`tls/${platform}`, "tls", platform];
  return {
    systemDirs: facts.systemDirs,
    cache: facts.cache,
    dstLib: facts.systemDirs.includes(`/lib/${t}`) ? `lib/${t}` : is64 ? "lib64" : "lib",
    dstPlatform: platform,
    hwcapsLevels: system === "x86_64-linux" ? ["x86-64-v4", "x86-64-v3", "x86-64-v2"] : [],
    legacySubdirs: legacy ? legacySubdirs : [],
  };
}
