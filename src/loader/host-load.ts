// What an executable has loaded when it dlopen()s something: its breadth-first load on this build
// machine (names requested and SONAMEs found), for --host PATH. The same search rules as the main
// emulation (search.ts), through the LoaderFs port.
import type { ElfInfo } from "../elf/types.js";
import { dirname } from "../model/paths.js";
import { buildHostSearchEnv } from "./resolve.js";
import { effectiveRpath, hasNodeflib, type SearchObject, searchLibrary } from "./search.js";
import type { BuildHostProfile, LoaderFs } from "./types.js";

/** A bound on the walk, so a hostile host tree cannot make it run away. */
const MAX_OBJECTS = 2000;

export interface HostLoadSet {
  /** Every name requested and every SONAME loaded. */
  names: Set<string>;
  /** The executable's effective DT_RPATH (its RUNPATH does not apply to dlopen). */
  rpath: string | null;
}

export function hostLoadSet(abs: string, info: ElfInfo, fs: LoaderFs, buildHost: BuildHostProfile): HostLoadSet {
  const env = buildHostSearchEnv(fs, info.machineCode, info.class, buildHost);
  const main: SearchObject & { needed: string[] } = {
    path: abs,
    origin: dirname(fs.realpath(abs) ?? abs),
    rpath: effectiveRpath(info),
    runpath: info.runpath,
    nodeflib: hasNodeflib(info),
    loader: null,
    needed: info.needed,
  };
  const loaded = new Set<string>();
  const queue = [main];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_OBJECTS) {
    const obj = queue.shift()!;
    for (const n of obj.needed) {
      if (loaded.has(n)) continue;
      loaded.add(n);
      const r = n.includes("/") ? null : searchLibrary(n, obj, main, env);
      if (r?.kind !== "file" || seen.has(r.id)) continue;
      seen.add(r.id);
      if (r.info.soname) loaded.add(r.info.soname);
      queue.push({
        path: r.path,
        origin: dirname(r.path),
        rpath: effectiveRpath(r.info),
        runpath: r.info.runpath,
        nodeflib: hasNodeflib(r.info),
        loader: obj,
        needed: r.info.needed,
      });
    }
  }
  return { names: loaded, rpath: main.rpath };
}
