// Target and host profiles as data: what NixOS's glibc provides, where FHS loaders would be, and
// what a Nix-built node has loaded before it dlopen()s an addon. Sources are named per entry.
import { RELEASE_FACTS, type ReleaseFacts } from "./release-facts.js";
import type { HostProfile, SystemName, TargetProfile } from "./types.js";

/** nixpkgs releases the tool knows (release-facts.ts), oldest first, "unstable" last. */
export const NIXPKGS_RELEASES: readonly string[] = RELEASE_FACTS.map((r) => r.name);
/** A release name the data knows (checked with knownRelease()). */
export type NixpkgsRelease = string;

/** The facts of a known release. */
export function releaseFacts(name: NixpkgsRelease): ReleaseFacts {
  const found = RELEASE_FACTS.find((r) => r.name === name);
  if (found === undefined) throw new Error(`unknown nixpkgs release ${JSON.stringify(name)}; known: ${NIXPKGS_RELEASES.join(", ")}`);
  return found;
}

/** The newest stable release whose existence the data confirms: the built-in default. */
export const DEFAULT_RELEASE: NixpkgsRelease = [...RELEASE_FACTS].reverse().find((r) => r.released.value !== null && r.exists.confirmed)!.name;

/** A release name as carried by a report (a string there), checked against the known ones. */
export function knownRelease(name: string): NixpkgsRelease {
  return releaseFacts(name).name;
}

/** A name shaped like a nixpkgs release: YY.05, YY.11 or unstable. */
export const RELEASE_NAME = /^(?:\d\d\.(?:05|11)|unstable)$/;

/**
 * A release-shaped name the data may not know: itself when known, else the nearest known stable
 * release by date (a newer name gets the newest, an older one the oldest); null when not release-shaped.
 */
export function nearestRelease(name: string): { release: NixpkgsRelease; known: boolean } | null {
  if (!RELEASE_NAME.test(name)) return null;
  if (NIXPKGS_RELEASES.includes(name)) return { release: name, known: true };
  const months = (n: string) => Number(n.slice(0, 2)) * 12 + Number(n.slice(3));
  const stable = RELEASE_FACTS.filter((r) => r.released.value !== null).map((r) => r.name);
  let best = stable[0]!;
  for (const r of stable) if (Math.abs(months(r) - months(name)) <= Math.abs(months(best) - months(name))) best = r;
  return { release: best, known: false };
}

/** glibc per release (release-facts.ts, read in pkgs/development/libraries/glibc/common.nix). */
export function glibcFor(release: NixpkgsRelease): string {
  return releaseFacts(release).glibc.value;
}

/** File names in nixpkgs glibc's lib/ shared by every architecture (glibc 2.40-2.42). */
const GLIBC_COMMON = [
  "libc.so.6",
  "libm.so.6",
  "libpthread.so.0",
  "libdl.so.2",
  "librt.so.1",
  "libutil.so.1",
  "libresolv.so.2",
  "libanl.so.1",
  "libBrokenLocale.so.1",
  "libc_malloc_debug.so.0",
  "libthread_db.so.1",
  "libnsl.so.1",
  "libnss_files.so.2",
  "libnss_dns.so.2",
  "libnss_compat.so.2",
  "libnss_db.so.2",
  "libnss_hesiod.so.2",
  "libmemusage.so",
  "libpcprofile.so",
];

function target(system: SystemName, release: NixpkgsRelease): TargetProfile {
  const glibcVersion = glibcFor(release);
  const describes = `nixpkgs ${release} (glibc ${glibcVersion})`;
  switch (system) {
    case "x86_64-linux":
      return {
        system,
        machineCode: 62,
        class: 64,
        loaderSoname: "ld-linux-x86-64.so.2",
        fhsInterpreters: [
          "/lib64/ld-linux-x86-64.so.2",
          "/lib/ld-linux-x86-64.so.2",
          "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
          "/usr/lib64/ld-linux-x86-64.so.2",
        ],
        glibcVersion,
        describes,
        glibcProvided: ["ld-linux-x86-64.so.2", ...GLIBC_COMMON, "libmvec.so.1"],
        glibcHacks: ["libgcc_s.so.1"],
        dstLib: "lib",
        dstPlatform: "x86_64",
        // Every level glibc knows, best first: the analysis assumes a CPU that has them all, and a
        // library found only under one of them is flagged cpu-dependent (checked again as on a
        // baseline CPU), so the answer for an older CPU is said too.
        hwcapsLevels: ["x86-64-v4", "x86-64-v3", "x86-64-v2"],
      };
    case "aarch64-linux":
      return {
        system,
        machineCode: 183,
        class: 64,
        loaderSoname: "ld-linux-aarch64.so.1",
        fhsInterpreters: ["/lib/ld-linux-aarch64.so.1", "/lib64/ld-linux-aarch64.so.1", "/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1"],
        glibcVersion,
        describes,
        glibcProvided: ["ld-linux-aarch64.so.1", ...GLIBC_COMMON, "libmvec.so.1"],
        glibcHacks: ["libgcc_s.so.1"],
        dstLib: "lib",
        dstPlatform: "aarch64",
        hwcapsLevels: [],
      };
    case "i686-linux":
      return {
        system,
        machineCode: 3,
        class: 32,
        loaderSoname: "ld-linux.so.2",
        fhsInterpreters: ["/lib/ld-linux.so.2", "/lib/i386-linux-gnu/ld-linux.so.2", "/lib32/ld-linux.so.2"],
        glibcVersion,
        describes,
        glibcProvided: ["ld-linux.so.2", ...GLIBC_COMMON],
        glibcHacks: ["libgcc_s.so.1"],
        dstLib: "lib",
        dstPlatform: "i686",
        hwcapsLevels: [],
      };
  }
}

export const SYSTEMS: readonly SystemName[] = ["x86_64-linux", "aarch64-linux", "i686-linux"];

/** The NixOS target profile for a system and nixpkgs release. */
export function targetProfile(system: SystemName, release: NixpkgsRelease = DEFAULT_RELEASE): TargetProfile {
  return target(system, release);
}

/** The system for a Node architecture name (x64, arm64, ia32), or null. */
export function systemForArch(arch: string): SystemName | null {
  return arch === "x64" ? "x86_64-linux" : arch === "arm64" ? "aarch64-linux" : arch === "ia32" ? "i686-linux" : null;
}

/**
 * nixpkgs' nodejs (pkgs/development/web/nodejs/nodejs.nix): built with --shared-openssl,
 * --shared-zlib, --shared-libuv, --shared-sqlite (22.5 and later) and system ICU, linked with
 * gcc's libstdc++. ICU is left out: its soname carries a version that changes between releases.
 */
export const NODE_HOST: HostProfile = {
  name: "node",
  assumption: {
    code: "nixpkgs-nodejs",
    loaded: ["libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libuv.so.1", "libssl.so.3", "libcrypto.so.3", "libsqlite3.so.0"],
  },
  loaded: ["libstdc++.so.6", "libgcc_s.so.1", "libm.so.6", "libc.so.6", "libz.so.1", "libuv.so.1", "libssl.so.3", "libcrypto.so.3", "libsqlite3.so.0"],
  rpath: null,
  // Module resolution realpath()s the file (unless --preserve-symlinks) before process.dlopen().
  opensRealPath: true,
};

/**
 * The Bare runtime (holepunchto/bare), the only process that loads `.bare` addons: node never does, even
 * when tar-fs and others pull the bare-* packages into a Node project as optional dependencies. Its
 * prebuilt `bin/bare` (npm bare-runtime-linux-x64 1.20.3, 1.31.0 and 1.33.4, read with readelf -d) needs
 * libm, libstdc++, libgcc_s, libc and the loader, so an addon finds those already loaded. The path handed
 * to dlopen() is taken as given: Bare's prebuilds are regular files, so whether it resolves links first
 * was not established.
 */
export const BARE_HOST: HostProfile = {
  name: "bare",
  assumption: { code: "bare-runtime", loaded: ["libstdc++.so.6", "libgcc_s.so.1"] },
  loaded: ["libstdc++.so.6", "libgcc_s.so.1", "libm.so.6", "libc.so.6"],
  rpath: null,
  opensRealPath: false,
};

export const NO_HOST: HostProfile = {
  name: "none",
  assumption: { code: "bare-process" },
  loaded: [],
  rpath: null,
  opensRealPath: false,
};
